package ingress

import (
	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MonitorName is the PodMonitor's name and logical name.
const MonitorName = "ingress-controller"

// MonitorSpec scrapes the controller's pods on their metrics port
// (requests, latencies and errors per Ingress).
func MonitorSpec(podLabels map[string]any, port string) map[string]any {
	return map[string]any{
		"selector":            map[string]any{"matchLabels": podLabels},
		"podMetricsEndpoints": []any{map[string]any{"port": port, "path": "/metrics", "interval": "30s"}},
	}
}

// newMonitor is mlkube's own PodMonitor rather than the chart's, so that
// only it waits for the monitoring release that installs the CRD (after),
// not the controller.
func newMonitor(ctx *pulumi.Context, namespace string, ns *corev1.Namespace, podLabels map[string]any, port string, after []pulumi.Resource, opts ...pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	nsName := pulumi.String(namespace).ToStringOutput()
	if ns != nil {
		nsName = ns.Metadata.Name().Elem()
	}
	return apiextensions.NewCustomResource(ctx, MonitorName, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("monitoring.coreos.com/v1"),
		Kind:       pulumi.String("PodMonitor"),
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(MonitorName),
			Namespace: nsName,
			Labels:    pulumi.StringMap{kit.AddonLabel: pulumi.String("ingress")},
		},
		OtherFields: kubernetes.UntypedArgs{"spec": MonitorSpec(podLabels, port)},
	}, append(opts, pulumi.DependsOn(after))...)
}
