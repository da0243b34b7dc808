package platform

import (
	"fmt"
	"maps"
	"slices"

	"github.com/mlkube/mlkube/addons/kueue"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/components/priority"
	"github.com/mlkube/mlkube/components/storage"
	"github.com/mlkube/mlkube/components/team"
	"github.com/mlkube/mlkube/components/training"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// workloads carries what the workload components of one stack share.
type workloads struct {
	ctx *pulumi.Context
	cfg *config.Config
	cl  *cluster.Cluster
	// Prerequisites are concrete resources, never components: the Go SDK
	// expands a component dependency to the children registered so far,
	// which races with the component's own registrations.
	classes    []pulumi.Resource
	namespaces map[string]pulumi.Resource
	// scrapeAfter is set when monitoring is installed: inference services
	// then get a PodMonitor that waits for the monitoring release.
	scrapeAfter []pulumi.Resource
	// gatewayAfter installs the Gateway API CRDs the services' routes need.
	gatewayAfter []pulumi.Resource
	// vpaAfter installs the VerticalPodAutoscaler CRD.
	vpaAfter []pulumi.Resource
	claims   map[string]pulumi.Resource
	// kueue is set when the stack queues its training jobs: teams get a
	// LocalQueue pointing at their ClusterQueue.
	kueue *kueue.Kueue
	// priorities are the PriorityClasses by name; pods naming one wait
	// for it (the Priority admission plugin refuses an unknown class).
	priorities map[string]pulumi.Resource
}

func newWorkloads(ctx *pulumi.Context, cfg *config.Config, cl *cluster.Cluster) *workloads {
	return &workloads{ctx: ctx, cfg: cfg, cl: cl, namespaces: map[string]pulumi.Resource{}, claims: map[string]pulumi.Resource{}, priorities: map[string]pulumi.Resource{}}
}

// deploy creates the teams, volumes, inference services and training jobs
// of the stack, in that dependency order (storageClasses runs first, before
// the addons, whose volumes need the classes too).
func (w *workloads) deploy() error {
	steps := []func() error{w.newPriorities, w.newTeams, w.newVolumes, w.newInference, w.newTraining}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (w *workloads) opts() []pulumi.ResourceOption {
	return []pulumi.ResourceOption{pulumi.Provider(w.cl.Provider)}
}

// after lists a workload's prerequisites for its objects (the components
// pass them to every child): its team's namespace, its volumes' claims.
func after(deps ...pulumi.Resource) []pulumi.Resource {
	var out []pulumi.Resource
	for _, d := range deps {
		if d != nil {
			out = append(out, d)
		}
	}
	return out
}

func (w *workloads) storageClasses() error {
	sc := w.cfg.Workloads.StorageClasses
	st := w.cl.Storage
	if (sc.Enabled != nil && !*sc.Enabled) || st.Fast.Provisioner == "" {
		return nil
	}
	args := &storage.ClassesArgs{
		BlockProvisioner:   st.Fast.Provisioner,
		FastParameters:     st.Fast.Parameters,
		StandardParameters: st.Standard.Parameters,
	}
	if st.Shared != nil {
		args.SharedProvisioner = st.Shared.Provisioner
		args.SharedParameters = st.Shared.Parameters
		args.SharedParameterInputs = st.Shared.ParameterInputs
	}
	classes, err := storage.NewStorageClasses(w.ctx, "mlkube", args, w.opts()...)
	if err != nil {
		return fmt.Errorf("workloads.storageClasses: %w", err)
	}
	for _, kind := range slices.Sorted(maps.Keys(classes.Classes)) {
		w.classes = append(w.classes, classes.Classes[kind])
	}
	return nil
}

// newPriorities creates the PriorityClasses of the stack's environment for
// the kinds of workload it runs.
func (w *workloads) newPriorities() error {
	serving, training := len(w.cfg.Workloads.Inference) > 0, len(w.cfg.Workloads.Training) > 0
	if !serving && !training {
		return nil
	}
	pc, err := priority.New(w.ctx, PrioritiesName, &priority.Args{Production: w.cfg.Production(), Serving: serving, Training: training}, w.opts()...)
	if err != nil {
		return fmt.Errorf("workloads: priority classes: %w", err)
	}
	for name, c := range pc.Classes {
		w.priorities[name] = c
	}
	return nil
}

// PrioritiesName is the PriorityClasses component's name. Never change it.
const PrioritiesName = "priorities"

// teamQuota is a team's ResourceQuota. While Kueue queues the jobs, the
// caps Kueue governs are raised to the cohort's ceiling: Kueue holds each
// team to its share and lends idle quota, and the namespace quota must
// not refuse the pods of a job admitted on borrowed quota.
func (w *workloads) teamQuota(t config.Team) team.Quota {
	q := team.Quota{
		GPUs: t.Quota.GPUs, GPUResources: w.gpuResources(t.Name),
		CPU: t.Quota.CPU, Memory: t.Quota.Memory, Storage: t.Quota.Storage, Pods: t.Quota.Pods,
	}
	if w.kueue != nil {
		q.GPUs, q.CPU, q.Memory = kueue.Ceiling(queueTeams(w.cfg))
	}
	return q
}

func (w *workloads) newTeams() error {
	var problems stackProblems
	for i, t := range w.cfg.Workloads.Teams {
		var queue *team.Queue
		if w.kueue != nil {
			queue = &team.Queue{Name: kueue.LocalQueueName, ClusterQueue: kueue.ClusterQueueName(t.Name), After: w.kueue.QueueReady(t.Name)}
		}
		tm, err := team.NewTeam(w.ctx, t.Name, &team.Args{
			Name:                t.Name,
			Namespace:           t.Namespace,
			PodSecurity:         t.PodSecurity,
			Groups:              w.groups(t.Groups),
			Quota:               w.teamQuota(t),
			Queue:               queue,
			MonitoringNamespace: monitoring.Namespace,
			Egress:              w.egress(t.Egress, false),
			Production:          w.cfg.Production(),
		}, w.opts()...)
		if err != nil {
			problems.add(fmt.Sprintf("workloads.teams[%d]", i), err, teamKeys)
			continue
		}
		w.namespaces[t.Name] = tm.Namespace
	}
	return problems.err()
}

// gpuResources are the GPU resources a team's quota caps: nvidia.com/gpu,
// which any pod could ask for, and what its workloads' pools offer
// (nvidia.com/mig-<profile> on mixed-MIG pools), sorted.
func (w *workloads) gpuResources(teamName string) []string {
	out := []string{gpu.ResourceName}
	add := func(team, poolName string) {
		if pool, ok := w.cl.Pool(poolName); ok && team == teamName && pool.IsGPU() && !slices.Contains(out, pool.GPUResource()) {
			out = append(out, pool.GPUResource())
		}
	}
	for _, s := range w.cfg.Workloads.Inference {
		add(s.Team, s.Pool)
	}
	for _, j := range w.cfg.Workloads.Training {
		add(j.Team, j.Pool)
	}
	slices.Sort(out)
	return out
}

func (w *workloads) namespace(teamName string) string { return namespaceOf(w.cfg, teamName) }

// namespaceOf is the namespace of a team.
func namespaceOf(cfg *config.Config, teamName string) string {
	for _, t := range cfg.Workloads.Teams {
		if t.Name == teamName {
			return t.Namespace
		}
	}
	return teamName
}

func (w *workloads) newVolumes() error {
	var problems stackProblems
	for i, v := range w.cfg.Workloads.Volumes {
		vol, err := storage.NewVolume(w.ctx, v.Team+"-"+v.Name, &storage.VolumeArgs{
			Name:         v.Name,
			Namespace:    w.namespace(v.Team),
			Purpose:      v.Purpose,
			Size:         v.Size,
			AccessMode:   v.AccessMode,
			StorageClass: className(v.Class),
			Production:   w.cfg.Production(),
			After:        after(append([]pulumi.Resource{w.namespaces[v.Team]}, w.classes...)...),
		}, w.opts()...)
		if err != nil {
			problems.add(fmt.Sprintf("workloads.volumes[%d]", i), err, volumeKeys)
			continue
		}
		w.claims[v.Name] = vol.Claim
	}
	return problems.err()
}

// className maps a stack's class role to the class name; "" lets the
// storage component pick by purpose and access mode.
func className(role string) string {
	if role == "" {
		return ""
	}
	return storage.ClassName(role)
}

func (w *workloads) volume(name string) pulumi.Resource {
	return w.claims[name] // nil for "" and for volumes of no claim
}

func (w *workloads) newInference() error {
	var problems stackProblems
	for i, s := range w.cfg.Workloads.Inference {
		path := fmt.Sprintf("workloads.inference[%d]", i)
		args := w.inferenceArgs(s)
		id, err := w.identity(path, s.Team, s.Name, s.ReadURIs(), s.Identity != nil)
		if err != nil {
			return err
		}
		args.CloudIdentityAnnotations, args.Labels = id.Annotations, id.PodLabels
		args.After = append(w.prerequisites(s.Workload, id, s.Model.Volume), w.class(args.PriorityClassName)...)
		if args.Vertical != nil {
			args.Vertical.After = w.vpaAfter
		}
		if w.scrapeAfter != nil {
			args.Scrape = &inference.Scrape{After: w.scrapeAfter}
		}
		if _, err := inference.NewInferenceService(w.ctx, s.Team+"-"+s.Name, args, w.opts()...); err != nil {
			problems.add(path, err, inferenceKeys)
		}
	}
	return problems.err()
}

// shared reports whether the stack's volume attaches to many nodes at once.
func (w *workloads) shared(volume string) bool {
	for _, v := range w.cfg.Workloads.Volumes {
		if v.Name == volume {
			return v.AccessMode == "ReadWriteMany"
		}
	}
	return false
}

// modelClaim is the claim a service mounts its model from: a volume of
// the stack, or a claim that exists already.
func modelClaim(m config.Model) string {
	if m.Volume != "" {
		return m.Volume
	}
	return m.ExistingClaim
}

func (w *workloads) newTraining() error {
	var problems stackProblems
	for i, j := range w.cfg.Workloads.Training {
		path := fmt.Sprintf("workloads.training[%d]", i)
		args := w.trainingArgs(j)
		id, err := w.identity(path, j.Team, j.Name, j.ReadURIs(), j.Identity != nil)
		if err != nil {
			return err
		}
		args.CloudIdentityAnnotations, args.Labels = id.Annotations, id.PodLabels
		args.After = append(w.prerequisites(j.Workload, id, j.DataVolume, j.CheckpointVolume), w.class(args.PriorityClassName)...)
		if _, err := training.NewTrainingJob(w.ctx, j.Team+"-"+j.Name, args, w.opts()...); err != nil {
			problems.add(path, err, trainingKeys)
		}
	}
	return problems.err()
}

// class is the PriorityClass a workload's pods name, which they wait for.
func (w *workloads) class(name string) []pulumi.Resource { return after(w.priorities[name]) }

// prerequisites are what a workload's objects wait for: its team's
// namespace, the claims of the stack's volumes it mounts, the labelled
// nodes and the resources of its cloud identity.
func (w *workloads) prerequisites(c config.Workload, id cluster.Identity, volumes ...string) []pulumi.Resource {
	deps := []pulumi.Resource{w.namespaces[c.Team]}
	for _, v := range volumes {
		deps = append(deps, w.volume(v))
	}
	return after(append(append(deps, w.cl.NodesLabelled...), id.Resources...)...)
}
