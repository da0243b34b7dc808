package config

import (
	"regexp"
	"strings"

	"github.com/mlkube/mlkube/components/imageref"
	"github.com/mlkube/mlkube/internal/gpu"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

var (
	envVarName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	secretish  = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)`)
	cronField  = regexp.MustCompile(`^[0-9*/,\-A-Za-z?]+$`)
)

func validateWorkloads(e *errs, c *Config, pools poolSet) {
	w := &c.Workloads
	teams := map[string]*Team{}
	for i := range w.Teams {
		t := &w.Teams[i]
		path := index("workloads.teams", i)
		if !dnsLabel.MatchString(t.Name) {
			e.add(key(path, "name"), "must be lowercase letters, digits or '-', got %q", t.Name)
		} else if teams[t.Name] != nil {
			e.add(key(path, "name"), "duplicates team %q", t.Name)
		}
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
		if !dnsLabel.MatchString(v.Name) {
			e.add(key(path, "name"), "must be lowercase letters, digits or '-', got %q", v.Name)
		} else if volumes[v.Name] != nil {
			e.add(key(path, "name"), "duplicates volume %q", v.Name)
		}
		volumes[v.Name] = v
		teamRef(e, key(path, "team"), v.Team, teams)
		if !oneOf(v.Purpose, PurposeModel, PurposeData, PurposeCheckpoint, PurposeScratch) {
			e.add(key(path, "purpose"), "must be model, data, checkpoint or scratch, got %q", v.Purpose)
		}
		quantity(e, key(path, "size"), v.Size, true)
		if !oneOf(v.AccessMode, "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod") {
			e.add(key(path, "accessMode"), "must be ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod, got %q", v.AccessMode)
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

func validateInference(e *errs, path string, s *Inference, teams map[string]*Team, pools poolSet, volumes map[string]*Volume) {
	teamRef(e, key(path, "team"), s.Team, teams)
	validateImage(e, key(path, "image"), s.Image)
	validatePlacement(e, path, s.Pool, s.GPU, pools)
	validateResources(e, key(path, "resources"), s.Resources)
	m := s.Model
	switch {
	case m.Volume != "" && m.ExistingClaim != "":
		e.add(key(path, "model"), "set either volume or existingClaim, not both")
	case m.Source == "" && m.Volume == "" && m.ExistingClaim == "":
		e.add(key(path, "model"), "set source (s3://, gs://, az://, https://), volume with source, or existingClaim")
	}
	if m.Source != "" {
		if !hasAnyPrefix(m.Source, "s3://", "gs://", "az://", "https://") {
			e.add(key(path, "model.source"), "must start with s3://, gs://, az:// or https://, got %q", m.Source)
		}
	}
	if m.DownloaderImage != "" {
		validateImage(e, key(path, "model.downloaderImage"), m.DownloaderImage)
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
	if !strings.HasPrefix(m.Path, "/") {
		e.add(key(path, "model.path"), "must be an absolute path, got %q", m.Path)
	}
	for _, p := range []struct{ k, v string }{{"probes.readinessPath", s.Probes.ReadinessPath}, {"probes.livenessPath", s.Probes.LivenessPath}} {
		if !strings.HasPrefix(p.v, "/") {
			e.add(key(path, p.k), "must be an HTTP path starting with '/', got %q", p.v)
		}
	}
	envNames(e, key(path, "env"), s.Env)
	envNames(e, key(path, "config"), s.Config)
	secretEnv(e, key(path, "secretEnv"), s.SecretEnv, s.Env)
	if a := s.Autoscaling; a != nil {
		ap := key(path, "autoscaling")
		if a.Max == 0 {
			e.add(key(ap, "max"), "is required")
		} else if a.Min > a.Max {
			e.add(key(ap, "min"), "must be <= max (%d), got %d", a.Max, a.Min)
		}
	}
	validateIdentity(e, key(path, "identity"), s.Identity)
	validateEgress(e, key(path, "egress"), s.Egress)
}

func validateTraining(e *errs, path string, j *Training, teams map[string]*Team, pools poolSet, volumes map[string]*Volume) {
	teamRef(e, key(path, "team"), j.Team, teams)
	validateImage(e, key(path, "image"), j.Image)
	validatePlacement(e, path, j.Pool, j.GPU, pools)
	validateResources(e, key(path, "resources"), j.Resources)
	envNames(e, key(path, "env"), j.Env)
	for _, k := range sortedMapKeys(j.Env) {
		if secretish.MatchString(k) {
			e.add(key(key(path, "env"), k), "looks like a secret; move it to secretEnv: {%s: {secret: NAME, key: KEY}}", k)
		}
	}
	secretEnv(e, key(path, "secretEnv"), j.SecretEnv, j.Env)
	if j.Schedule != "" {
		if f := strings.Fields(j.Schedule); len(f) != 5 || !allMatch(cronField, f) {
			e.add(key(path, "schedule"), "must be a cron expression with 5 fields, got %q", j.Schedule)
		}
		if !oneOf(j.ConcurrencyPolicy, "Forbid", "Replace", "Allow") {
			e.add(key(path, "concurrencyPolicy"), "must be Forbid, Replace or Allow, got %q", j.ConcurrencyPolicy)
		}
	} else if j.ConcurrencyPolicy != "" {
		e.add(key(path, "concurrencyPolicy"), "only applies with a schedule")
	}
	if !oneOf(j.RestartPolicy, "Never", "OnFailure") {
		e.add(key(path, "restartPolicy"), "must be Never or OnFailure, got %q", j.RestartPolicy)
	}
	if j.Distributed != nil && (j.Completions != 0 || j.Parallelism != 0) {
		e.add(key(path, "distributed"), "sets completions and parallelism itself (one pod per node); remove them")
	}
	if j.Parallelism > 0 && j.Completions > 0 && j.Parallelism > j.Completions {
		e.add(key(path, "parallelism"), "must be <= completions (%d), got %d", j.Completions, j.Parallelism)
	}
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
	if s := j.StageData; s != nil {
		validateImage(e, key(path, "stageData.image"), s.Image)
		if len(s.Command) == 0 {
			e.add(key(path, "stageData.command"), "is required")
		}
	}
	validateIdentity(e, key(path, "identity"), j.Identity)
	validateEgress(e, key(path, "egress"), j.Egress)
}

// validatePlacement checks the pool exists, GPU pods go to GPU pools and fit
// a node of it, also when the pool is at size zero now.
// secretEnv checks Secret references: valid names that name both a
// Secret and a key, and no variable set twice.
func secretEnv(e *errs, path string, refs map[string]SecretRef, plain map[string]string) {
	for _, k := range sortedMapKeys(refs) {
		ref := refs[k]
		if !envVarName.MatchString(k) {
			e.add(key(path, k), "is not a valid environment variable name")
		}
		if ref.Secret == "" || ref.Key == "" {
			e.add(key(path, k), "must name both secret and key")
		} else if !dnsSubdomain(ref.Secret) {
			e.add(key(key(path, k), "secret"), "must be the name of a Secret, got %q", ref.Secret)
		}
		if _, dup := plain[k]; dup {
			e.add(key(path, k), "is also set in env; set it in one place")
		}
	}
}

func dnsSubdomain(s string) bool { return len(validation.IsDNS1123Subdomain(s)) == 0 }

func validatePlacement(e *errs, path, pool string, gpus *int, pools poolSet) {
	p := pools[pool]
	if p == nil {
		e.add(key(path, "pool"), "must name a pool in nodePools (one of %s), got %q", strings.Join(sortedMapKeys(pools), ", "), pool)
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

func validateResources(e *errs, path string, r Resources) {
	for _, side := range []struct {
		name string
		list ResourceList
	}{{"requests", r.Requests}, {"limits", r.Limits}} {
		quantity(e, key(path, side.name+".cpu"), side.list.CPU, true)
		quantity(e, key(path, side.name+".memory"), side.list.Memory, true)
	}
	for _, pair := range []struct{ name, req, lim string }{{"cpu", r.Requests.CPU, r.Limits.CPU}, {"memory", r.Requests.Memory, r.Limits.Memory}} {
		req, err1 := resource.ParseQuantity(pair.req)
		lim, err2 := resource.ParseQuantity(pair.lim)
		if err1 == nil && err2 == nil && req.Cmp(lim) > 0 {
			e.add(key(path, "requests."+pair.name), "must be <= limits.%s (%s), got %s", pair.name, pair.lim, pair.req)
		}
	}
}

// validateImage rejects mutable references (imageref.Problem).
func validateImage(e *errs, path, image string) {
	if p := imageref.Problem(image); p != "" {
		e.add(path, "%s", p)
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
	if s.Autoscaling != nil && s.Autoscaling.Max > s.Replicas {
		return s.Autoscaling.Max
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
