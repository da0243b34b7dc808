package training

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resources are a container's cpu/memory requests and limits (quantities).
type Resources = kube.Resources

// Toleration lets pods onto nodes with a matching taint.
type Toleration = kube.Toleration

// FieldError is one invalid argument, named by its Args field path.
type FieldError = kube.FieldError

// Restart policies.
const (
	RestartNever     = "Never"
	RestartOnFailure = "OnFailure"
)

// CronJob concurrency policies.
const (
	ConcurrencyForbid  = "Forbid"
	ConcurrencyReplace = "Replace"
	ConcurrencyAllow   = "Allow"
)

// Args configures a TrainingJob. Zero values take the documented defaults.
type Args struct {
	// Name of the Kubernetes objects (default: the component's logical
	// name). Lowercase DNS label of at most 52 characters.
	Name string
	// Namespace the objects live in (required), usually a team namespace.
	Namespace string
	// Image of the trainer: a digest or a versioned tag (required).
	Image string
	// Command and Arguments override the image's entrypoint and arguments.
	Command   []string
	Arguments []string
	// Env is plain, non-secret environment.
	Env map[string]string
	// SecretEnv maps variable names to keys of existing Secrets in the
	// namespace; they are set with secretKeyRef, never as plain values.
	SecretEnv map[string]SecretKeyRef
	// GPUs per pod, set equally in requests and limits (0 for CPU jobs).
	GPUs int
	// GPUResourceName is the extended resource GPUs are requested as
	// (default nvidia.com/gpu), following the pool's sharing mode.
	GPUResourceName string
	// Resources are the trainer's requests and limits; cpu and memory are
	// required in both.
	Resources Resources
	// NodeSelector pins the pods to a node pool (the pool's labels).
	NodeSelector map[string]string
	// Tolerations admit the pods to the pool's taints.
	Tolerations []Toleration
	// Schedule (cron syntax, e.g. "0 3 * * *") makes this a CronJob.
	Schedule string
	// TimeZone of Schedule, e.g. "Europe/Berlin" (default the controller's, UTC).
	TimeZone string
	// ConcurrencyPolicy of a CronJob: Forbid (default), Replace or Allow.
	ConcurrencyPolicy string
	// BackoffLimit is how many failed pods are retried (default 2); for a
	// parallel batch job it applies per index.
	BackoffLimit *int
	// ActiveDeadlineSeconds bounds the whole run (default 86400).
	ActiveDeadlineSeconds int
	// TTLSecondsAfterFinished deletes each finished Job of a scheduled job
	// (default none: the CronJob's history limits clean up). A one-shot Job
	// must not set it: see the package documentation.
	TTLSecondsAfterFinished *int
	// RestartPolicy of the pods: Never (default) or OnFailure.
	RestartPolicy string
	// Completions and Parallelism (> 1) make a parallel batch Indexed Job;
	// each pod reads JOB_COMPLETION_INDEX.
	Completions int
	Parallelism int
	// Distributed runs multi-node data-parallel training (PyTorch DDP).
	Distributed *Distributed
	// NonRetriableExitCodes fail the Job (the index, for parallel batch)
	// at once instead of retrying (restartPolicy Never only).
	NonRetriableExitCodes []int
	// DataVolume is a PVC with the training data, mounted read-only at
	// DataPath in the trainer (read-write in the StageData container).
	DataVolume string
	// DataPath is where data appears (default /data); passed as DATA_DIR.
	DataPath string
	// CheckpointVolume is a PVC mounted read-write at CheckpointPath.
	CheckpointVolume string
	// CheckpointPath (default /checkpoints); passed as CHECKPOINT_DIR.
	CheckpointPath string
	// StageData runs an init container that writes the data into DataPath
	// (DataVolume, or an emptyDir without one) before training starts.
	StageData *Stage
	// ServiceAccountAnnotations are put on the ServiceAccount, e.g. a cloud
	// role for reading the data bucket.
	ServiceAccountAnnotations map[string]string
	// CloudIdentityAnnotations are ServiceAccount annotations known only
	// once the cloud identity exists (an IAM role's ARN); they are merged
	// over ServiceAccountAnnotations. The identity's resources belong in
	// After, so no pod starts before it may read.
	CloudIdentityAnnotations pulumi.StringMapInput
	// Egress opens destinations to the job's pods (a NetworkPolicy of
	// their own, DNS included), on top of what their namespace allows.
	Egress []EgressRule
	// NeedsEgress names the egress destinations the job's pods need
	// (objectStorage for the data it reads), as the caller names them.
	// They are declared on the Job or CronJob, so a check of the stack's
	// NetworkPolicies can prove they are reachable.
	NeedsEgress []string
	// RunAsUser is the non-root UID (and GID) of every container (default 1000).
	RunAsUser int
	// FSGroup owns mounted volumes (default 1000).
	FSGroup int
	// SharedMemorySize caps the memory-backed /dev/shm (empty: bounded by
	// the memory limit, which it counts against).
	SharedMemorySize string
	// Queue is the Kueue LocalQueue of the namespace that admits the job
	// (empty: the job is not queued). A queued Job is created suspended
	// and labelled with the queue; Kueue unsuspends it once the quota for
	// all of its pods is free, so a distributed job starts whole or not
	// at all. A CronJob's Jobs carry the label and Kueue's webhook
	// suspends each as it is created.
	Queue string
	// PriorityClassName orders the pods against other pods (preemption by
	// the scheduler) and the job against other workloads (Kueue).
	PriorityClassName string
	// TerminationGracePeriodSeconds is how long an evicted or preempted
	// pod has to write its checkpoint (default 300 with a
	// CheckpointVolume, else Kubernetes' 30).
	TerminationGracePeriodSeconds int
	// Labels are added to every object and pod.
	Labels map[string]string
	// After are resources every object of the component waits for, such as
	// the team's Namespace: a component's own DependsOn does not reach its
	// children, so without this an object could be created before its
	// namespace exists.
	After []pulumi.Resource
}

// SecretKeyRef names a key of an existing Secret.
type SecretKeyRef = kube.SecretKeyRef

// Distributed configures multi-node data-parallel training.
type Distributed struct {
	// Nodes is the number of pods, one per node (at least 2).
	Nodes int
	// Port of the rendezvous master (default 29500).
	Port int
}

// Stage is the data-staging init container.
type Stage struct {
	// Image that stages the data (digest or versioned tag).
	Image string
	// Command and Arguments it runs; it writes into DATA_DIR.
	Command   []string
	Arguments []string
	// Resources of the stage container (default 500m/512Mi requests,
	// 2/2Gi limits).
	Resources *Resources
}

// EgressRule opens an address block (minus exceptions) on some ports.
type EgressRule = kube.EgressRule
