package cluster

// Shape is what a cluster will be, known from the stack file alone: a pure
// function of the configuration (each provider's Describe), computed before
// anything is registered. Validation and the workload checks read it, so a
// stack learns what its cluster cannot do from `mlkube validate`; New builds
// what Describe said, and the built Cluster embeds the same Shape.
type Shape struct {
	// Name is the cluster name from the stack (cluster.name).
	Name string
	// Kind is the provider that makes it: eks, gke, aks, kubeadm or existing.
	Kind string
	// KubernetesVersion is the minor version, e.g. "1.36". Addons whose
	// image must match the cluster (the cluster autoscaler) read it.
	KubernetesVersion string
	// Region is the cloud region or location; empty off-cloud.
	Region string

	// Pools are the node pools as the stack asked for them, with the labels
	// and taints their nodes carry (cloud GPU labels included).
	Pools []Pool

	// Capabilities say what the cloud already does.
	Capabilities Capabilities
	// Storage names the provisioners for block and shared volumes. Values
	// the cloud knows only once it has created something (the EFS file
	// system's ID) are added by New, in ParameterInputs.
	Storage Storage

	// InternalLoadBalancerAnnotations are the Service annotations that ask
	// the cloud for a load balancer reachable only inside the cluster's
	// network (GKE: networking.gke.io/load-balancer-type: Internal; Azure:
	// service.beta.kubernetes.io/azure-load-balancer-internal).
	// Empty when the cluster has no such load balancer.
	InternalLoadBalancerAnnotations map[string]string

	// IngressController is the cloud's own ingress controller, which the
	// ingress addon installs to serve Ingress objects with the cloud's load
	// balancers; nil where the cloud gives none that fits (ingress-nginx
	// serves them then). Values known only once the cloud has built the
	// network (a VPC ID) are added by New.
	IngressController *IngressController
	// GatewayController is the cloud's own Gateway API implementation, which
	// the gateway addon uses instead of installing one; nil where the cloud
	// has none that fits (see GatewayController).
	GatewayController *GatewayController

	// NodeGroupPatterns map each pool to a regular expression matching the
	// name under which the cluster autoscaler sees its node group (the
	// Auto Scaling group on AWS). Only providers whose pools the cluster
	// autoscaler scales fill it; the names are the provider's to know.
	NodeGroupPatterns map[string]string

	// ServedKinds are custom resource kinds (Kind.group) whose CRDs the
	// cloud installs on every cluster itself, such as GKE's
	// ComputeClass.cloud.google.com: their objects wait for no release.
	ServedKinds []string

	// WorkloadIdentities: the cluster gives a workload's ServiceAccount a
	// cloud identity (Cluster.WorkloadIdentity). Without it a stack's
	// identity key is refused.
	WorkloadIdentities bool
	// TeamGroup is the Kubernetes group under which the cloud presents the
	// members of one of a team's groups (workloads.teams[].groups, in the
	// cloud's own spelling: an IAM role ARN on EKS, a Google Group on GKE,
	// an Entra group object ID on AKS); the team's RoleBindings name it.
	// nil: the group's own name (see KubernetesGroup).
	TeamGroup func(group string) string
	// Egress resolves the stack's named egress needs (egress: [{to:
	// objectStorage}]) for this cloud; a name it lacks falls back to
	// PublicHTTPS (see EgressTo).
	Egress map[string][]EgressDestination
}
