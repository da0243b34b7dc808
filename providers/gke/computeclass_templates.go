package gke

import (
	"fmt"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/machines"
	"github.com/mlkube/mlkube/providers/internal/kit"
)

// computeClassTemplates builds, for every ComputeClass a plan holds, a
// node GKE could create for it, from the class alone: its nodePoolConfig's
// labels and taints, the class label, the largest machine type of its
// priorities (a pod that fits no type of the class fits none), and what
// GKE adds to GPU nodes itself (addGPUs).
func computeClassTemplates(rs []cluster.PlannedResource) ([]cluster.NodeTemplate, error) {
	return kit.NodeTemplates(rs, typeComputeClass, func(r cluster.PlannedResource) (cluster.NodeTemplate, bool, error) {
		meta, _ := r.Inputs["metadata"].(map[string]any)
		name, _ := meta["name"].(string)
		spec, _ := r.Inputs["spec"].(map[string]any)
		pc, _ := spec["nodePoolConfig"].(map[string]any)
		largest, cpus := "", -1
		var accel map[string]any
		for _, x := range kit.List(spec["priorities"]) {
			pr, _ := x.(map[string]any)
			t, _ := pr["machineType"].(string)
			m, err := machines.Lookup(t)
			if err != nil {
				return cluster.NodeTemplate{}, false, fmt.Errorf("ComputeClass %s: %w", name, err)
			}
			if m.CPUs > cpus {
				largest, cpus = t, m.CPUs
			}
			if g, ok := pr["gpu"].(map[string]any); ok {
				accel = g
			}
		}
		if largest == "" {
			return cluster.NodeTemplate{}, false, fmt.Errorf("ComputeClass %s names no machine type", name)
		}
		t := kit.NewTemplate(name, largest, pc["nodeLabels"])
		t.Labels[computeClassLabel] = name
		t.Taints = append(t.Taints, kit.Taints(pc["taints"])...)
		if g := computeClassGPUKeys.read(accel); g.Count > 0 {
			addGPUs(&t, g)
		}
		return t, true, nil
	})
}
