// Package aks turns a stack's cluster and node pools into an Azure
// Kubernetes Service cluster and returns the cluster.Cluster contract.
//
// What it creates, all under one component (mlkube:cluster:AKS) and through
// one explicit azure-native provider for the configured subscription and
// region:
//
//   - network.go: a resource group (or the configured one), a virtual
//     network with one node subnet (or the configured subnet), and the
//     control plane's user-assigned identity with Network Contributor on
//     the subnet;
//   - cluster.go: the managed cluster with a system pool for critical
//     addons only, Azure CNI overlay, OIDC issuer and workload identity,
//     Entra ID with Azure RBAC, a private or CIDR-limited API server,
//     automatic upgrade channels; admins.go gives the admin groups the
//     RBAC Cluster Admin role;
//   - agentpool.go: one user agent pool per stack pool, autoscaled by AKS
//     (min may be 0), spot where asked, GPU pools tainted and labelled;
//   - kubeconfig.go: an exec kubeconfig through kubelogin and the
//     Kubernetes provider.
//
// Agent pools wait for the cluster and nothing else of each other, so the
// time to a ready cluster is the control plane plus the slowest pool.
package aks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/providers/internal/kit"
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component type that parents an AKS cluster's resources.
const TypeToken = "mlkube:cluster:AKS"

// Cluster is the component that parents everything New creates.
type Cluster struct {
	pulumi.ResourceState
}

// builder carries what every resource of one cluster shares; Opts are
// the options of every Azure resource.
type builder struct {
	kit.Builder[*azurenative.Provider]
	opts Options
}

// tags mark every Azure resource with the cluster and environment, so
// costs and ownership can be traced in the portal.
func (b *builder) tags() pulumi.StringMap {
	return pulumi.StringMap{
		labels.Cluster:     pulumi.String(b.Name),
		labels.Environment: pulumi.String(b.Cfg.Environment),
	}
}

func newCluster(ctx *pulumi.Context, name string, cfg *config.Config, opts ...pulumi.ResourceOption) (*cluster.Cluster, error) {
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	o, err := options(cfg)
	if err != nil {
		return nil, err
	}
	pools, err := contractPools(cfg.NodePools)
	if err != nil {
		return nil, err
	}
	comp := &Cluster{}
	b := &builder{Builder: kit.Builder[*azurenative.Provider]{Ctx: ctx, Cfg: cfg, Name: name, Comp: comp}, opts: o}
	if err := ctx.RegisterComponentResource(TypeToken, name, comp, opts...); err != nil {
		return nil, err
	}
	// An explicit provider: subscription and location come from the stack,
	// never from the az CLI's default subscription or ARM_* variables.
	b.Provider, err = azurenative.NewProvider(ctx, b.Name, &azurenative.ProviderArgs{
		SubscriptionId: pulumi.String(o.SubscriptionID),
		Location:       pulumi.String(cfg.Cluster.Region),
	}, pulumi.Parent(b.Comp))
	if err != nil {
		return nil, err
	}

	nw, err := b.newNetwork()
	if err != nil {
		return nil, err
	}
	mc, err := b.newCluster(nw)
	if err != nil {
		return nil, err
	}
	if err := b.newAdmins(mc); err != nil {
		return nil, err
	}
	if err := b.newTeamAccess(mc); err != nil {
		return nil, err
	}
	ready := []pulumi.Resource{mc}
	for _, p := range pools {
		ap, err := b.newAgentPool(mc, nw, p)
		if err != nil {
			return nil, err
		}
		ready = append(ready, ap)
	}

	kc, k8s, err := b.newKubernetes(mc, nw)
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(b.Comp, pulumi.Map{
		"name":              mc.Name,
		"resourceGroup":     nw.resourceGroup,
		"fqdn":              mc.Fqdn,
		"oidcIssuerUrl":     mc.OidcIssuerProfile.IssuerURL(),
		"nodeResourceGroup": mc.NodeResourceGroup,
		"kubeconfig":        kc,
	}); err != nil {
		return nil, err
	}

	c := kit.Built(Describe(cfg), kc, k8s)
	// The system pool is part of the cluster: it is ready with it.
	c.NodesReady = ready
	c.WorkloadIdentity = b.workloadIdentity(mc, nw)
	return c, nil
}

// Labels and taints AKS puts on every node of a spot pool itself. The pool
// in the contract carries them so the workloads placed there tolerate the
// taint and the scale-from-zero template matches a real node.
const (
	spotKey    = "kubernetes.azure.com/scalesetpriority"
	spotValue  = "spot"
	spotEffect = "NoSchedule"
)

// contractPools copies the pools and adds what AKS nodes carry beyond the
// stack's labels and taints: the accelerator=nvidia label on GPU pools (the
// cluster autoscaler reads it to wait for a new GPU node's driver instead of
// adding another), and the spot label and taint on spot pools.
func contractPools(in []config.NodePool) ([]config.NodePool, error) {
	return kit.Pools(in, func(p config.NodePool) (map[string]string, []config.Taint, error) {
		labels := map[string]string{}
		var taints []config.Taint
		if p.IsGPU() {
			for k, v := range acceleratorLabels {
				labels[k] = v
			}
		}
		if p.Spot {
			labels[spotKey] = spotValue
			taints = append(taints, config.Taint{Key: spotKey, Value: spotValue, Effect: spotEffect})
		}
		return labels, taints, nil
	})
}

// capabilities: AKS scales pools itself (the autoscaler profile of the
// managed cluster), runs metrics-server, and installs the NVIDIA driver on
// GPU pools by default; its GPU node images configure containerd with the
// NVIDIA container runtime. The device plugin is AKS's only on AKS-managed
// GPU pools (devicePlugin: aks); otherwise the GPU operator deploys it.
func capabilities(pools []config.NodePool, devicePlugin string) cluster.Capabilities {
	gpuPools := 0
	for _, p := range pools {
		if p.IsGPU() {
			gpuPools++
		}
	}
	return cluster.Capabilities{
		ManagedAutoscaling:           true,
		GPUDriverPreinstalled:        gpuPools > 0,
		ContainerToolkitPreinstalled: gpuPools > 0,
		DevicePluginPreinstalled:     gpuPools > 0 && devicePlugin == DevicePluginAKS,
		MetricsServer:                true,
		ManagedControlPlane:          true,
		// networkPolicy: azure (cluster.go) enforces NetworkPolicy.
		NetworkPolicyEnforced: true,
		LoadBalancers:         true,
	}
}

// acceleratorLabels are on every GPU node AKS creates; the cluster
// autoscaler's Azure provider reads accelerator to tell a GPU node whose
// GPUs are not allocatable yet.
var acceleratorLabels = map[string]string{"accelerator": "nvidia"}
