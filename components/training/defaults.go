package training

import "github.com/mlkube/mlkube/components/internal/kube"

// Defaults.
const (
	DefaultBackoffLimit          = 2
	DefaultActiveDeadlineSeconds = 86400
	DefaultMasterPort            = 29500
	DefaultDataPath              = "/data"
	DefaultCheckpointPath        = "/checkpoints"
	// DefaultCheckpointGraceSeconds gives a preempted pod time to write a
	// checkpoint of a large model to a network volume.
	DefaultCheckpointGraceSeconds = 300
)

// defaultStageResources suit a copy tool.
func defaultStageResources() Resources {
	return Resources{
		Requests: map[string]string{"cpu": "500m", "memory": "512Mi"},
		Limits:   map[string]string{"cpu": "2", "memory": "2Gi"},
	}
}

// withDefaults returns a copy of a with every zero value defaulted.
func withDefaults(a Args) Args {
	intp := func(v int) *int { return &v }
	if a.BackoffLimit == nil {
		a.BackoffLimit = intp(DefaultBackoffLimit)
	}
	if a.ActiveDeadlineSeconds == 0 {
		a.ActiveDeadlineSeconds = DefaultActiveDeadlineSeconds
	}
	if a.RestartPolicy == "" {
		a.RestartPolicy = RestartNever
	}
	if a.Schedule != "" && a.ConcurrencyPolicy == "" {
		a.ConcurrencyPolicy = ConcurrencyForbid
	}
	kube.PodDefaults(&a.Pod)
	if a.TerminationGracePeriodSeconds == 0 && a.CheckpointVolume != "" {
		a.TerminationGracePeriodSeconds = DefaultCheckpointGraceSeconds
	}
	if a.DataPath == "" {
		a.DataPath = DefaultDataPath
	}
	if a.CheckpointPath == "" {
		a.CheckpointPath = DefaultCheckpointPath
	}
	if a.Distributed != nil {
		d := *a.Distributed
		if d.Port == 0 {
			d.Port = DefaultMasterPort
		}
		a.Distributed = &d
	}
	if a.StageData != nil {
		s := *a.StageData
		if s.Resources == nil {
			r := defaultStageResources()
			s.Resources = &r
		}
		a.StageData = &s
	}
	return a
}
