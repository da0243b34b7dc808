// Package metrics installs the metrics APIs that horizontal pod
// autoscalers read: metrics-server (metrics.k8s.io: CPU and memory)
// where the cloud does not serve it, and prometheus-adapter
// (custom.metrics.k8s.io) so HPAs can scale on Prometheus metrics: GPU
// utilisation, request rate and queue length per pod.
package metrics

import (
	"errors"
	"fmt"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/podmetrics"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:Metrics"

// Namespace holds both metrics servers. Both charts run as non-root with
// a read-only root file system and no capabilities, so it is restricted.
const Namespace = "metrics"

// NamespaceSpec is the namespace with its Pod Security labels.
var NamespaceSpec = kit.Namespace{Name: Namespace, Addon: "metrics", Level: kit.Restricted}

// Release timeouts: one Deployment each.
const (
	MetricsServerTimeoutSeconds = 300
	AdapterTimeoutSeconds       = 300
)

// QueueLengthMetric is the per-pod gauge inference servers expose and
// their HPAs scale on (workloads.inference[].autoscaling.metrics).
const QueueLengthMetric = podmetrics.QueueLength

// MetricsServerApplies: only where the cluster does not already serve
// metrics.k8s.io (two servers of one APIService would fight).
func MetricsServerApplies(cl *cluster.Cluster) (bool, string) {
	if cl.Capabilities.MetricsServer {
		return false, fmt.Sprintf("metrics-server not installed: the %s cluster already serves metrics.k8s.io", cl.Kind)
	}
	return true, ""
}

// MetricsServerValues are the metrics-server chart values. The kubelet's
// serving certificate is verified, except where the cluster says its
// kubelets serve self-signed certificates (kubeadm without
// serverTLSBootstrap): there metrics-server runs with
// --kubelet-insecure-tls, or it could not scrape any node.
func MetricsServerValues(cl *cluster.Cluster) map[string]any {
	v := map[string]any{
		"fullnameOverride": "metrics-server",
		"replicas":         1,
	}
	if cl.Capabilities.KubeletCertsUnsigned {
		v["args"] = []any{"--kubelet-insecure-tls"}
	}
	return v
}

// AdapterRules are prometheus-adapter's custom metrics rules, one per
// served pods metric (internal/podmetrics): the series of each pod, found
// by its namespace and pod labels, become one value per pod under the
// metric's name.
func AdapterRules() []any {
	rules := make([]any, 0, len(podmetrics.All))
	for _, m := range podmetrics.All {
		rules = append(rules, map[string]any{
			"seriesQuery": m.Series + `{` + podmetrics.NamespaceLabel + `!="",` + podmetrics.PodLabel + `!=""}`,
			"resources": map[string]any{
				"overrides": map[string]any{
					podmetrics.NamespaceLabel: map[string]any{"resource": "namespace"},
					podmetrics.PodLabel:       map[string]any{"resource": "pod"},
				},
			},
			"name": map[string]any{
				"matches": "^" + m.Series + "$",
				"as":      m.Name,
			},
			"metricsQuery": m.Query,
		})
	}
	return rules
}

// AdapterValues are the prometheus-adapter chart values for a Prometheus
// at prometheusURL (port 9090). The default rule set is off: it exposes
// every series of the cluster and is costly; only mlkube's rules (and any
// in addons.prometheusAdapter.values) are served.
func AdapterValues(prometheusURL string) map[string]any {
	return map[string]any{
		"fullnameOverride": "prometheus-adapter",
		"prometheus":       map[string]any{"url": prometheusURL, "port": 9090},
		"rules": map[string]any{
			"default": false,
			"custom":  AdapterRules(),
		},
	}
}

// Args configure the metrics addon.
type Args struct {
	// Cluster is the cluster (required).
	Cluster *cluster.Cluster
	// MetricsServer is addons.metricsServer; installed when on and the
	// cluster lacks one.
	MetricsServer config.Addon
	// PrometheusAdapter is addons.prometheusAdapter; installed when on
	// and PrometheusURL is set (monitoring on).
	PrometheusAdapter config.Addon
	// PrometheusURL is the in-cluster Prometheus the adapter queries.
	PrometheusURL string
}

// Metrics is the installed metrics addon.
type Metrics struct {
	pulumi.ResourceState

	Namespace     *corev1.Namespace
	MetricsServer *helmv3.Release // nil when not installed
	Adapter       *helmv3.Release // nil when not installed
}

// Installs reports what the addon would install for args.
func Installs(args *Args) (metricsServer, adapter bool) {
	ms, _ := MetricsServerApplies(args.Cluster)
	return args.MetricsServer.On() && ms, args.PrometheusAdapter.On() && args.PrometheusURL != ""
}

// New installs metrics-server and/or prometheus-adapter. The two releases
// do not depend on each other nor on Prometheus (the adapter retries
// until Prometheus answers), so they install in parallel.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Metrics, error) {
	if args == nil || args.Cluster == nil {
		return nil, errors.New(TypeToken + ": args.Cluster is required")
	}
	ms, ad := Installs(args)
	if !ms && !ad {
		return nil, errors.New(TypeToken + ": nothing to install")
	}
	cl := args.Cluster
	c := &Metrics{}
	child, namespace, err := kit.Begin(ctx, TypeToken, name, c, cl.Provider, NamespaceSpec, opts...)
	if err != nil {
		return nil, err
	}
	c.Namespace = namespace
	outputs := pulumi.Map{"namespace": c.Namespace.Metadata.Name()}
	if ms {
		c.MetricsServer, err = kit.NewRelease(ctx, kit.Release{
			Chart:          versions.MetricsServer.With(args.MetricsServer.Version),
			Namespace:      c.Namespace,
			Values:         kit.Merge(MetricsServerValues(cl), args.MetricsServer.Values),
			TimeoutSeconds: MetricsServerTimeoutSeconds,
			DependsOn:      cl.NodesReady,
		}, child...)
		if err != nil {
			return nil, err
		}
		outputs["metricsServer"] = c.MetricsServer.Name
	}
	if ad {
		c.Adapter, err = kit.NewRelease(ctx, kit.Release{
			Chart:          versions.PrometheusAdapter.With(args.PrometheusAdapter.Version),
			Namespace:      c.Namespace,
			Values:         kit.Merge(AdapterValues(args.PrometheusURL), args.PrometheusAdapter.Values),
			TimeoutSeconds: AdapterTimeoutSeconds,
			DependsOn:      cl.NodesReady,
		}, child...)
		if err != nil {
			return nil, err
		}
		outputs["prometheusAdapter"] = c.Adapter.Name
	}
	if err := ctx.RegisterResourceOutputs(c, outputs); err != nil {
		return nil, err
	}
	return c, nil
}
