// Package cluster is the contract between the cluster providers below it and
// everything cloud-agnostic above it (addons, workload components, the plan).
//
// A provider (providers/eks, providers/existing, ...) turns the stack's
// cluster and node pool configuration into a *Cluster. Addons and workloads
// read only this value: they never import a cloud SDK and never look at the
// provider kind to guess what the cloud does; they read Capabilities.
package cluster

import (
	"slices"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Cluster is a Kubernetes cluster ready for addons and workloads: the
// Shape its provider described from the stack file alone, and what exists
// only once the cloud has built it (credentials, the Kubernetes provider,
// roles, the resources others wait for).
type Cluster struct {
	Shape

	// Kubeconfig reaches the API server. It is always a secret output and,
	// on clouds, exec-plugin based (no static long-lived token).
	Kubeconfig pulumi.StringOutput
	// Provider is the Kubernetes provider built from Kubeconfig. Every
	// Kubernetes object of the stack is created through it.
	Provider *kubernetes.Provider

	// ServiceAccountAnnotations are per-addon annotations that give an
	// addon's service account cloud permissions (e.g. the IRSA role of the
	// cluster autoscaler), keyed by addon name (see the Addon* constants).
	ServiceAccountAnnotations map[string]pulumi.StringMapInput

	// NodesReady are the resources (node groups, node pools) that must exist
	// before anything that needs a running pod can become ready. Helm
	// releases that wait for pods depend on them; plain objects need not.
	NodesReady []pulumi.Resource
	// NodesLabelled are the resources that put the pools' labels on nodes
	// that exist already (an adopted cluster's pools listed by node name).
	// Workloads wait for them, or their pods would find no node.
	NodesLabelled []pulumi.Resource

	// WorkloadIdentity gives a workload's ServiceAccount a cloud identity
	// that may read its object storage (see WorkloadIdentityFunc); nil
	// exactly when the Shape says WorkloadIdentities is false.
	WorkloadIdentity WorkloadIdentityFunc
}

// Addon names used as keys of ServiceAccountAnnotations.
const (
	AddonAutoscaler = "cluster-autoscaler"
	// AddonIngress is the cloud's ingress controller (IngressController).
	AddonIngress = "ingress-controller"
)

// IngressController is a cloud's own ingress controller: which pinned chart
// installs it and what it needs to know about the cluster. The provider
// fills it (and the IAM role of its service account, under
// ServiceAccountAnnotations[AddonIngress]); the ingress addon installs it.
type IngressController struct {
	// Chart is the chart's name among the pinned charts (addons/versions).
	Chart string
	// Namespace and ServiceAccount are where it runs; the provider's role
	// trusts exactly this service account.
	Namespace, ServiceAccount string
	// Class is the IngressClass it serves.
	Class string
	// Values are the chart values that tell it about the cluster (name,
	// region, network); they may hold outputs.
	Values map[string]any
	// Annotations go on every Ingress it serves (load balancer scheme,
	// target type, one shared load balancer per cluster).
	Annotations map[string]string
	// PeerCIDRs are the addresses its load balancers reach pods from
	// (the cluster's network); empty when the network is not known here.
	PeerCIDRs []string
	// PodLabels select its pods, and MetricsPort names the container
	// port Prometheus scrapes.
	PodLabels   map[string]string
	MetricsPort string
}

// Where the cluster autoscaler runs. The provider's IAM role trusts exactly
// this service account and the addon creates exactly it, so both read these.
const (
	AutoscalerNamespace      = "kube-system"
	AutoscalerServiceAccount = "cluster-autoscaler"
)

// Capabilities are what the cloud already does, so addons do not do it twice.
type Capabilities struct {
	// ManagedAutoscaling: the cloud scales node pools itself (GKE, AKS).
	// Without it, the cluster autoscaler addon is installed.
	ManagedAutoscaling bool
	// AutoscalerCloudProvider is the cluster autoscaler's --cloud-provider
	// value when ManagedAutoscaling is false and nodes can be added at all
	// (aws); empty means the pools are fixed (kubeadm on own servers).
	AutoscalerCloudProvider string
	// GPUDriverPreinstalled: GPU node images carry the NVIDIA driver.
	GPUDriverPreinstalled bool
	// ContainerToolkitPreinstalled: GPU node images carry the NVIDIA
	// container toolkit and the runtime is configured for it.
	ContainerToolkitPreinstalled bool
	// DevicePluginPreinstalled: GPU node images run the NVIDIA device
	// plugin themselves (Bottlerocket NVIDIA), so the GPU operator must not
	// deploy a second one.
	DevicePluginPreinstalled bool
	// GPUDriverHostPath is where a preinstalled driver lives on the host
	// when it is not the default (GKE COS: /home/kubernetes/bin/nvidia).
	GPUDriverHostPath string
	// GPUSharingByCloud: the cloud's own device plugin applies each GPU
	// pool's time-sharing and MIG partitions, set on the node pool (GKE's
	// gpuSharingConfig and gpuPartitionSize), so the GPU operator's MIG
	// manager stays off and its sharing config is not needed.
	GPUSharingByCloud bool
	// LoadBalancers: a Service of type LoadBalancer gets an address (a
	// cloud's load balancer, or MetalLB on own servers). Without it the
	// ingress controller listens on a node port of every node.
	LoadBalancers bool
	// MetricsServer: the cluster already serves metrics.k8s.io.
	MetricsServer bool
	// ManagedControlPlane: the cloud runs the API server, scheduler,
	// controller manager and etcd; they cannot be scraped or tuned.
	ManagedControlPlane bool
	// NetworkPolicyEnforced: the network plugin enforces NetworkPolicy
	// (EKS with the VPC CNI's policy agent on; an adopted cluster says so
	// in its stack). Without it, the teams' isolation is only on paper and
	// the plan warns.
	NetworkPolicyEnforced bool
	// KubeletCertsUnsigned: kubelets serve self-signed certificates (not
	// signed by the cluster CA, as kubeadm sets them up), so clients of the
	// kubelet API such as metrics-server cannot verify them.
	KubeletCertsUnsigned bool
}

// Storage is how the cluster provisions volumes.
type Storage struct {
	// Fast and Standard are block (ReadWriteOnce) classes.
	Fast     StorageClass
	Standard StorageClass
	// Shared is a ReadWriteMany class; nil when the cluster has none.
	Shared *StorageClass
}

// StorageClass is a provisioner with its parameters.
type StorageClass struct {
	Provisioner string
	Parameters  map[string]string
	// ParameterInputs are parameters known only once the cloud created
	// something (the EFS fileSystemId); they are merged over Parameters.
	ParameterInputs pulumi.StringMapInput
}

// BlockProvisioners are the provisioners of the block classes, which attach
// a volume to one node at a time; a provisioner that also serves the shared
// class is not one of them.
func (s Storage) BlockProvisioners() []string {
	var out []string
	for _, c := range []StorageClass{s.Fast, s.Standard} {
		if c.Provisioner == "" || (s.Shared != nil && s.Shared.Provisioner == c.Provisioner) || slices.Contains(out, c.Provisioner) {
			continue
		}
		out = append(out, c.Provisioner)
	}
	return out
}

// KubernetesGroup is the RBAC group of a team's group (see TeamGroup).
func (c *Shape) KubernetesGroup(group string) string {
	if c.TeamGroup == nil {
		return group
	}
	return c.TeamGroup(group)
}

// Pool returns the named pool, or false.
func (c *Shape) Pool(name string) (Pool, bool) {
	for _, p := range c.Pools {
		if p.Name == name {
			return p, true
		}
	}
	return Pool{}, false
}

// GPUPools returns the pools that have GPUs.
func (c *Shape) GPUPools() []Pool {
	var out []Pool
	for _, p := range c.Pools {
		if p.IsGPU() {
			out = append(out, p)
		}
	}
	return out
}
