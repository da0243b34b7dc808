package team

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FieldError is one invalid argument, named by its Args field path.
type FieldError = kube.FieldError

// EgressRule opens an address block (minus exceptions) on some ports.
type EgressRule = kube.EgressRule

// Pod Security Standards a team namespace may enforce.
const (
	Restricted = "restricted"
	Baseline   = "baseline"
)

// Args configures a Team. Zero values take the documented defaults.
type Args struct {
	// Name of the team (default: the component's logical name).
	Name string
	// Namespace name (default Name).
	Namespace string
	// PodSecurity is the enforced Pod Security Standard: restricted
	// (default) or baseline. Audit and warn use the same level.
	PodSecurity string
	// Groups are identity-provider groups bound to the ml-engineer Role.
	Groups []string
	// Quota caps what the namespace may request.
	Quota Quota
	// Limits are the container defaults of the LimitRange.
	Limits Limits
	// MonitoringNamespace may scrape the team's pods (default "monitoring").
	MonitoringNamespace string
	// EgressCIDRs may be reached on TCP 443 (default none: only DNS and the
	// namespace itself).
	EgressCIDRs []string
	// Egress are further allowances for every pod of the namespace
	// (address blocks with exceptions, ports and protocol).
	Egress []EgressRule
	// Production protects the Namespace from deletion (pulumi protect).
	Production bool
	// Labels are added to every object, the Namespace included.
	Labels map[string]string
	// Queue, when set, gives the namespace a Kueue LocalQueue through
	// which the team's training jobs are admitted.
	Queue *Queue
}

// Queue is the team's Kueue LocalQueue.
type Queue struct {
	// Name of the LocalQueue; jobs name it in kueue.x-k8s.io/queue-name.
	Name string
	// ClusterQueue is the team's ClusterQueue, which holds its quota.
	ClusterQueue string
	// After are what the LocalQueue waits for: the release that installs
	// Kueue's CRDs and webhook, and the ClusterQueue.
	After []pulumi.Resource
}

// Quota is the team's ResourceQuota.
type Quota struct {
	// GPUs caps requests.<name> of each of GPUResources (0 forbids GPUs).
	GPUs int
	// GPUResources are the GPU extended resources the team's pods may
	// request: nvidia.com/gpu, and nvidia.com/mig-<profile> when its
	// workloads run on mixed-MIG pools (default [nvidia.com/gpu]).
	GPUResources []string
	// CPU and Memory cap the sum of requests ("64", "256Gi"); empty: no cap.
	CPU    string
	Memory string
	// LimitsCPU and LimitsMemory cap the sum of limits; empty: no cap.
	LimitsCPU    string
	LimitsMemory string
	// Storage caps requested volume capacity ("2Ti"); empty: no cap.
	Storage string
	// Pods caps the number of pods (default 200).
	Pods int
}

// Limits are LimitRange defaults for containers that set none.
type Limits struct {
	// DefaultRequestCPU and DefaultRequestMemory (default 250m, 512Mi).
	DefaultRequestCPU    string
	DefaultRequestMemory string
	// DefaultCPU and DefaultMemory are default limits (default 1, 2Gi).
	DefaultCPU    string
	DefaultMemory string
}
