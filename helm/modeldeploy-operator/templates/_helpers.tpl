{{- define "mdo.name" -}}modeldeploy-operator{{- end -}}
{{- define "mdo.fullname" -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}-modeldeploy-operator{{- end -}}
{{- define "mdo.labels" -}}
app.kubernetes.io/name: {{ include "mdo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
{{- define "mdo.selector" -}}
app.kubernetes.io/name: {{ include "mdo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{/* The rules the reconciler uses; the same list quarkus-operator-sdk generates (a test compares them). */}}
{{- define "mdo.rules" -}}
- apiGroups: [modeldeploy.io]
  resources: [modeldeployments, modeldeployments/status, modeldeployments/finalizers]
  verbs: [get, list, watch, patch, update, create, delete]
- apiGroups: [modeldeploy.io]
  resources: [billingaccounts, billingaccounts/status, billingaccounts/finalizers]
  verbs: [get, list, watch, patch, update, create, delete]
- apiGroups: [modeldeploy.io]
  resources: [modelgrants]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [services]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [modeldeploy.io]
  resources: [modeldeployments/scale]
  verbs: [get, patch, update]
- apiGroups: [autoscaling]
  resources: [horizontalpodautoscalers]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
- apiGroups: [""]
  resources: [secrets]
  resourceNames: [{{ .Values.modelstudio.apiKeySecret.name | quote }}]
  verbs: [get]
{{- end -}}
{{- define "mdo.leaseRules" -}}
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, create, update, patch]
{{- end -}}

{{/* What modeldeploy-view grants: reading deployments and accounts. */}}
{{- define "mdo.userViewRules" -}}
- apiGroups: [modeldeploy.io]
  resources: [modeldeployments, modeldeployments/status, modeldeployments/scale, billingaccounts, billingaccounts/status, modelgrants]
  verbs: [get, list, watch]
{{- end }}

{{/* What modeldeploy-edit and -admin grant: the view, and deploying, scaling, changing and deleting models. */}}
{{- define "mdo.userEditRules" -}}
{{ include "mdo.userViewRules" . }}
- apiGroups: [modeldeploy.io]
  resources: [modeldeployments]
  verbs: [create, update, patch, delete, deletecollection]
- apiGroups: [modeldeploy.io]
  resources: [modeldeployments/scale]
  verbs: [update, patch]
{{- end }}

{{/* The inference gateway: its own name, so its pods never match the operator's selectors. */}}
{{- define "mdo.gatewayName" -}}{{ include "mdo.fullname" . }}-gateway{{- end -}}
{{- define "mdo.gatewaySelector" -}}
app.kubernetes.io/name: modeldeploy-gateway
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "mdo.gatewayLabels" -}}
{{ include "mdo.gatewaySelector" . }}
app.kubernetes.io/component: gateway
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
{{/* What the gateway reads and writes: deployments and their status.usage, its key Secrets by name, the vendor key. */}}
{{- define "mdo.gatewayRules" -}}
- apiGroups: [modeldeploy.io]
  resources: [modeldeployments]
  verbs: [get, list, watch]
- apiGroups: [modeldeploy.io]
  resources: [modeldeployments/status]
  verbs: [patch]
- apiGroups: [""]
  resources: [secrets]
  resourceNames: [{{ .Values.gateway.keySecret | quote }}, {{ .Values.modelstudio.apiKeySecret.name | quote }}]
  verbs: [get, list, watch]
{{- end -}}
