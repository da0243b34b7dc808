// Package gke turns a stack's cluster and node pools into a Google
// Kubernetes Engine (Standard) cluster and returns the cluster.Cluster
// contract.
//
// What it creates, all under one component (mlkube:cluster:GKE) and through
// one explicit GCP provider for the configured project and region:
//
//   - network.go: a VPC-native network (a subnetwork with secondary ranges
//     for pods and services) with Cloud Router and Cloud NAT, or the
//     configured network and subnetwork;
//   - iam.go: the nodes' own least-privilege service account, and the Cloud
//     KMS key that encrypts Secrets with its grant to GKE's service agent;
//   - cluster.go: the control plane, regional (zonal allowed outside
//     production), on a release channel, private nodes, authorized networks,
//     Workload Identity, shielded nodes, control-plane logs and metrics, the
//     default node pool removed;
//   - nodepool.go: one node pool per pool, with GKE's autoscaler between
//     the pool's min and max, GPUs with the driver GKE installs and GKE's
//     time-sharing or MIG partitions;
//   - computeclass.go: for a pool with provisioner computeClass, instead
//     of a node pool a ComputeClass from which GKE creates node pools for
//     pending pods, trying its capacity tiers and machine types in turn;
//   - kubeconfig.go, storage.go: an exec kubeconfig through
//     gke-gcloud-auth-plugin, the Kubernetes provider, the PD and Filestore
//     CSI classes.
//
// GKE scales its pools itself (the cluster autoscaler addon is not
// installed) and builds nodes for empty pools from the pool's own labels,
// taints and accelerators: templates.go reads the same from a plan.
package gke

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers/internal/kit"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component type that parents a GKE cluster's resources.
const TypeToken = "mlkube:cluster:GKE"

// driverHostPath is where GKE installs the NVIDIA driver on COS nodes.
const driverHostPath = "/home/kubernetes/bin/nvidia"

// internalLoadBalancer makes a LoadBalancer Service an internal passthrough
// load balancer in the cluster's VPC.
var internalLoadBalancer = map[string]string{"networking.gke.io/load-balancer-type": "Internal"}

// Cluster is the component that parents everything New creates.
type Cluster struct {
	pulumi.ResourceState
}

// builder carries what every resource of one cluster shares; Opts are
// the options of every GCP resource.
type builder struct {
	kit.Builder[*gcp.Provider]
	opts Options
}

func newCluster(ctx *pulumi.Context, name string, cfg *config.Config, opts ...pulumi.ResourceOption) (*cluster.Cluster, error) {
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	o, err := options(cfg)
	if err != nil {
		return nil, err
	}
	pools, err := poolsWithCloudLabels(cfg.NodePools)
	if err != nil {
		return nil, err
	}
	comp := &Cluster{}
	b := &builder{Builder: kit.Builder[*gcp.Provider]{Ctx: ctx, Cfg: cfg, Name: name, Comp: comp}, opts: o}
	if err := ctx.RegisterComponentResource(TypeToken, name, comp, opts...); err != nil {
		return nil, err
	}
	// An explicit provider: project and region come from the stack, never
	// from gcloud's configuration or GOOGLE_* variables.
	b.Provider, err = gcp.NewProvider(ctx, b.Name, &gcp.ProviderArgs{
		Project: pulumi.String(o.Project),
		Region:  pulumi.String(cfg.Cluster.Region),
		DefaultLabels: pulumi.StringMap{
			"mlkube-cluster":     pulumi.String(b.Name),
			"mlkube-environment": pulumi.String(cfg.Environment),
		},
	}, pulumi.Parent(b.Comp))
	if err != nil {
		return nil, err
	}

	nw, err := b.newNetwork()
	if err != nil {
		return nil, err
	}
	sa, grants, err := b.newNodeAccount()
	if err != nil {
		return nil, err
	}
	key, err := b.newSecretsKey()
	if err != nil {
		return nil, err
	}
	cl, err := b.newCluster(nw, key, sa)
	if err != nil {
		return nil, err
	}
	var nodePools []pulumi.Resource
	for _, p := range nodePoolPools(pools) {
		np, err := b.newNodePool(cl, nw, sa, grants, p)
		if err != nil {
			return nil, err
		}
		nodePools = append(nodePools, np)
	}
	kc, k8s, err := b.newKubernetes(cl)
	if err != nil {
		return nil, err
	}
	if _, err := b.newComputeClasses(k8s, nw, sa, grants, pools); err != nil {
		return nil, err
	}
	if err := b.newAdmins(k8s); err != nil {
		return nil, err
	}
	if err := b.newTeamAccess(); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(b.Comp, pulumi.Map{
		"name":               cl.Name,
		"location":           cl.Location,
		"endpoint":           cl.Endpoint,
		"kubeconfig":         kc,
		"network":            nw.network,
		"nodeServiceAccount": sa.Email,
		"secretsKey":         key.key.ID(),
	}); err != nil {
		return nil, err
	}

	c := kit.Built(Describe(cfg), kc, k8s)
	c.ServiceAccountAnnotations = map[string]pulumi.StringMapInput{}
	c.NodesReady = nodePools
	c.WorkloadIdentity = b.workloadIdentity(cl)
	return c, nil
}

// poolsWithCloudLabels copies the pools and adds GKE's accelerator label
// (cloud.google.com/gke-accelerator) to GPU pools: GKE puts it on GPU
// nodes itself, and the contract's pools say what their nodes carry.
func poolsWithCloudLabels(in []config.NodePool) ([]config.NodePool, error) {
	return kit.Pools(in, kit.GPULabels(acceleratorLabels))
}

// capabilities: GKE scales node pools itself, serves the metrics API and
// runs the control plane. On GPU nodes it installs the driver (under
// /home/kubernetes/bin/nvidia on COS), configures containerd for GPUs and
// runs its own device plugin, which applies each pool's time-sharing and
// MIG partitions from the node pool's accelerator config. Its own ingress
// controller (GCE) makes one load balancer per Ingress object, so services
// that share a host under different paths could not share an address: no
// IngressController, ingress-nginx serves them behind one load balancer.
func capabilities(pools []config.NodePool) cluster.Capabilities {
	gpus := false
	for _, p := range pools {
		gpus = gpus || p.IsGPU()
	}
	c := cluster.Capabilities{
		ManagedAutoscaling:  true,
		MetricsServer:       true,
		ManagedControlPlane: true,
		// Dataplane V2 (ADVANCED_DATAPATH, cluster.go) enforces
		// NetworkPolicy with no further setting.
		NetworkPolicyEnforced: true,
		LoadBalancers:         true,
	}
	if gpus {
		c.GPUDriverPreinstalled = true
		c.ContainerToolkitPreinstalled = true
		c.DevicePluginPreinstalled = true
		c.GPUSharingByCloud = true
		c.GPUDriverHostPath = driverHostPath
	}
	return c
}
