package monitoring

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/components/storage"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
)

// Release is the kube-prometheus-stack release name; it is also the
// chart's fullname, so its services have fixed names.
const Release = "kube-prometheus-stack"

// PrometheusURL is Prometheus inside the cluster (port 9090).
const PrometheusURL = "http://" + Release + "-prometheus." + Namespace + ".svc"

// DefaultStorageClass is the class of the Prometheus volume when the
// cluster has a block provisioner: the storage component's "standard"
// class (mlkube-standard).
var DefaultStorageClass = storage.ClassName(config.ClassStandard)

// Grafana admin Secret: from addons.monitoring.grafanaAdminPassword, or a
// generated password when that is empty.
const (
	GrafanaAdminSecret = "grafana-admin"
	GrafanaUserKey     = "admin-user"
	GrafanaPasswordKey = "admin-password"
	GrafanaAdminUser   = "admin"
)

// DashboardLabel is the label Grafana's sidecar loads dashboards from.
const (
	DashboardLabel      = "grafana_dashboard"
	DashboardLabelValue = "1"
)

// managedControlPlane: the cloud runs the control plane, so its
// controller manager, scheduler and etcd cannot be scraped; scraping them
// would only fire TargetDown alerts.
func managedControlPlane(cl *cluster.Cluster) bool {
	return cl.Capabilities.ManagedControlPlane
}

// RetentionSize keeps Prometheus below 85% of its volume, so a burst of
// series deletes old data instead of filling the disk.
func RetentionSize(storageGB int) string {
	return strconv.Itoa(max(1, storageGB*85/100)) + "GB"
}

// Values computes the kube-prometheus-stack values: Prometheus with
// retention and a persistent volume, picking up every ServiceMonitor,
// PodMonitor and PrometheusRule of the cluster (not only the release's);
// Grafana with the admin Secret and dashboards from labelled ConfigMaps;
// Alertmanager; the node exporter on every node whatever its taints.
//
// storageClass names the volume's class; "" uses the cluster's default class.
func Values(cl *cluster.Cluster, cfg config.Monitoring, storageClass string) map[string]any {
	pvc := map[string]any{
		"accessModes": []any{"ReadWriteOnce"},
		"resources": map[string]any{
			"requests": map[string]any{"storage": fmt.Sprintf("%dGi", cfg.StorageGB)},
		},
	}
	if storageClass != "" {
		pvc["storageClassName"] = storageClass
	}
	v := map[string]any{
		"fullnameOverride": Release,
		"crds":             map[string]any{"enabled": true},
		"prometheus": map[string]any{
			"prometheusSpec": map[string]any{
				"retention":     fmt.Sprintf("%dd", cfg.RetentionDays),
				"retentionSize": RetentionSize(cfg.StorageGB),
				"storageSpec": map[string]any{
					"volumeClaimTemplate": map[string]any{"spec": pvc},
				},
				"ruleSelectorNilUsesHelmValues":           false,
				"serviceMonitorSelectorNilUsesHelmValues": false,
				"podMonitorSelectorNilUsesHelmValues":     false,
				"probeSelectorNilUsesHelmValues":          false,
				"scrapeConfigSelectorNilUsesHelmValues":   false,
			},
		},
		"alertmanager": map[string]any{
			"enabled": true,
			// The configuration is the Secret mlkube writes from the
			// stack's receivers (see AlertmanagerConfig).
			"alertmanagerSpec": map[string]any{
				"useExistingSecret": true,
				"configSecret":      AlertmanagerSecret,
			},
		},
		"grafana": map[string]any{
			"enabled": true,
			"admin": map[string]any{
				"existingSecret": GrafanaAdminSecret,
				"userKey":        GrafanaUserKey,
				"passwordKey":    GrafanaPasswordKey,
			},
			"sidecar": map[string]any{
				"dashboards": map[string]any{
					"enabled":         true,
					"label":           DashboardLabel,
					"labelValue":      DashboardLabelValue,
					"searchNamespace": "ALL",
				},
			},
		},
		"prometheus-node-exporter": map[string]any{
			"tolerations": kit.TolerateAll(),
		},
	}
	if managedControlPlane(cl) {
		for _, k := range []string{"kubeControllerManager", "kubeScheduler", "kubeEtcd"} {
			v[k] = map[string]any{"enabled": false}
		}
	}
	return v
}

// Alert thresholds.
const (
	GPUUtilisationPercent = 85
	GPUUtilisationFor     = "5m"
	LatencyP99Seconds     = 0.5
	ErrorRatio            = 0.01
	InferenceFor          = "5m"
	PendingFor            = "2m"
)

// Metrics inference servers are expected to expose (Prometheus
// conventions): a latency histogram and a request counter with the HTTP
// status in "code".
const (
	LatencyHistogram = "inference_request_duration_seconds"
	RequestCounter   = "inference_requests_total"
)

// Rules is the spec of mlkube's PrometheusRule.
func Rules() map[string]any {
	rule := func(alert, expr, forDur, severity, summary string) map[string]any {
		return map[string]any{
			"alert":       alert,
			"expr":        expr,
			"for":         forDur,
			"labels":      map[string]any{"severity": severity},
			"annotations": map[string]any{"summary": summary},
		}
	}
	return map[string]any{
		"groups": []any{
			map[string]any{"name": "mlkube.gpu", "rules": []any{
				rule("GPUUtilisationHigh",
					fmt.Sprintf("avg by (Hostname, gpu, modelName) (DCGM_FI_DEV_GPU_UTIL) > %d", GPUUtilisationPercent),
					GPUUtilisationFor, "warning",
					fmt.Sprintf("GPU {{ $labels.gpu }} on {{ $labels.Hostname }} is above %d%% utilisation for %s: add replicas or GPUs", GPUUtilisationPercent, GPUUtilisationFor)),
			}},
			map[string]any{"name": "mlkube.inference", "rules": []any{
				rule("InferenceLatencyP99High",
					fmt.Sprintf("histogram_quantile(0.99, sum by (namespace, service, le) (rate(%s_bucket[5m]))) > %g", LatencyHistogram, LatencyP99Seconds),
					InferenceFor, "warning",
					fmt.Sprintf("p99 latency of {{ $labels.namespace }}/{{ $labels.service }} is above %gms", LatencyP99Seconds*1000)),
				rule("InferenceErrorRateHigh",
					fmt.Sprintf(`sum by (namespace, service) (rate(%[1]s{code=~"5.."}[5m])) / sum by (namespace, service) (rate(%[1]s[5m])) > %g`, RequestCounter, ErrorRatio),
					InferenceFor, "critical",
					fmt.Sprintf("more than %g%% of requests to {{ $labels.namespace }}/{{ $labels.service }} fail", ErrorRatio*100)),
			}},
			map[string]any{"name": "mlkube.scheduling", "rules": []any{
				rule("PodPendingTooLong",
					`sum by (namespace, pod) (kube_pod_status_phase{phase="Pending"}) > 0`,
					PendingFor, "warning",
					"pod {{ $labels.namespace }}/{{ $labels.pod }} has been Pending for more than "+PendingFor+": no node fits it or the autoscaler cannot add one"),
			}},
		},
	}
}

// dashboardPanel is one time series panel of the GPU dashboard.
type dashboardPanel struct {
	title, expr, legend, unit string
}

var gpuPanels = []dashboardPanel{
	{"GPU utilisation", `DCGM_FI_DEV_GPU_UTIL{Hostname=~"$node"}`, "{{Hostname}} gpu {{gpu}}", "percent"},
	{"Framebuffer memory used", `DCGM_FI_DEV_FB_USED{Hostname=~"$node"}`, "{{Hostname}} gpu {{gpu}}", "decmbytes"},
	{"Framebuffer memory free", `DCGM_FI_DEV_FB_FREE{Hostname=~"$node"}`, "{{Hostname}} gpu {{gpu}}", "decmbytes"},
	{"Memory copy utilisation", `DCGM_FI_DEV_MEM_COPY_UTIL{Hostname=~"$node"}`, "{{Hostname}} gpu {{gpu}}", "percent"},
	{"Power draw", `DCGM_FI_DEV_POWER_USAGE{Hostname=~"$node"}`, "{{Hostname}} gpu {{gpu}}", "watt"},
	{"Temperature", `DCGM_FI_DEV_GPU_TEMP{Hostname=~"$node"}`, "{{Hostname}} gpu {{gpu}}", "celsius"},
	{"SM clock", `DCGM_FI_DEV_SM_CLOCK{Hostname=~"$node"} * 1000000`, "{{Hostname}} gpu {{gpu}}", "hertz"},
	{"XID errors", `DCGM_FI_DEV_XID_ERRORS{Hostname=~"$node"}`, "{{Hostname}} gpu {{gpu}}", "none"},
}

// panelsJSON lays panels out two per row.
func panelsJSON(list []dashboardPanel) []any {
	panels := make([]any, 0, len(list))
	for i, p := range list {
		panels = append(panels, map[string]any{
			"id":         i + 1,
			"type":       "timeseries",
			"title":      p.title,
			"datasource": map[string]any{"type": "prometheus", "uid": "${datasource}"},
			"gridPos":    map[string]any{"h": 8, "w": 12, "x": (i % 2) * 12, "y": (i / 2) * 8},
			"fieldConfig": map[string]any{
				"defaults":  map[string]any{"unit": p.unit},
				"overrides": []any{},
			},
			"targets": []any{map[string]any{"expr": p.expr, "legendFormat": p.legend, "refId": "A"}},
		})
	}
	return panels
}

// shortHash is a stable 8-character digest.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:8]
}

// GPUDashboard is the Grafana dashboard (JSON model) of the DCGM
// exporter's metrics, two panels per row. encoding/json sorts map keys,
// so the text is the same on every run.
func GPUDashboard() string {
	panels := panelsJSON(gpuPanels)
	model := map[string]any{
		"uid":           "mlkube-gpu",
		"title":         "GPUs (DCGM)",
		"tags":          []any{"mlkube", "gpu"},
		"schemaVersion": 39,
		"editable":      false,
		"time":          map[string]any{"from": "now-6h", "to": "now"},
		"refresh":       "30s",
		"templating": map[string]any{"list": []any{
			map[string]any{"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source"},
			map[string]any{
				"name": "node", "type": "query", "label": "Node",
				"datasource": map[string]any{"type": "prometheus", "uid": "${datasource}"},
				"query":      "label_values(DCGM_FI_DEV_GPU_UTIL, Hostname)",
				"includeAll": true, "multi": true, "allValue": ".*",
				"refresh": 2,
			},
		}},
		"panels": panels,
	}
	out, err := json.MarshalIndent(model, "", "  ")
	if err != nil {
		panic(err) // plain maps always marshal
	}
	return string(out)
}
