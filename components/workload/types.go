package workload

// Resources are a container's compute requests and limits, keyed by
// resource name ("cpu", "memory", "ephemeral-storage") with Kubernetes
// quantities as values ("500m", "16Gi"). GPUs are not listed here: they
// have their own count so that requests and limits always match.
type Resources struct {
	// Requests are what the scheduler reserves; cpu and memory are required.
	Requests map[string]string
	// Limits cap what the container may use; cpu and memory are required,
	// and each must be at least the matching request.
	Limits map[string]string
}

// Toleration lets pods onto nodes with a matching taint, typically the
// taints of the node pool a workload targets (e.g. nvidia.com/gpu=present:NoSchedule).
type Toleration struct {
	// Key is the taint key; empty with Operator Exists tolerates every taint.
	Key string
	// Operator is Equal or Exists; empty means Equal when Value is set and
	// Exists otherwise.
	Operator string
	// Value must equal the taint's value when Operator is Equal.
	Value string
	// Effect is NoSchedule, PreferNoSchedule or NoExecute; empty matches all.
	Effect string
	// TolerationSeconds bounds how long a NoExecute taint is tolerated.
	TolerationSeconds *int
}

// SecretKeyRef names a key of an existing Secret in the pod's namespace.
type SecretKeyRef struct {
	// Secret is the Secret's name.
	Secret string `json:"secret"`
	// Key inside the Secret.
	Key string `json:"key"`
}

// EgressRule opens one address block (minus Except) on Ports to the pods
// a policy selects.
type EgressRule struct {
	CIDR   string
	Except []string
	// Ports are the allowed ports (none: every port).
	Ports []int
	// Protocol is TCP (default) or UDP.
	Protocol string
}
