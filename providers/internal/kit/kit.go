// Package kit holds what the cluster providers build the same way: the
// builder every cloud resource hangs from, the contract's pools with what
// a cloud puts on their nodes, credential-free kubeconfigs and the
// Kubernetes provider made from them, and the Cluster fields every
// provider fills alike. What differs between clouds stays in each
// provider's package and is handed in.
package kit

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Builder carries what every resource of one cluster shares: the
// component that parents them and the cloud's explicit provider (P), made
// from the stack's settings rather than ambient credentials' defaults.
type Builder[P pulumi.ProviderResource] struct {
	Ctx  *pulumi.Context
	Cfg  *config.Config
	Name string
	// Comp is the component that parents everything of the cluster.
	Comp pulumi.Resource
	// Provider is the cloud provider every cloud resource is created through.
	Provider P
}

// Opts are the options of every cloud resource: a child of the component,
// created through the cluster's own provider.
func (b *Builder[P]) Opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(b.Comp), pulumi.Provider(b.Provider)}, extra...)
}

// NewKubernetes makes the kubeconfig a secret and builds the Kubernetes
// provider from it, a child of the component (see NewKubernetes).
func (b *Builder[P]) NewKubernetes(kc pulumi.StringOutput, extra ...pulumi.ResourceOption) (pulumi.StringOutput, *kubernetes.Provider, error) {
	return NewKubernetes(b.Ctx, b.Name, b.Comp, kc, extra...)
}

// NewKubernetes makes the kubeconfig a secret and builds the Kubernetes
// provider named name from it, a child of parent. ClusterIdentifier makes
// a change of the kubeconfig (a rotated CA, a renewed certificate) an
// update of the provider, not a replacement of every object under it.
func NewKubernetes(ctx *pulumi.Context, name string, parent pulumi.Resource, kc pulumi.StringOutput, extra ...pulumi.ResourceOption) (pulumi.StringOutput, *kubernetes.Provider, error) {
	kc = pulumi.ToSecret(kc).(pulumi.StringOutput)
	p, err := kubernetes.NewProvider(ctx, name, &kubernetes.ProviderArgs{
		Kubeconfig:        kc,
		ClusterIdentifier: pulumi.String(name),
	}, append([]pulumi.ResourceOption{pulumi.Parent(parent)}, extra...)...)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	return kc, p, nil
}

// Shape is the part of a cloud cluster's Shape every cloud provider fills
// alike: identity, version, region and the contract's pools, with what
// decorate adds to them (a cloud's accelerator labels and taints) and the
// labels the cloud sets on every node. It also returns the decorated
// pools for the rest of the provider's Describe. A pool decorate refuses
// keeps the stack's own spelling: Validate reports the problem, and the
// workload checks still get a Shape to run against. The caller adds
// capabilities, storage and its hooks.
func Shape(kind string, cfg *config.Config, decorate func([]config.NodePool) ([]config.NodePool, error)) (cluster.Shape, []config.NodePool) {
	pools, err := decorate(cfg.NodePools)
	if err != nil {
		pools = cfg.NodePools
	}
	return cluster.Shape{
		Name:              cfg.Cluster.Name,
		Kind:              kind,
		KubernetesVersion: cfg.Cluster.KubernetesVersion,
		Region:            cfg.Cluster.Region,
		Pools:             cloudPools(pools, cfg.Cluster.Region),
	}, pools
}

// Built is the Cluster New returns: what Describe said, reached through
// the kubeconfig and the Kubernetes provider made from it.
func Built(s cluster.Shape, kc pulumi.StringOutput, k8s *kubernetes.Provider) *cluster.Cluster {
	return &cluster.Cluster{Shape: s, Kubeconfig: kc, Provider: k8s}
}

// cloudPools are the contract's pools whose nodes a cloud's node
// controller also labels with their instance type and region.
func cloudPools(in []config.NodePool, region string) []cluster.Pool {
	out := cluster.PoolsFrom(in)
	for i := range out {
		out[i].WellKnown = cluster.CloudLabels(out[i].MachineType, region)
	}
	return out
}
