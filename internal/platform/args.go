package platform

import (
	"github.com/mlkube/mlkube/addons/kueue"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/components/priority"
	"github.com/mlkube/mlkube/components/training"
	"github.com/mlkube/mlkube/components/workload"
	"github.com/mlkube/mlkube/internal/config"
)

// The stack file's workloads become component Args here, and only here:
// the same Args are validated before anything is registered (Check) and
// built into resources after the cluster exists (deploy). What needs the
// registered cluster (identity, prerequisites, scraping) deploy adds.
// Fields a stack leaves out stay zero: the components own the defaults.

// pod is a workload's pods in the components' words: what the stack file
// spells as they do (workload.Container) is copied whole, so a field added
// there needs no line here; the pool (selector, taints, GPU resource name,
// as the cluster decided them), the team's namespace, the egress its reads
// need, the priority class of its kind and the grace period are derived.
func (w *workloads) pod(c config.Workload, kind string, reads bool, grace int) workload.Pod {
	pool, _ := w.cl.Pool(c.Pool)
	selector, tolerations := placement(pool)
	return workload.Pod{
		Name:                          c.Name,
		Namespace:                     w.namespace(c.Team),
		Container:                     c.Container,
		GPUs:                          gpuCount(c.GPU),
		GPUResourceName:               pool.GPUResource(),
		Resources:                     resources(c.Resources),
		NodeSelector:                  selector,
		Tolerations:                   tolerations,
		Egress:                        w.egress(c.Egress, reads),
		NeedsEgress:                   needsEgress(reads),
		PriorityClassName:             priority.For(kind, w.cfg.Production()).Name,
		TerminationGracePeriodSeconds: grace,
	}
}

func (w *workloads) inferenceArgs(s config.Inference) *inference.Args {
	return &inference.Args{
		Pod:      w.pod(s.Workload, priority.Serving, s.NeedsObjectStorage(), s.TerminationGracePeriodSeconds),
		Replicas: s.Replicas,
		Port:     s.Port,
		Model: inference.Model{
			Source: s.Model.Source, Volume: modelClaim(s.Model), SharedVolume: w.shared(s.Model.Volume), Path: s.Model.Path,
			Version: s.Model.Version, DownloaderImage: w.downloaderImage(s.Model), InImage: s.Model.InImage,
		},
		Config: s.Config,
		Probes: inference.Probes{
			ReadinessPath: s.Probes.ReadinessPath, LivenessPath: s.Probes.LivenessPath,
			Port: s.Probes.Port, StartupSeconds: s.Probes.StartupSeconds,
		},
		Expose:              w.expose(s),
		Autoscaling:         autoscaling(s.Autoscaling),
		Vertical:            vertical(config.VerticalOf(&s)),
		MonitoringNamespace: monitoring.Namespace,
	}
}

func (w *workloads) trainingArgs(j config.Training) *training.Args {
	args := &training.Args{
		Pod:                     w.pod(j.Workload, priority.Training, len(j.ReadURIs()) > 0, j.CheckpointGraceSeconds),
		Schedule:                j.Schedule,
		ConcurrencyPolicy:       j.ConcurrencyPolicy,
		BackoffLimit:            j.BackoffLimit,
		ActiveDeadlineSeconds:   j.ActiveDeadlineSeconds,
		TTLSecondsAfterFinished: j.TTLSecondsAfterFinished,
		RestartPolicy:           j.RestartPolicy,
		Completions:             j.Completions,
		Parallelism:             j.Parallelism,
		DataVolume:              j.DataVolume,
		CheckpointVolume:        j.CheckpointVolume,
	}
	if queued(w.cfg) {
		args.Queue = kueue.LocalQueueName
	}
	if d := j.Distributed; d != nil {
		args.Distributed = &training.Distributed{Nodes: d.Nodes, Port: d.Port}
	}
	if s := j.StageData; s != nil {
		args.StageData = &training.Stage{Image: s.Image, Command: s.Command}
	}
	return args
}

// downloaderImage is the model's downloader: the stack's own choice, else
// the component's pinned one from the stack's image mirror when it has one
// (empty lets the component default it).
func (w *workloads) downloaderImage(m config.Model) string {
	if m.DownloaderImage != "" || w.cfg.Addons.ImageRegistry == "" || m.Source == "" {
		return m.DownloaderImage
	}
	return versions.MirrorImage(inference.DefaultDownloaderImage, w.cfg.Addons.ImageRegistry)
}
