{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "oms-datasource-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: the release name, plus the chart name unless the release name already contains it.
*/}}
{{- define "oms-datasource-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "oms-datasource-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object.
*/}}
{{- define "oms-datasource-operator.labels" -}}
helm.sh/chart: {{ include "oms-datasource-operator.chart" . }}
{{ include "oms-datasource-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: oms-datasource-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels: stable across upgrades (a Deployment's selector is immutable).
*/}}
{{- define "oms-datasource-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "oms-datasource-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "oms-datasource-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "oms-datasource-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference: a digest wins over a tag; the tag defaults to the chart's appVersion.
*/}}
{{- define "oms-datasource-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Leader election is on when asked for, and always with more than one replica: two pods must
never reconcile at once.
*/}}
{{- define "oms-datasource-operator.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicas) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{- define "oms-datasource-operator.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace }}
{{- end }}

{{/*
Name of the Secret holding the OMS credentials.
*/}}
{{- define "oms-datasource-operator.omsSecretName" -}}
{{- if .Values.oms.credentials.create }}
{{- printf "%s-oms-credentials" (include "oms-datasource-operator.fullname" .) }}
{{- else }}
{{- required "oms.credentials.existingSecret is required (or set oms.credentials.create=true)" .Values.oms.credentials.existingSecret }}
{{- end }}
{{- end }}
