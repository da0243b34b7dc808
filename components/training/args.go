package training

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/mlkube/mlkube/components/workload"
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

// Pod is what a job's pods share with an inference service's: image,
// command, environment, resources, placement, identity, egress, priority.
type Pod = workload.Pod

// Args configures a TrainingJob. Zero values take the documented defaults.
type Args struct {
	// Pod is the trainer's pods; their Env must not hold what looks like
	// a secret (use SecretEnv).
	Pod
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
	// Queue is the Kueue LocalQueue of the namespace that admits the job
	// (empty: the job is not queued). A queued Job is created suspended
	// and labelled with the queue; Kueue unsuspends it once the quota for
	// all of its pods is free, so a distributed job starts whole or not
	// at all. A CronJob's Jobs carry the label and Kueue's webhook
	// suspends each as it is created.
	Queue string
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
