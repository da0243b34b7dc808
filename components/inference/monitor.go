package inference

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Scrape makes the Prometheus operator scrape the model server, so that
// its metrics (inference_queue_length, request latency and errors) reach
// the alerts and, through prometheus-adapter, the HPA.
type Scrape struct {
	// Path of the metrics endpoint on the serving port (default /metrics).
	Path string
	// Interval between scrapes (default 15s).
	Interval string
	// After are the resources that install the PodMonitor CRD (the
	// monitoring release): the PodMonitor cannot be created before them.
	After []pulumi.Resource
}

// ServiceLabel is the label Prometheus puts on every series scraped from
// a model server: the service's name (its pods' app.kubernetes.io/name).
// Pod-scraped series carry namespace, pod and container, but no service;
// alerts and dashboards group by this one, so a rollout's new pods continue
// the same series of alerts.
const ServiceLabel = "service"

// ScrapedLabels are the target labels every series of a model server has:
// the Prometheus operator's for a PodMonitor, and ServiceLabel.
var ScrapedLabels = []string{"namespace", "pod", "container", "endpoint", "job", ServiceLabel}

// metaLabel is the Prometheus discovery label of a pod label.
func metaLabel(podLabel string) string {
	out := []byte("__meta_kubernetes_pod_label_")
	for _, c := range []byte(podLabel) {
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') {
			out = append(out, c)
		} else {
			out = append(out, '_')
		}
	}
	return string(out)
}

// Scrape defaults.
const (
	DefaultScrapePath     = "/metrics"
	DefaultScrapeInterval = "15s"
)

// PodMonitorSpec selects the service's pods (obj is their name label)
// and scrapes the serving port; the monitoring addon's tests derive the
// series' labels from it.
func PodMonitorSpec(obj string, s Scrape) map[string]any {
	path, interval := s.Path, s.Interval
	if path == "" {
		path = DefaultScrapePath
	}
	if interval == "" {
		interval = DefaultScrapeInterval
	}
	return map[string]any{
		"selector": map[string]any{"matchLabels": kube.Selector(obj, component)},
		"podMetricsEndpoints": []any{map[string]any{
			"port": httpPortName, "path": path, "interval": interval,
			"relabelings": []any{map[string]any{
				"action":       "replace",
				"sourceLabels": []any{metaLabel(kube.LabelName)},
				"targetLabel":  ServiceLabel,
			}},
		}},
	}
}

func (b *builder) podMonitor() (*apiextensions.CustomResource, error) {
	s := b.a.Scrape
	return apiextensions.NewCustomResource(b.ctx, b.name+"-podmonitor", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String("monitoring.coreos.com/v1"),
		Kind:        pulumi.String("PodMonitor"),
		Metadata:    kube.Meta(b.obj, b.a.Namespace, b.labels(), nil),
		OtherFields: kubernetes.UntypedArgs{"spec": PodMonitorSpec(b.obj, *s)},
	}, b.parent, pulumi.DependsOn(s.After))
}
