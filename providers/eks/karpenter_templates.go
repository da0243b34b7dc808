package eks

import (
	"fmt"
	"strconv"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
	"github.com/mlkube/mlkube/providers/internal/kit"
)

// karpenterTemplates builds, for every NodePool a plan holds, a node that
// Karpenter could launch for it, from the NodePool alone: its template's
// labels and taints, the largest instance type its requirements allow (a
// pod that fits no type of the pool fits none), and that type's GPUs as
// the limits count them (limits / nodes).
func karpenterTemplates(rs []cluster.PlannedResource) ([]cluster.NodeTemplate, error) {
	return kit.NodeTemplates(rs, typeKarpenterNodePool, func(r cluster.PlannedResource) (cluster.NodeTemplate, bool, error) {
		spec, _ := r.Inputs["spec"].(map[string]any)
		tmpl, _ := spec["template"].(map[string]any)
		meta, _ := tmpl["metadata"].(map[string]any)
		ts, _ := tmpl["spec"].(map[string]any)
		name, _ := r.Inputs["metadata"].(map[string]any)["name"].(string)
		largest, cpus := "", -1
		for _, req := range kit.List(ts["requirements"]) {
			m, _ := req.(map[string]any)
			if m["key"] != labelInstanceType {
				continue
			}
			for _, v := range kit.List(m["values"]) {
				t, _ := v.(string)
				mt, err := machines.Lookup(t)
				if err != nil {
					return cluster.NodeTemplate{}, false, fmt.Errorf("NodePool %s: %w", name, err)
				}
				if mt.CPUs > cpus {
					largest, cpus = t, mt.CPUs
				}
			}
		}
		if largest == "" {
			return cluster.NodeTemplate{}, false, fmt.Errorf("NodePool %s names no instance type", name)
		}
		t := kit.NewTemplate(name, largest, meta["labels"])
		t.Taints = append(t.Taints, kit.Taints(ts["taints"])...)
		limits, _ := spec["limits"].(map[string]any)
		nodes, _ := strconv.Atoi(fmt.Sprint(limits["nodes"]))
		gpus, _ := strconv.Atoi(fmt.Sprint(limits[gpu.ResourceName]))
		if nodes > 0 && gpus > 0 {
			t.Resources[gpu.ResourceName] = gpus / nodes
		}
		return t, true, nil
	})
}
