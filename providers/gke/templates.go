package gke

import (
	"fmt"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
	"github.com/mlkube/mlkube/providers/internal/kit"
)

// nodeTemplates builds, for every node pool a plan creates (and every
// ComputeClass, computeclass_templates.go), the node GKE's
// autoscaler imagines for it at size zero, from exactly what the plan sends
// to GKE: the node config's labels, taints and machine type, plus what GKE
// adds to GPU nodes itself (the accelerator label and the nvidia.com/gpu
// taint) and the GPUs its device plugin advertises (the accelerator count,
// times the time-sharing clients or MIG instances per GPU).
func nodeTemplates(rs []cluster.PlannedResource) ([]cluster.NodeTemplate, error) {
	pools, err := kit.NodeTemplates(rs, typeNodePool, func(r cluster.PlannedResource) (cluster.NodeTemplate, bool, error) {
		t, err := nodeTemplate(r)
		if err != nil {
			return t, false, fmt.Errorf("node pool %s: %w", r.Name, err)
		}
		return t, true, nil
	})
	if err != nil {
		return nil, err
	}
	classes, err := computeClassTemplates(rs)
	if err != nil {
		return nil, err
	}
	return kit.Finish(append(pools, classes...)), nil
}

func nodeTemplate(r cluster.PlannedResource) (cluster.NodeTemplate, error) {
	nc, _ := r.Inputs["nodeConfig"].(map[string]any)
	machineType, _ := nc["machineType"].(string)
	t := kit.NewTemplate(r.Name, machineType, nc["labels"])
	if t.MachineType == "" {
		return t, fmt.Errorf("no nodeConfig.machineType")
	}
	taints, _ := nc["taints"].([]any)
	for _, x := range taints {
		m, _ := x.(map[string]any)
		key, _ := m["key"].(string)
		value, _ := m["value"].(string)
		effect, err := kubernetesEffect(fmt.Sprint(m["effect"]))
		if err != nil {
			return t, err
		}
		t.Taints = append(t.Taints, cluster.Taint{Key: key, Value: value, Effect: effect})
	}
	accs, _ := nc["guestAccelerators"].([]any)
	for _, x := range accs {
		a, _ := x.(map[string]any)
		typ, _ := a["type"].(string)
		count := intOf(a["count"])
		if count == 0 {
			continue
		}
		t.Labels[acceleratorLabel] = typ
		t.Taints = append(t.Taints, cluster.Taint{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect})
		t.Resources[gpu.ResourceName] += count * perGPU(a)
	}
	if len(accs) == 0 {
		if m, err := machines.Lookup(t.MachineType); err == nil && m.GPUs > 0 {
			return t, fmt.Errorf("machine type %s has GPUs but the pool sends no guestAccelerators", t.MachineType)
		}
	}
	return t, nil
}

// perGPU is how many nvidia.com/gpu GKE's device plugin advertises per
// physical GPU: the time-sharing clients, or the MIG instances of the
// partition size (internal/gpu counts them), else one.
func perGPU(a map[string]any) int {
	if sc, ok := a["gpuSharingConfig"].(map[string]any); ok {
		if n := intOf(sc["maxSharedClientsPerGpu"]); n > 0 {
			return n
		}
	}
	if size, ok := a["gpuPartitionSize"].(string); ok && size != "" {
		return gpu.MIGSlices("all-" + size)
	}
	return 1
}

// kubernetesEffect translates a GKE API taint effect back to Kubernetes'.
func kubernetesEffect(effect string) (string, error) {
	for k, g := range gkeTaintEffects {
		if g == effect {
			return k, nil
		}
	}
	return "", fmt.Errorf("taint effect %q is not a GKE effect (%s)", effect, strings.Join([]string{"NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"}, ", "))
}

// intOf reads a number of a plan's inputs (JSON numbers are float64).
func intOf(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}
