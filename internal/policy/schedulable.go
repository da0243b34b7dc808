package policy

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
)

// checkSchedulable is the placement preflight: every pod that a workload
// creates must fit at least one node pool — its nodeSelector matches the
// pool's labels, it tolerates every hard taint of the pool, and the pool's
// nodes have the GPUs it asks for. Pools at minimum 0 count: this is exactly
// what the autoscaler checks against a pool's node template.
func checkSchedulable(in *Input, report func(string, string, string, ...any)) {
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok || o.Kind() == "DaemonSet" {
			continue
		}
		spec, ok := o.PodSpec()
		if !ok {
			continue
		}
		fits, reasons := FittingPools(spec, in.Pools)
		if len(fits) == 0 {
			report(SeverityError, r.URN, "%s %s fits no node pool: %s", o.Kind(), o.Name(), strings.Join(reasons, "; "))
			continue
		}
		if GPURequest(spec) == 0 && allGPU(fits, in.Pools) {
			report(SeverityWarning, r.URN, "%s %s asks for no GPU but can only run on GPU pools (%s)", o.Kind(), o.Name(), strings.Join(fits, ", "))
		}
	}
}

// checkDaemonSetCoverage warns when a node agent (a DaemonSet meant for
// every node) does not tolerate a GPU pool's taints: GPU nodes would run
// without it (no logs, no metrics).
func checkDaemonSetCoverage(in *Input, report func(string, string, string, ...any)) {
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok || o.Kind() != "DaemonSet" {
			continue
		}
		spec, _ := o.PodSpec()
		selector := stringMap(spec["nodeSelector"])
		var missed []string
		for _, p := range in.Pools {
			if !p.IsGPU() || !labelsMatch(selector, p.NodeLabels()) {
				continue
			}
			if t := untolerated(p.Taints, list(spec["tolerations"])); len(t) > 0 {
				missed = append(missed, p.Name+" ("+strings.Join(t, ", ")+")")
			}
		}
		if len(missed) > 0 {
			report(SeverityWarning, r.URN, "DaemonSet %s will not run on GPU pool(s) %s: add tolerations for those taints", o.Name(), strings.Join(missed, ", "))
		}
	}
}

// FittingPools returns the pools a pod spec can run on, and for every other
// pool the reason it cannot.
func FittingPools(spec map[string]any, pools []cluster.Pool) (fits, reasons []string) {
	selector := stringMap(spec["nodeSelector"])
	tolerations := list(spec["tolerations"])
	gpus := GPURequests(spec)
	for _, p := range pools {
		switch short := gpuShortfall(gpus, p); {
		case !labelsMatch(selector, p.NodeLabels()):
			reasons = append(reasons, "pool "+p.Name+": nodeSelector "+formatLabels(selector)+" does not match")
		case len(untolerated(p.Taints, tolerations)) > 0:
			reasons = append(reasons, "pool "+p.Name+": no toleration for taint "+strings.Join(untolerated(p.Taints, tolerations), ", "))
		case short != "":
			reasons = append(reasons, "pool "+p.Name+": "+short)
		default:
			fits = append(fits, p.Name)
		}
	}
	if len(pools) == 0 {
		reasons = append(reasons, "the stack has no node pools")
	}
	return fits, reasons
}

// gpuShortfall says why a pool's nodes cannot give a pod the GPUs it asks
// for: a GPU resource they do not offer (a pod asking nvidia.com/gpu of a
// mixed-MIG pool, whose nodes offer nvidia.com/mig-<profile>), or more of
// it than one node has. Empty when they can.
func gpuShortfall(requests map[string]int, p cluster.Pool) string {
	for _, name := range slices.Sorted(maps.Keys(requests)) {
		n := requests[name]
		switch {
		case n == 0:
		case name != p.GPUResource() || p.GPUsPerNode() == 0:
			offer := "no GPUs"
			if p.GPUsPerNode() > 0 {
				offer = strconv.Itoa(p.GPUsPerNode()) + " " + p.GPUResource()
			}
			return "asks for " + strconv.Itoa(n) + " " + name + ", a node offers " + offer
		case n > p.GPUsPerNode():
			return "asks for " + strconv.Itoa(n) + " " + name + ", a node has " + strconv.Itoa(p.GPUsPerNode())
		}
	}
	return ""
}

// GPURequests are the GPUs (or MIG instances) a pod asks for, per extended
// resource (gpu.IsResource): per resource, the sum over its containers (the
// larger of requests and limits) or the largest init container, whichever
// is more — as the scheduler computes it.
func GPURequests(spec map[string]any) map[string]int {
	sum, initMax := map[string]int{}, map[string]int{}
	for _, k := range []string{"containers", "initContainers"} {
		for _, c := range list(spec[k]) {
			n := map[string]int{}
			for _, side := range []string{"requests", "limits"} {
				list, _ := Get(c, "resources", side).(map[string]any)
				for name, q := range list {
					if v, err := strconv.Atoi(str(q)); err == nil && gpu.IsResource(name) && v > n[name] {
						n[name] = v
					}
				}
			}
			for name, v := range n {
				if k == "containers" {
					sum[name] += v
				} else if v > initMax[name] {
					initMax[name] = v
				}
			}
		}
	}
	for name, v := range initMax {
		sum[name] = max(sum[name], v)
	}
	return sum
}

// GPURequest is the number of GPUs of every kind a pod asks for.
func GPURequest(spec map[string]any) int {
	total := 0
	for _, n := range GPURequests(spec) {
		total += n
	}
	return total
}

func labelsMatch(selector, labels map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// untolerated lists the hard taints (NoSchedule, NoExecute) of a pool that
// none of the tolerations matches.
func untolerated(taints []cluster.Taint, tolerations []any) []string {
	var out []string
	for _, t := range taints {
		if t.Effect == "PreferNoSchedule" || Tolerated(t, tolerations) {
			continue
		}
		out = append(out, t.Key+"="+t.Value+":"+t.Effect)
	}
	return out
}

// Tolerated reports whether a pod's tolerations (plain values, as the plan
// records them) tolerate the taint: the scheduler's matching of key,
// operator (Equal by default, or Exists), value and effect.
func Tolerated(t cluster.Taint, tolerations []any) bool {
	for _, tol := range tolerations {
		key, op := str(Get(tol, "key")), str(Get(tol, "operator"))
		effect, value := str(Get(tol, "effect")), str(Get(tol, "value"))
		if effect != "" && effect != t.Effect {
			continue
		}
		if op == "Exists" && (key == "" || key == t.Key) {
			return true
		}
		if (op == "" || op == "Equal") && key == t.Key && value == t.Value {
			return true
		}
	}
	return false
}

func allGPU(names []string, pools []cluster.Pool) bool {
	for _, n := range names {
		for _, p := range pools {
			if p.Name == n && !p.IsGPU() {
				return false
			}
		}
	}
	return true
}

func formatLabels(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return "{" + strings.Join(parts, ",") + "}"
}
