-- Runs health.lua against every sample in health_test.yaml, the way Argo CD's own tests do,
-- in an environment without the string library (scripts in argocd-cm do not get it).
local yaml = require "lyaml"

local function read(path)
  local f = assert(io.open(path, "r"))
  local text = f:read("*a")
  f:close()
  return text
end

local tests = yaml.load(read("health_test.yaml")).tests
local passed, failed = 0, 0
for _, t in ipairs(tests) do
  local chunk = assert(loadfile("health.lua"))
  local env = { obj = yaml.load(read(t.inputPath)), ipairs = ipairs, pairs = pairs, tostring = tostring,
    tonumber = tonumber, type = type, next = next, table = table, math = math }
  setfenv(chunk, env)
  local ok, result = pcall(chunk)
  local want = t.healthStatus
  if ok and result.status == want.status and result.message == want.message then
    passed = passed + 1
  else
    failed = failed + 1
    print("FAIL " .. t.inputPath)
    print("  want: " .. tostring(want.status) .. " / " .. tostring(want.message))
    if ok then
      print("  got:  " .. tostring(result.status) .. " / " .. tostring(result.message))
    else
      print("  error: " .. tostring(result))
    end
  end
end
print("argocd-health: " .. passed .. " passed, " .. failed .. " failed")
os.exit(failed == 0 and 0 or 1)
