package workload

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Container is what a workload's pods run, in the same words in the Go
// Args and in the stack file: the stack file's services and jobs embed it,
// so a field added here is a stack key of both without another line.
type Container struct {
	// Image is a digest or a versioned tag (required; `latest` or no tag
	// is refused: the running version must not depend on when a node
	// pulled the image).
	Image string `json:"image"`
	// Command and Arguments override the image's entrypoint and arguments.
	Command   []string `json:"command"`
	Arguments []string `json:"args"`
	// Env is plain, non-secret environment.
	Env map[string]string `json:"env"`
	// SecretEnv sets variables from keys of existing Secrets in the pods'
	// namespace, through secretKeyRef: never as plain values, which anyone
	// who may read the workload would see.
	SecretEnv map[string]SecretKeyRef `json:"secretEnv"`
	// RuntimeClassName runs the pods under that RuntimeClass (empty: the
	// node's default runtime), e.g. the GPU operator's nvidia, nvidia-cdi
	// or nvidia-legacy on own servers whose containerd does not run the
	// NVIDIA runtime by default (GPU operator docs, CDI support, read
	// 2026-12-04), or a sandbox such as gVisor's.
	RuntimeClassName string `json:"runtimeClassName"`
}

// Pod is what an inference service's and a training job's pods share:
// who runs which image where, with what resources, environment, identity
// and network access. Both Args embed it, so each field has one meaning,
// one default and one rule.
type Pod struct {
	// Name of the Kubernetes objects (default: the component's logical
	// name). Lowercase DNS label of at most 52 characters.
	Name string
	// Namespace the objects live in (required), usually a team namespace.
	Namespace string
	Container
	// GPUs per pod, set equally in requests and limits (0 for CPU pods).
	GPUs int
	// GPUResourceName is the extended resource GPUs are requested as
	// (default nvidia.com/gpu; e.g. nvidia.com/mig-1g.10gb on a MIG pool
	// with the mixed strategy), so GPU sharing follows the pool's mode.
	GPUResourceName string
	// Resources are the main container's requests and limits; cpu and
	// memory are required in both.
	Resources Resources
	// NodeSelector pins the pods to a node pool (the pool's labels).
	NodeSelector map[string]string
	// Tolerations admit the pods to the pool's taints.
	Tolerations []Toleration
	// ServiceAccountAnnotations are put on the pods' own ServiceAccount,
	// e.g. an eks.amazonaws.com/role-arn for reading a bucket.
	ServiceAccountAnnotations map[string]string
	// CloudIdentityAnnotations are ServiceAccount annotations known only
	// once the cloud identity exists (an IAM role's ARN); they are merged
	// over ServiceAccountAnnotations. The identity's resources belong in
	// After, so no pod starts before it may read.
	CloudIdentityAnnotations pulumi.StringMapInput
	// Egress opens destinations to the workload's pods (a NetworkPolicy of
	// their own, DNS included), on top of what their namespace allows.
	Egress []EgressRule
	// NeedsEgress names the egress destinations the pods need
	// (objectStorage for a model or data bucket), as the caller names
	// them. They are declared on the workload objects, so a check of the
	// stack's NetworkPolicies can prove they are reachable.
	NeedsEgress []string
	// RunAsUser is the non-root UID (and GID) of every container (default 1000).
	RunAsUser int
	// FSGroup owns mounted volumes (default 1000).
	FSGroup int
	// SharedMemorySize caps the memory-backed /dev/shm (empty: bounded by
	// the memory limit, which it counts against). Training pods always
	// mount it (data loaders, NCCL); servers only with GPUs.
	SharedMemorySize string
	// PriorityClassName orders the pods against other pods (preemption by
	// the scheduler) and a job against other workloads (Kueue): a serving
	// class above training lets a scale-up preempt a training pod that
	// borrowed the capacity.
	PriorityClassName string
	// TerminationGracePeriodSeconds is how long a pod has after SIGTERM:
	// for a server, to finish in-flight requests after the drain (default
	// 60); for a job, to write its checkpoint when evicted or preempted
	// (default 300 with a CheckpointVolume, else Kubernetes' 30).
	TerminationGracePeriodSeconds int
	// Labels are added to every object and pod.
	Labels map[string]string
	// After are resources every object of the component waits for, such as
	// the team's Namespace: a component's own DependsOn does not reach its
	// children, so without this an object could be created before its
	// namespace exists.
	After []pulumi.Resource
}
