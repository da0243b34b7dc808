package plan

import "github.com/mlkube/mlkube/internal/policy"

// estimate finds the longest chain of dependent creations: the time to a
// ready platform if everything independent runs in parallel, as the engine
// does. Ties are broken by URN so the result is deterministic.
func estimate(resources []policy.Resource) Estimate {
	byURN := make(map[string]*policy.Resource, len(resources))
	for i := range resources {
		byURN[resources[i].URN] = &resources[i]
	}
	finish := make(map[string]int, len(resources))
	via := make(map[string]string, len(resources))
	var visit func(urn string, stack map[string]bool) int
	visit = func(urn string, stack map[string]bool) int {
		if f, ok := finish[urn]; ok {
			return f
		}
		r := byURN[urn]
		if r == nil || stack[urn] {
			return 0 // outside the plan, or a cycle the engine would reject anyway
		}
		stack[urn] = true
		start, from := 0, ""
		for _, d := range r.DependsOn { // sorted, so the first longest wins
			if f := visit(d, stack); f > start || (f == start && from == "" && f > 0) {
				start, from = f, d
			}
		}
		delete(stack, urn)
		finish[urn] = start + durationOf(r)
		via[urn] = from
		return finish[urn]
	}
	end, last := 0, ""
	for i := range resources {
		if f := visit(resources[i].URN, map[string]bool{}); f > end {
			end, last = f, resources[i].URN
		}
	}
	path := []string{}
	for u := last; u != ""; u = via[u] {
		path = append([]string{u}, path...)
	}
	return Estimate{CriticalPathSeconds: end, CriticalPath: path}
}
