package monitoring

import (
	"encoding/json"
	"fmt"

	"github.com/mlkube/mlkube/addons/internal/kit"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Service is an inference service that gets its own Grafana dashboard.
type Service struct {
	Namespace, Name string
}

// QueueMetric is the model server's queue depth (the HPA's Pods metric).
const QueueMetric = "inference_queue_length"

// ServiceLabel is the label the inference PodMonitors put on every series
// of a model server (its service's name); see components/inference.
const ServiceLabel = "service"

// servicePanels are the panels of one service's dashboard. The model
// server's series are selected by namespace and service; the DCGM
// exporter's by the pod it reports for, which the exporter labels
// namespace and pod and its scrape keeps (honorLabels, see
// gpuoperator.MonitorSpec; TestQueriesUseScrapedLabels checks it).
func servicePanels(s Service) []dashboardPanel {
	sel := fmt.Sprintf(`namespace=%q, %s=%q`, s.Namespace, ServiceLabel, s.Name)
	quantile := func(q string) string {
		return fmt.Sprintf(`histogram_quantile(%s, sum by (le) (rate(%s_bucket{%s}[5m])))`, q, LatencyHistogram, sel)
	}
	pods := fmt.Sprintf(`namespace=%q, pod=~%q`, s.Namespace, s.Name+"-[a-z0-9]+-[a-z0-9]+")
	return []dashboardPanel{
		{"Latency p50", quantile("0.5"), "p50", "s"},
		{"Latency p95", quantile("0.95"), "p95", "s"},
		{"Latency p99", quantile("0.99"), "p99", "s"},
		{"Queue depth", fmt.Sprintf(`sum by (pod) (%s{%s})`, QueueMetric, sel), "{{pod}}", "none"},
		{"Requests per second", fmt.Sprintf(`sum by (code) (rate(%s{%s}[5m]))`, RequestCounter, sel), "{{code}}", "reqps"},
		{"Error rate (5xx)", fmt.Sprintf(`sum(rate(%[1]s{%[2]s, code=~"5.."}[5m])) / sum(rate(%[1]s{%[2]s}[5m]))`, RequestCounter, sel), "errors", "percentunit"},
		{"GPU utilisation", fmt.Sprintf(`DCGM_FI_DEV_GPU_UTIL{%s}`, pods), "{{pod}} gpu {{gpu}}", "percent"},
		{"GPU memory used", fmt.Sprintf(`DCGM_FI_DEV_FB_USED{%s}`, pods), "{{pod}} gpu {{gpu}}", "decmbytes"},
	}
}

// ServiceDashboard is the Grafana dashboard (JSON model) of one inference
// service: p50/p95/p99 latency, queue depth, request and error rate, and
// the utilisation of the GPUs its pods hold.
func ServiceDashboard(s Service) string {
	model := map[string]any{
		"uid":           DashboardUID(s),
		"title":         "Inference " + s.Namespace + "/" + s.Name,
		"tags":          []any{"mlkube", "inference"},
		"schemaVersion": 39,
		"editable":      false,
		"time":          map[string]any{"from": "now-6h", "to": "now"},
		"refresh":       "30s",
		"templating": map[string]any{"list": []any{
			map[string]any{"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source"},
		}},
		"panels": panelsJSON(servicePanels(s)),
	}
	out, err := json.MarshalIndent(model, "", "  ")
	if err != nil {
		panic(err) // plain maps always marshal
	}
	return string(out)
}

// DashboardUID is stable per service and within Grafana's 40 characters.
func DashboardUID(s Service) string {
	uid := "mlkube-" + s.Namespace + "-" + s.Name
	if len(uid) > 40 {
		uid = uid[:31] + "-" + shortHash(uid)
	}
	return uid
}

// DashboardName is the ConfigMap (and logical resource) name of a service's dashboard.
func DashboardName(s Service) string { return "inference-" + s.Namespace + "-" + s.Name + "-dashboard" }

// newServiceDashboards registers one labelled ConfigMap per service, which
// Grafana's sidecar loads as it does the GPU dashboard.
func newServiceDashboards(ctx *pulumi.Context, ns pulumi.StringPtrInput, services []Service, opts ...pulumi.ResourceOption) error {
	for _, s := range services {
		name := DashboardName(s)
		if _, err := corev1.NewConfigMap(ctx, name, &corev1.ConfigMapArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:      pulumi.String(name),
				Namespace: ns,
				Labels:    pulumi.StringMap{kit.AddonLabel: pulumi.String("monitoring"), DashboardLabel: pulumi.String(DashboardLabelValue)},
			},
			Data: pulumi.StringMap{s.Name + ".json": pulumi.String(ServiceDashboard(s))},
		}, opts...); err != nil {
			return err
		}
	}
	return nil
}
