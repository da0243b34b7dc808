// Package gpuoperator installs NVIDIA's GPU operator on the GPU pools of
// a cluster: driver and container toolkit where the node images lack
// them, the device plugin with per-pool sharing (time-slicing, MIG),
// GPU feature discovery, and the DCGM exporter scraped by Prometheus.
package gpuoperator

import (
	"errors"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:GPUOperator"

// Namespace is where the operator and its operands run. It enforces
// privileged: the driver, toolkit and device plugin containers are
// privileged and mount host paths.
const Namespace = "gpu-operator"

// NamespaceSpec is the namespace with its Pod Security labels.
var NamespaceSpec = kit.Namespace{
	Name:   Namespace,
	Addon:  "gpu-operator",
	Level:  kit.Privileged,
	Reason: "NVIDIA driver, container toolkit and device plugin run privileged with host paths on GPU nodes",
}

// DefaultTimeoutMinutes applies when the config leaves the timeout at 0.
const DefaultTimeoutMinutes = config.DefaultGPUOperatorTimeout

// Args configure the GPU operator.
type Args struct {
	// Cluster is the cluster to install onto (required, with GPU pools).
	Cluster *cluster.Cluster
	// Config is addons.gpuOperator.
	Config config.GPUOperator
	// Monitoring adds a ServiceMonitor for the DCGM exporter.
	Monitoring bool
	// CRDOwners install the ServiceMonitor CRD (the monitoring release).
	// Only the ServiceMonitor waits for them, not the operator: GPU nodes
	// become usable without waiting for Prometheus. Required when
	// Monitoring is true.
	CRDOwners []pulumi.Resource
}

// GPUOperator is the installed operator.
type GPUOperator struct {
	pulumi.ResourceState

	Namespace          *corev1.Namespace
	DevicePluginConfig *corev1.ConfigMap
	CriticalPodsQuota  *corev1.ResourceQuota
	Release            *helmv3.Release
	// Monitor is the DCGM exporter's ServiceMonitor (nil without monitoring).
	Monitor *apiextensions.CustomResource
}

// New installs the GPU operator.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*GPUOperator, error) {
	if err := args.check(); err != nil {
		return nil, err
	}
	cl := args.Cluster
	c := &GPUOperator{}
	child, ns, err := kit.Begin(ctx, TypeToken, name, c, cl.Provider, NamespaceSpec, opts...)
	if err != nil {
		return nil, err
	}
	c.Namespace = ns
	if c.DevicePluginConfig, err = newDevicePluginConfig(ctx, ns, cl, child); err != nil {
		return nil, err
	}
	if c.CriticalPodsQuota, err = newCriticalPodsQuota(ctx, ns, child); err != nil {
		return nil, err
	}
	if c.Release, err = newRelease(ctx, ns, args, []pulumi.Resource{c.DevicePluginConfig, c.CriticalPodsQuota}, child); err != nil {
		return nil, err
	}
	if args.Monitoring {
		after := append([]pulumi.Resource{c.Release}, args.CRDOwners...)
		if c.Monitor, err = NewMonitor(ctx, ns, after, child...); err != nil {
			return nil, err
		}
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"namespace": ns.Metadata.Name(),
		"release":   c.Release.Name,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// check refuses args New cannot install from, before anything is registered.
func (args *Args) check() error {
	switch {
	case args == nil || args.Cluster == nil:
		return errors.New(TypeToken + ": args.Cluster is required")
	case len(args.Cluster.GPUPools()) == 0:
		return errors.New(TypeToken + ": the cluster has no GPU pools")
	case args.Monitoring && len(args.CRDOwners) == 0:
		return errors.New(TypeToken + ": Monitoring needs CRDOwners (the release that installs ServiceMonitor)")
	}
	return nil
}

// newDevicePluginConfig is the device plugin's per-pool sharing config.
func newDevicePluginConfig(ctx *pulumi.Context, ns *corev1.Namespace, cl *cluster.Cluster, child []pulumi.ResourceOption) (*corev1.ConfigMap, error) {
	data, _ := DevicePluginConfigs(cl.GPUPools())
	return corev1.NewConfigMap(ctx, Namespace+"-device-plugin", &corev1.ConfigMapArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(DevicePluginConfigMap),
			Namespace: ns.Metadata.Name(),
			Labels:    pulumi.StringMap{kit.AddonLabel: pulumi.String("gpu-operator")},
		},
		Data: pulumi.ToStringMap(data),
	}, child...)
}

// newCriticalPodsQuota lets the operands run at system-node-critical
// priority. Some clouds (GKE) admit critical-priority pods outside
// kube-system only within a ResourceQuota that scopes them; elsewhere the
// quota is harmless.
func newCriticalPodsQuota(ctx *pulumi.Context, ns *corev1.Namespace, child []pulumi.ResourceOption) (*corev1.ResourceQuota, error) {
	return corev1.NewResourceQuota(ctx, Namespace+"-critical-pods", &corev1.ResourceQuotaArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String("gpu-operator-critical-pods"),
			Namespace: ns.Metadata.Name(),
			Labels:    pulumi.StringMap{kit.AddonLabel: pulumi.String("gpu-operator")},
		},
		Spec: &corev1.ResourceQuotaSpecArgs{
			Hard: pulumi.StringMap{"pods": pulumi.String("100")},
			ScopeSelector: &corev1.ScopeSelectorArgs{
				MatchExpressions: corev1.ScopedResourceSelectorRequirementArray{
					&corev1.ScopedResourceSelectorRequirementArgs{
						ScopeName: pulumi.String("PriorityClass"),
						Operator:  pulumi.String("In"),
						Values:    pulumi.ToStringArray([]string{"system-node-critical", "system-cluster-critical"}),
					},
				},
			},
		},
	}, child...)
}

// newRelease installs the chart. It waits for real dependencies only: the
// namespace, the config the device plugin reads at start and the quota its
// critical pods need (in), and the node groups its pods run on. Not
// monitoring: the operator does not need it, and waiting for it would
// delay GPU nodes by the monitoring install.
func newRelease(ctx *pulumi.Context, ns *corev1.Namespace, args *Args, in []pulumi.Resource, child []pulumi.ResourceOption) (*helmv3.Release, error) {
	minutes := args.Config.TimeoutMinutes
	if minutes == 0 {
		minutes = DefaultTimeoutMinutes
	}
	return kit.NewRelease(ctx, kit.Release{
		Chart:          versions.GPUOperator.With(args.Config.Version),
		Namespace:      ns,
		Values:         kit.Merge(Values(args.Cluster), args.Config.Values),
		TimeoutSeconds: minutes * 60,
		DependsOn:      append(in, args.Cluster.NodesReady...),
	}, child...)
}
