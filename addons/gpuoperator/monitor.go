package gpuoperator

import (
	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The Service the operator creates in front of the DCGM exporter pods.
const (
	dcgmServiceLabel = "nvidia-dcgm-exporter" // its app label
	dcgmPort         = "gpu-metrics"          // its port name (9400)
)

// MonitorName is the ServiceMonitor's name and logical name.
const MonitorName = "gpu-operator-dcgm-exporter"

// NewMonitor scrapes the DCGM exporter. It is mlkube's own object rather
// than the chart's (dcgmExporter.serviceMonitor), so that only it, and not
// the operator's release, waits for the ServiceMonitor CRD: after lists
// the operator's release and the release that installs the CRD.
func NewMonitor(ctx *pulumi.Context, ns *corev1.Namespace, after []pulumi.Resource, opts ...pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	return apiextensions.NewCustomResource(ctx, MonitorName, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("monitoring.coreos.com/v1"),
		Kind:       pulumi.String("ServiceMonitor"),
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(MonitorName),
			Namespace: ns.Metadata.Name(),
			Labels:    pulumi.StringMap{kit.AddonLabel: pulumi.String("gpu-operator")},
		},
		OtherFields: kubernetes.UntypedArgs{"spec": MonitorSpec()},
	}, append(opts, pulumi.DependsOn(after))...)
}

// MonitorSpec selects the exporter's Service. The exporter labels each GPU
// series with the pod and namespace that use the GPU; honorLabels keeps
// those rather than replacing them with the exporter's own pod.
func MonitorSpec() map[string]any {
	return map[string]any{
		"selector":          map[string]any{"matchLabels": map[string]any{"app": dcgmServiceLabel}},
		"namespaceSelector": map[string]any{"matchNames": []any{Namespace}},
		"endpoints": []any{map[string]any{
			"port":        dcgmPort,
			"path":        "/metrics",
			"interval":    "15s",
			"honorLabels": true,
		}},
	}
}
