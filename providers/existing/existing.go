// Package existing adopts a Kubernetes cluster that mlkube did not create:
// a kind or k3d cluster on a laptop, a cluster another team runs, or a cloud
// cluster created by other tooling. mlkube creates nothing outside
// Kubernetes here; the stack's node pools describe the nodes that already
// exist (their labels and taints) so workloads are placed correctly.
package existing

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component type of an adopted cluster.
const TypeToken = "mlkube:cluster:Existing"

// Cluster is the component that parents the adopted cluster's provider.
type Cluster struct {
	pulumi.ResourceState
}

func newCluster(ctx *pulumi.Context, name string, cfg *config.Config, opts ...pulumi.ResourceOption) (*cluster.Cluster, error) {
	comp := &Cluster{}
	if err := ctx.RegisterComponentResource(TypeToken, name, comp, opts...); err != nil {
		return nil, err
	}
	ex := cfg.Cluster.Existing
	src := KubeconfigSource(cfg)
	args := &kubernetes.ProviderArgs{
		// A stable identifier makes a credential or path change an update of
		// the provider instead of a replacement of every object under it.
		ClusterIdentifier: pulumi.String(cfg.Cluster.Name),
	}
	if src != "" {
		args.Kubeconfig = pulumi.ToSecret(pulumi.String(src)).(pulumi.StringOutput)
	}
	if ex.Context != "" {
		args.Context = pulumi.String(ex.Context)
	}
	provider, err := kubernetes.NewProvider(ctx, cfg.Cluster.Name, args, pulumi.Parent(comp))
	if err != nil {
		return nil, err
	}
	labelled, err := labelNodes(ctx, cfg.NodePools, comp, provider)
	if err != nil {
		return nil, err
	}
	kubeconfig := pulumi.ToSecret(pulumi.String(src)).(pulumi.StringOutput)
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"name":       pulumi.String(cfg.Cluster.Name),
		"kubeconfig": kubeconfig,
	}); err != nil {
		return nil, err
	}
	return &cluster.Cluster{Shape: Describe(cfg), Kubeconfig: kubeconfig, Provider: provider, NodesLabelled: labelled}, nil
}

// Describe is the adopted cluster as its stack file describes it: what the
// cluster does is what cluster.existing says, and it gives workloads no
// cloud identity (its pods use what the cluster already gives them).
func Describe(cfg *config.Config) cluster.Shape {
	ex := cfg.Cluster.Existing
	return cluster.Shape{
		Name:              cfg.Cluster.Name,
		Kind:              Kind,
		KubernetesVersion: cfg.Cluster.KubernetesVersion,
		Region:            cfg.Cluster.Region,
		Pools:             cluster.PoolsFrom(cfg.NodePools),
		Capabilities:      Capabilities(ex),
		Storage:           Storage(ex),
	}
}

// KubeconfigSource is what the Kubernetes provider is given: the kubeconfig
// text from the secret key, or a path, or "" for the ambient KUBECONFIG.
func KubeconfigSource(cfg *config.Config) string {
	if cfg.Kubeconfig != "" {
		return cfg.Kubeconfig
	}
	return cfg.Cluster.Existing.Kubeconfig
}

// Capabilities are what the stack file says the adopted cluster does.
func Capabilities(ex config.Existing) cluster.Capabilities {
	return cluster.Capabilities{
		ManagedAutoscaling:           ex.ManagedAutoscaling,
		GPUDriverPreinstalled:        ex.GPUDriverPreinstalled,
		ContainerToolkitPreinstalled: ex.ContainerToolkitPreinstalled,
		MetricsServer:                ex.MetricsServer,
		ManagedControlPlane:          ex.ManagedControlPlane,
		NetworkPolicyEnforced:        ex.NetworkPolicyEnforced,
		LoadBalancers:                ex.LoadBalancers,
	}
}

// Storage maps the stack's provisioners onto storage classes. Off-cloud
// provisioners take no parameters we could know of.
func Storage(ex config.Existing) cluster.Storage {
	s := cluster.Storage{
		Fast:     cluster.StorageClass{Provisioner: ex.BlockProvisioner},
		Standard: cluster.StorageClass{Provisioner: ex.BlockProvisioner},
	}
	if ex.SharedProvisioner != "" {
		s.Shared = &cluster.StorageClass{Provisioner: ex.SharedProvisioner}
	}
	return s
}
