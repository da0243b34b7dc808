package policy

import (
	"sort"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
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
			if !p.IsGPU() || !labelsMatch(selector, p.Labels) {
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
func FittingPools(spec map[string]any, pools []config.NodePool) (fits, reasons []string) {
	selector := stringMap(spec["nodeSelector"])
	tolerations := list(spec["tolerations"])
	gpus := GPURequest(spec)
	for i := range pools {
		p := &pools[i]
		switch {
		case !labelsMatch(selector, p.Labels):
			reasons = append(reasons, "pool "+p.Name+": nodeSelector "+formatLabels(selector)+" does not match")
		case len(untolerated(p.Taints, tolerations)) > 0:
			reasons = append(reasons, "pool "+p.Name+": no toleration for taint "+strings.Join(untolerated(p.Taints, tolerations), ", "))
		case gpus > config.GPUsPerNode(p):
			reasons = append(reasons, "pool "+p.Name+": asks for "+strconv.Itoa(gpus)+" "+gpu.ResourceName+", a node has "+strconv.Itoa(config.GPUsPerNode(p)))
		default:
			fits = append(fits, p.Name)
		}
	}
	if len(pools) == 0 {
		reasons = append(reasons, "the stack has no node pools")
	}
	return fits, reasons
}

// GPURequest is the number of GPUs (or MIG instances) a pod asks for: the
// sum over its containers (the larger of requests and limits), or the largest init
// container, whichever is more — as the scheduler computes it.
func GPURequest(spec map[string]any) int {
	sum, initMax := 0, 0
	for _, k := range []string{"containers", "initContainers"} {
		for _, c := range list(spec[k]) {
			n := 0
			for _, side := range []string{"requests", "limits"} {
				list, _ := get(c, "resources", side).(map[string]any)
				for name, q := range list {
					if v, err := strconv.Atoi(str(q)); err == nil && gpu.IsResource(name) && v > n {
						n = v
					}
				}
			}
			if k == "containers" {
				sum += n
			} else if n > initMax {
				initMax = n
			}
		}
	}
	return max(sum, initMax)
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
func untolerated(taints []config.Taint, tolerations []any) []string {
	var out []string
	for _, t := range taints {
		if t.Effect == "PreferNoSchedule" || tolerated(t, tolerations) {
			continue
		}
		out = append(out, t.Key+"="+t.Value+":"+t.Effect)
	}
	return out
}

func tolerated(t config.Taint, tolerations []any) bool {
	for _, tol := range tolerations {
		key, op := str(get(tol, "key")), str(get(tol, "operator"))
		effect, value := str(get(tol, "effect")), str(get(tol, "value"))
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

func allGPU(names []string, pools []config.NodePool) bool {
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
