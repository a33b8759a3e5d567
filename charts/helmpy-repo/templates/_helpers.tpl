{{- define "helmpy-repo.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "helmpy-repo.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "helmpy-repo.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "helmpy-repo.secretName" -}}
{{- default (include "helmpy-repo.fullname" .) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "helmpy-repo.url" -}}
{{- if .Values.url -}}
{{- .Values.url -}}
{{- else -}}
{{- printf "http://%s.%s:%v/" (include "helmpy-repo.fullname" .) .Release.Namespace .Values.service.port -}}
{{- end -}}
{{- end -}}
