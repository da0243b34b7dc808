package kueue

import (
	"slices"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/labels"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Group is Kueue's API group.
const Group = "kueue.x-k8s.io"

// The Kueue kinds mlkube creates: a flavor per pool, a ClusterQueue per
// team, a LocalQueue in each team namespace.
const (
	KindResourceFlavor = "ResourceFlavor"
	KindClusterQueue   = "ClusterQueue"
	KindLocalQueue     = "LocalQueue"
)

// Kinds are every kind mlkube creates in Kueue's group.
var Kinds = []string{KindResourceFlavor, KindClusterQueue, KindLocalQueue}

// APIVersion is the Kueue API group version of every object mlkube creates
// (v1beta2 is the storage version of v0.17.0's CRDs).
const APIVersion = Group + "/v1beta2"

// Cohort joins every team's ClusterQueue: a team may borrow what another
// leaves idle, and the lender reclaims it (by preempting the borrower's
// workloads) when it needs it back.
const Cohort = "mlkube"

// LocalQueueName is the LocalQueue in every team namespace, and the value
// of every training job's QueueLabel.
const LocalQueueName = "training"

// QueueLabel puts a job into a LocalQueue of its namespace.
const QueueLabel = labels.KueueQueue

// Uncapped quotas stand for a team quota the stack leaves empty ("no
// cap"): Kueue admits only resources a ClusterQueue covers, so it needs a
// number, and one no cluster reaches.
const (
	UncappedCPU    = "1000000"
	UncappedMemory = "1000Ti"
)

// Team is a team's share as workloads.teams[].quota writes it.
type Team struct {
	// Name is the team (its ClusterQueue's name); Namespace its namespace,
	// the only one whose LocalQueue may point at the ClusterQueue.
	Name, Namespace string
	// GPUs, CPU and Memory are the quota; empty CPU or Memory: no cap.
	GPUs        int
	CPU, Memory string
}

// ClusterQueueName is the ClusterQueue of a team.
func ClusterQueueName(team string) string { return team }

// FlavorName is the ResourceFlavor of a node pool.
func FlavorName(pool string) string { return pool }

// FlavorSpec is a pool's ResourceFlavor: its nodeLabels are the labels that
// select the pool (the pool's selector, the very labels its workloads'
// nodeSelector names), and its tolerations tolerate the pool's taints, so
// a workload admitted on the flavor is placed on that pool and may run there.
func FlavorSpec(p cluster.Pool) map[string]any {
	spec := map[string]any{}
	if len(p.NodeSelector) > 0 {
		labels := map[string]any{}
		for k, v := range p.NodeSelector {
			labels[k] = v
		}
		spec["nodeLabels"] = labels
	}
	// Spelled exactly as the pool's workloads tolerate its taints (key,
	// Equal, value, effect): Kueue adds a flavor's labels and tolerations
	// to an admitted Job's pod template unless they are there already, and
	// a template that differs from Pulumi's inputs would make the next
	// up after a refresh replace the running Job (its template is immutable).
	var tolerations []any
	for _, t := range p.Taints {
		tolerations = append(tolerations, map[string]any{"key": t.Key, "operator": "Equal", "value": t.Value, "effect": t.Effect})
	}
	if len(tolerations) > 0 {
		spec["tolerations"] = tolerations
	}
	return spec
}

// CoveredResources are the resources every ClusterQueue governs, in order:
// cpu, memory, then each GPU resource a GPU pool offers (sorted).
func CoveredResources(pools []cluster.Pool) []string {
	var gpus []string
	for _, p := range pools {
		if p.IsGPU() && !slices.Contains(gpus, p.GPUResource()) {
			gpus = append(gpus, p.GPUResource())
		}
	}
	slices.Sort(gpus)
	return append([]string{"cpu", "memory"}, gpus...)
}

// ClusterQueueSpec is a team's ClusterQueue: one resource group over every
// pool's flavor, each with the team's quota as its nominal quota (Kueue
// counts quota per flavor: a job is admitted on the one flavor whose
// labels its pods select). GPUs count only on pools that offer their
// resource. Pending workloads are ordered by priority, then age, without
// a big job blocking smaller ones behind it (BestEffortFIFO); a team
// preempts its own lower-priority workloads, reclaims its lent quota from
// any borrower, and may borrow by preempting lower-priority borrowers.
func ClusterQueueSpec(t Team, pools []cluster.Pool) map[string]any {
	covered := CoveredResources(pools)
	var flavors []any
	for _, p := range pools {
		var rs []any
		for _, r := range covered {
			rs = append(rs, map[string]any{"name": r, "nominalQuota": nominal(t, p, r)})
		}
		flavors = append(flavors, map[string]any{"name": FlavorName(p.Name), "resources": rs})
	}
	cov := make([]any, len(covered))
	for i, r := range covered {
		cov[i] = r
	}
	return map[string]any{
		"cohortName":       Cohort,
		"queueingStrategy": "BestEffortFIFO",
		"namespaceSelector": map[string]any{"matchLabels": map[string]any{
			"kubernetes.io/metadata.name": t.Namespace,
		}},
		"preemption": map[string]any{
			"withinClusterQueue":  "LowerPriority",
			"reclaimWithinCohort": "Any",
			"borrowWithinCohort":  map[string]any{"policy": "LowerPriority"},
		},
		"resourceGroups": []any{map[string]any{"coveredResources": cov, "flavors": flavors}},
	}
}

// nominal is a team's quota of resource r on pool p.
func nominal(t Team, p cluster.Pool, r string) string {
	switch r {
	case "cpu":
		return orUncapped(t.CPU, UncappedCPU)
	case "memory":
		return orUncapped(t.Memory, UncappedMemory)
	}
	if p.IsGPU() && p.GPUResource() == r {
		return resource.NewQuantity(int64(t.GPUs), resource.DecimalSI).String()
	}
	return "0"
}

func orUncapped(q, uncapped string) string {
	if q == "" {
		return uncapped
	}
	return q
}

// Ceiling is the most a team of the cohort can hold at once: the sum of
// every team's quota, since any team may borrow all that the others leave
// idle. A team's ResourceQuota is raised to it while Kueue is on, or it
// would refuse the pods of a job admitted on borrowed quota one by one,
// which is the half-started job Kueue exists to prevent. CPU or Memory is
// empty when some team leaves it uncapped.
func Ceiling(teams []Team) (gpus int, cpu, memory string) {
	sum := func(get func(Team) string) string {
		total := resource.Quantity{}
		for _, t := range teams {
			q, err := resource.ParseQuantity(get(t))
			if get(t) == "" || err != nil {
				return ""
			}
			total.Add(q)
		}
		return total.String()
	}
	for _, t := range teams {
		gpus += t.GPUs
	}
	return gpus, sum(func(t Team) string { return t.CPU }), sum(func(t Team) string { return t.Memory })
}
