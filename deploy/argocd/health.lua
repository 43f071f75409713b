-- Argo CD health check for modeldeploy.io/ModelDeployment.
-- Lua 5.1 as Argo CD runs it: the global obj is the resource; no string library is used.
local hs = {}

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function explain(c, fallback)
  if c == nil then
    return fallback
  end
  local reason = c.reason or ""
  local message = c.message or ""
  if message == "" then
    return reason
  end
  return reason .. ": " .. message
end

local function set(status, message)
  hs.status = status
  hs.message = message
  return hs
end

if obj.status == nil then
  return set("Progressing", "Waiting for the operator to report status")
end

local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration
if observed == nil or (generation ~= nil and observed < generation) then
  return set("Progressing", "Waiting for the operator to act on generation " .. tostring(generation))
end

local phase = obj.status.phase
local ready = condition("Ready")
local stalled = condition("Stalled")
local reconciling = condition("Reconciling")

if phase == "DeploymentFailed" or phase == "ResizeFailed" or (stalled ~= nil and stalled.status == "True") then
  return set("Degraded", explain(stalled, explain(ready, tostring(phase))))
end

-- A rollout aborted (by its analysis, a failed new revision or a person): the stable revision serves,
-- but what Git asks for does not run until the spec changes again.
local aborted = condition("RolloutAborted")
if aborted ~= nil and aborted.status == "True" then
  return set("Degraded", explain(aborted, "RolloutAborted"))
end

if phase == "Stopped" or phase == "ServiceSuspended" or phase == "Suspended" then
  return set("Suspended", explain(ready, tostring(phase)))
end

-- A new revision rolling out beside the serving one (moving through its steps or waiting for a promotion).
if reconciling ~= nil and reconciling.status == "True"
    and (reconciling.reason == "RolloutProgressing" or reconciling.reason == "RolloutPaused") then
  return set("Progressing", explain(reconciling, "rollout"))
end

if phase == "Running" and ready ~= nil and ready.status == "True" then
  return set("Healthy", explain(ready, "Running"))
end

if phase == "Pending" or phase == "Deploying" or phase == "Resizing" or phase == "Restoring"
    or phase == "TakingOffline" or phase == "Deleting" then
  return set("Progressing", explain(ready, explain(reconciling, tostring(phase))))
end

return set("Progressing", "Phase " .. tostring(phase) .. ": " .. explain(ready, "no Ready condition yet"))
