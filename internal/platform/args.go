package platform

import (
	"github.com/mlkube/mlkube/addons/kueue"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/components/priority"
	"github.com/mlkube/mlkube/components/training"
	"github.com/mlkube/mlkube/internal/config"
)

// The stack file's workloads become component Args here, and only here:
// the same Args are validated before anything is registered (Check) and
// built into resources after the cluster exists (deploy). What needs the
// registered cluster (identity, prerequisites, scraping) deploy adds.
// Fields a stack leaves out stay zero: the components own the defaults.

// pod is what an inference service's and a training job's Args share.
type pod struct {
	namespace   string
	selector    map[string]string
	tolerations []inference.Toleration
	gpus        int
	gpuResource string
	resources   inference.Resources
	secretEnv   map[string]inference.SecretKeyRef
}

// pod places a workload on its pool (whose selector, taints and GPU
// resource name the cluster decided) in its team's namespace.
func (w *workloads) pod(c config.Workload) pod {
	pool, _ := w.cl.Pool(c.Pool)
	selector, tolerations := placement(pool)
	return pod{
		namespace:   w.namespace(c.Team),
		selector:    selector,
		tolerations: tolerations,
		gpus:        gpuCount(c.GPU),
		gpuResource: pool.GPUResource(),
		resources:   resources(c.Resources),
		secretEnv:   secretEnv(c.SecretEnv),
	}
}

func (w *workloads) inferenceArgs(s config.Inference) *inference.Args {
	p := w.pod(s.Workload)
	return &inference.Args{
		Name:            s.Name,
		Namespace:       p.namespace,
		Image:           s.Image,
		Command:         s.Command,
		Arguments:       s.Args,
		Replicas:        s.Replicas,
		Port:            s.Port,
		GPUs:            p.gpus,
		GPUResourceName: p.gpuResource,
		Resources:       p.resources,
		Model: inference.Model{
			Source: s.Model.Source, Volume: modelClaim(s.Model), SharedVolume: w.shared(s.Model.Volume), Path: s.Model.Path,
			Version: s.Model.Version, DownloaderImage: w.downloaderImage(s.Model), InImage: s.Model.InImage,
		},
		Env:       s.Env,
		SecretEnv: p.secretEnv,
		Config:    s.Config,
		Probes: inference.Probes{
			ReadinessPath: s.Probes.ReadinessPath, LivenessPath: s.Probes.LivenessPath,
			Port: s.Probes.Port, StartupSeconds: s.Probes.StartupSeconds,
		},
		TerminationGracePeriodSeconds: s.TerminationGracePeriodSeconds,
		PriorityClassName:             priority.For(priority.Serving, w.cfg.Production()).Name,
		NodeSelector:                  p.selector,
		Tolerations:                   p.tolerations,
		Expose:                        w.expose(s),
		Autoscaling:                   autoscaling(s.Autoscaling),
		Vertical:                      vertical(config.VerticalOf(&s)),
		MonitoringNamespace:           monitoring.Namespace,
		Egress:                        w.egress(s.Egress, s.NeedsObjectStorage()),
		NeedsEgress:                   needsEgress(s.NeedsObjectStorage()),
	}
}

func (w *workloads) trainingArgs(j config.Training) *training.Args {
	p := w.pod(j.Workload)
	args := &training.Args{
		Name:                          j.Name,
		Namespace:                     p.namespace,
		Image:                         j.Image,
		Command:                       j.Command,
		Arguments:                     j.Args,
		Env:                           j.Env,
		SecretEnv:                     p.secretEnv,
		GPUs:                          p.gpus,
		GPUResourceName:               p.gpuResource,
		Resources:                     p.resources,
		NodeSelector:                  p.selector,
		Tolerations:                   p.tolerations,
		Schedule:                      j.Schedule,
		ConcurrencyPolicy:             j.ConcurrencyPolicy,
		BackoffLimit:                  j.BackoffLimit,
		ActiveDeadlineSeconds:         j.ActiveDeadlineSeconds,
		TTLSecondsAfterFinished:       j.TTLSecondsAfterFinished,
		RestartPolicy:                 j.RestartPolicy,
		Completions:                   j.Completions,
		Parallelism:                   j.Parallelism,
		DataVolume:                    j.DataVolume,
		CheckpointVolume:              j.CheckpointVolume,
		Egress:                        w.egress(j.Egress, len(j.ReadURIs()) > 0),
		NeedsEgress:                   needsEgress(len(j.ReadURIs()) > 0),
		PriorityClassName:             priority.For(priority.Training, w.cfg.Production()).Name,
		TerminationGracePeriodSeconds: j.CheckpointGraceSeconds,
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
