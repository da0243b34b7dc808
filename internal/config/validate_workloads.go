package config

import (
	"github.com/mlkube/mlkube/components/storage"
	"maps"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/components/workload"
	"github.com/mlkube/mlkube/internal/gpu"
	"k8s.io/apimachinery/pkg/util/validation"
)

func validateWorkloads(e *errs, c *Config, pools poolSet) {
	w := &c.Workloads
	teams := map[string]*Team{}
	for i := range w.Teams {
		t := &w.Teams[i]
		path := index("workloads.teams", i)
		uniqueName(e, key(path, "name"), "team", t.Name, teams[t.Name] != nil)
		teams[t.Name] = t
		if !dnsLabel.MatchString(t.Namespace) {
			e.add(key(path, "namespace"), "must be lowercase letters, digits or '-', got %q", t.Namespace)
		}
		if !oneOf(t.PodSecurity, "restricted", "baseline") {
			e.add(key(path, "podSecurity"), "must be restricted or baseline, got %q", t.PodSecurity)
		}
		quantity(e, key(path, "quota.cpu"), t.Quota.CPU, false)
		quantity(e, key(path, "quota.memory"), t.Quota.Memory, false)
		quantity(e, key(path, "quota.storage"), t.Quota.Storage, false)
		validateEgress(e, key(path, "egress"), t.Egress)
	}
	if len(w.Volumes) > 0 && c.Cluster.Provider == ProviderExisting && c.Cluster.Existing.BlockProvisioner == "" {
		e.add("cluster.existing.blockProvisioner", "is required when workloads.volumes are set (e.g. rancher.io/local-path on kind)")
	}
	volumes := map[string]*Volume{}
	for i := range w.Volumes {
		v := &w.Volumes[i]
		path := index("workloads.volumes", i)
		uniqueName(e, key(path, "name"), "volume", v.Name, volumes[v.Name] != nil)
		volumes[v.Name] = v
		teamRef(e, key(path, "team"), v.Team, teams)
		if !oneOf(v.Purpose, PurposeModel, PurposeData, PurposeCheckpoint, PurposeScratch) {
			e.add(key(path, "purpose"), "must be model, data, checkpoint or scratch, got %q", v.Purpose)
		}
		quantity(e, key(path, "size"), v.Size, true)
		if !oneOf(v.AccessMode, storage.AccessModes...) {
			e.add(key(path, "accessMode"), "must be ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod (or RWO, ROX, RWX, RWOP), got %q", v.AccessMode)
		}
		if v.Class != "" && !oneOf(v.Class, ClassFast, ClassStandard, ClassShared, ClassModels, ClassCheckpoints) {
			e.add(key(path, "class"), "must be fast, standard, shared, models or checkpoints, got %q", v.Class)
		}
	}
	names := map[string]string{}
	for i := range w.Inference {
		s := &w.Inference[i]
		path := index("workloads.inference", i)
		uniqueWorkload(e, key(path, "name"), s.Team+"/"+s.Name, s.Name, names)
		validateInference(e, path, s, teams, pools, volumes)
		validateServing(e, c, path, s)
	}
	for i := range w.Training {
		j := &w.Training[i]
		path := index("workloads.training", i)
		uniqueWorkload(e, key(path, "name"), j.Team+"/"+j.Name, j.Name, names)
		validateTraining(e, path, j, teams, pools, volumes)
	}
	validateQuotas(e, w)
	nodePorts(e, w)
	modelLoaders(e, w)
}

// uniqueName checks the name of a team or volume: a DNS label that no
// other of its kind has taken.
func uniqueName(e *errs, path, kind, name string, taken bool) {
	if !dnsLabel.MatchString(name) {
		e.add(path, "must be lowercase letters, digits or '-', got %q", name)
	} else if taken {
		e.add(path, "duplicates %s %q", kind, name)
	}
}

func uniqueWorkload(e *errs, path, id, name string, seen map[string]string) {
	if !dnsLabel.MatchString(name) || len(name) > 50 {
		e.add(path, "must be 1-50 lowercase letters, digits or '-', got %q", name)
		return
	}
	if prev, dup := seen[id]; dup {
		e.add(path, "duplicates %s in the same team", prev)
	}
	seen[id] = path
}

func teamRef(e *errs, path, team string, teams map[string]*Team) {
	if teams[team] == nil {
		e.add(path, "must name a team in workloads.teams, got %q", team)
	}
}

// validateWorkload checks what the stack file adds to a component's own
// rules (which platform.Check runs on the Args): the team, the pool and
// what the pods may reach.
func validateWorkload(e *errs, path string, c *Workload, teams map[string]*Team, pools poolSet) {
	teamRef(e, key(path, "team"), c.Team, teams)
	validatePlacement(e, path, c.Pool, c.GPU, pools)
	validateIdentity(e, key(path, "identity"), c.Identity)
	validateEgress(e, key(path, "egress"), c.Egress)
}

func validateInference(e *errs, path string, s *Inference, teams map[string]*Team, pools poolSet, volumes map[string]*Volume) {
	validateWorkload(e, path, &s.Workload, teams, pools)
	m := s.Model
	switch {
	case m.Volume != "" && m.ExistingClaim != "":
		e.add(key(path, "model"), "set either volume or existingClaim, not both")
	case m.InImage && (m.Source != "" || m.Volume != "" || m.ExistingClaim != ""):
		e.add(key(path, "model.inImage"), "a model baked into the image takes no source, volume or existingClaim: the image's model.path is the model")
	case !m.InImage && m.Source == "" && m.Volume == "" && m.ExistingClaim == "":
		e.add(key(path, "model"), "set source (s3://, gs://, az://, https://), volume with source, existingClaim, or inImage: true for a model baked into the image")
	}
	if m.ExistingClaim != "" && !dnsLabel.MatchString(m.ExistingClaim) {
		e.add(key(path, "model.existingClaim"), "must be the name of a PersistentVolumeClaim, got %q", m.ExistingClaim)
	}
	if m.Volume != "" {
		v := volumes[m.Volume]
		switch {
		case v == nil:
			e.add(key(path, "model.volume"), "must name a volume in workloads.volumes, got %q (a claim the stack does not create is model.existingClaim)", m.Volume)
		case v.Team != s.Team:
			e.add(key(path, "model.volume"), "volume %q belongs to team %q, not %q", m.Volume, v.Team, s.Team)
		case m.Source == "":
			e.add(key(path, "model.source"), "is required with model.volume: the stack creates volume %q empty and nothing else fills it (a one-time loader Job copies source into it); a claim filled elsewhere is model.existingClaim", m.Volume)
		case v.AccessMode == "ReadOnlyMany":
			e.add(key(path, "model.volume"), "volume %q is ReadOnlyMany, so the loader cannot write the model into it: use ReadWriteMany (or ReadWriteOnce on a one-node pool)", m.Volume)
		}
	}
}

func validateTraining(e *errs, path string, j *Training, teams map[string]*Team, pools poolSet, volumes map[string]*Volume) {
	validateWorkload(e, path, &j.Workload, teams, pools)
	for _, ref := range []struct{ k, name string }{{"dataVolume", j.DataVolume}, {"checkpointVolume", j.CheckpointVolume}} {
		if ref.name == "" {
			continue
		}
		if v := volumes[ref.name]; v == nil {
			e.add(key(path, ref.k), "must name a volume in workloads.volumes, got %q", ref.name)
		} else if v.Team != j.Team {
			e.add(key(path, ref.k), "volume %q belongs to team %q, not %q", ref.name, v.Team, j.Team)
		} else if j.Distributed != nil && v.AccessMode != "ReadWriteMany" && v.AccessMode != "ReadOnlyMany" {
			e.add(key(path, ref.k), "distributed training mounts %q on several nodes; it needs accessMode ReadWriteMany, has %s", ref.name, v.AccessMode)
		}
	}
}

func dnsSubdomain(s string) bool { return len(validation.IsDNS1123Subdomain(s)) == 0 }

// validatePlacement checks the pool exists, GPU pods go to GPU pools and fit
// a node of it, also when the pool is at size zero now.
func validatePlacement(e *errs, path, pool string, gpus *int, pools poolSet) {
	p := pools[pool]
	if p == nil {
		e.add(key(path, "pool"), "must name a pool in nodePools (one of %s), got %q", strings.Join(slices.Sorted(maps.Keys(pools)), ", "), pool)
		return
	}
	if gpus == nil {
		return
	}
	if p.GPU == nil {
		e.add(key(path, "gpu"), "asks for %d GPU(s) but pool %q has no GPUs", *gpus, pool)
		return
	}
	if per := gpu.Sharing(p.GPU.Sharing).UnitsPerNode(p.GPU.Count); *gpus > per {
		e.add(key(path, "gpu"), "asks for %d GPU(s) but a node of pool %q offers %d", *gpus, pool, per)
	}
}

// validateQuotas checks that a team's workloads at full scale fit its GPU quota.
func validateQuotas(e *errs, w *Workloads) {
	for i, t := range w.Teams {
		used := 0
		for _, s := range w.Inference {
			if s.Team == t.Name && s.GPU != nil {
				used += *s.GPU * MaxReplicas(&s)
			}
		}
		for _, j := range w.Training {
			if j.Team == t.Name && j.GPU != nil {
				used += *j.GPU * PodsAtOnce(&j)
			}
		}
		if used > t.Quota.GPUs {
			e.add(index("workloads.teams", i)+".quota.gpus", "team %q needs %d GPU(s) when its workloads run at full scale, quota is %d", t.Name, used, t.Quota.GPUs)
		}
	}
}

// MaxReplicas is how many replicas an inference service may run.
func MaxReplicas(s *Inference) int {
	if s.Autoscaling != nil && s.Autoscaling.Max > Replicas(s) {
		return s.Autoscaling.Max
	}
	return Replicas(s)
}

// Replicas is the service's fixed replica count, the component's default
// when the stack leaves it out.
func Replicas(s *Inference) int {
	if s.Replicas == 0 {
		return workload.DefaultReplicas
	}
	return s.Replicas
}

// PodsAtOnce is how many pods of a training job run at the same time.
func PodsAtOnce(j *Training) int {
	switch {
	case j.Distributed != nil:
		return j.Distributed.Nodes
	case j.Parallelism > 0:
		return j.Parallelism
	}
	return 1
}
