package kit

import (
	"sort"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
)

// NodeTemplates builds a template from each planned resource of type typ
// (a node pool, an agent pool) that build accepts, and returns them in the
// order Finish gives. build reads only what the plan sends to the cloud.
func NodeTemplates(rs []cluster.PlannedResource, typ string, build func(r cluster.PlannedResource) (t cluster.NodeTemplate, ok bool, err error)) ([]cluster.NodeTemplate, error) {
	var out []cluster.NodeTemplate
	for _, r := range rs {
		if r.Type != typ {
			continue
		}
		t, ok, err := build(r)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, t)
		}
	}
	return Finish(out), nil
}

// Finish puts templates in the one order plans print (by group, taints by
// key) and names each one's pool from the mlkube pool label its nodes carry.
func Finish(ts []cluster.NodeTemplate) []cluster.NodeTemplate {
	for i := range ts {
		t := &ts[i]
		sort.Slice(t.Taints, func(a, b int) bool { return t.Taints[a].Key < t.Taints[b].Key })
		t.Pool = t.Labels[gpu.PoolLabel]
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Group < ts[j].Group })
	return ts
}

// NewTemplate is an empty template of a group and machine type, with the
// labels of a plan's map input (non-string values read as "").
func NewTemplate(group, machineType string, labels any) cluster.NodeTemplate {
	t := cluster.NodeTemplate{Group: group, MachineType: machineType, Labels: map[string]string{}, Resources: map[string]int{}}
	m, _ := labels.(map[string]any)
	for k, v := range m {
		t.Labels[k], _ = v.(string)
	}
	return t
}

// List reads a plan input as a list (nil when it is none).
func List(v any) []any {
	l, _ := v.([]any)
	return l
}

// Taints reads a plan's list of Kubernetes taints ({key, value, effect},
// effects in Kubernetes' spelling).
func Taints(v any) []cluster.Taint {
	var out []cluster.Taint
	for _, x := range List(v) {
		m, _ := x.(map[string]any)
		k, _ := m["key"].(string)
		val, _ := m["value"].(string)
		e, _ := m["effect"].(string)
		out = append(out, cluster.Taint{Key: k, Value: val, Effect: e})
	}
	return out
}
