package aks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
	"github.com/mlkube/mlkube/providers/internal/kit"
)

// nodeTemplates builds, for every autoscaled agent pool of a plan, the node
// AKS's managed cluster autoscaler imagines when the pool is empty: the
// pool's nodeLabels and nodeTaints, what AKS adds to spot pools (the
// scalesetpriority label and taint), and CPU, memory and GPUs of the VM
// size (the autoscaler reads them from the VM SKU, so a time-sliced pool's
// template counts physical GPUs).
func nodeTemplates(rs []cluster.PlannedResource) ([]cluster.NodeTemplate, error) {
	return kit.NodeTemplates(rs, typeAgentPool, nodeTemplate)
}

func nodeTemplate(r cluster.PlannedResource) (cluster.NodeTemplate, bool, error) {
	if auto, _ := r.Inputs["enableAutoScaling"].(bool); !auto {
		return cluster.NodeTemplate{}, false, nil
	}
	name, _ := r.Inputs["agentPoolName"].(string)
	size, _ := r.Inputs["vmSize"].(string)
	t := kit.NewTemplate(name, size, r.Inputs["nodeLabels"])
	if taints, ok := r.Inputs["nodeTaints"].([]any); ok {
		for _, v := range taints {
			s, _ := v.(string)
			taint, err := parseTaint(s)
			if err != nil {
				return t, false, fmt.Errorf("agent pool %s: %w", name, err)
			}
			t.Taints = append(t.Taints, taint)
		}
	}
	if prio, _ := r.Inputs["scaleSetPriority"].(string); prio == "Spot" {
		t.Labels[spotKey] = spotValue
		if !slices.ContainsFunc(t.Taints, func(x cluster.Taint) bool { return x.Key == spotKey }) {
			t.Taints = append(t.Taints, cluster.Taint{Key: spotKey, Value: spotValue, Effect: spotEffect})
		}
	}
	if m, err := machines.Lookup(size); err == nil && m.GPUs > 0 {
		t.Resources[gpu.ResourceName] = m.GPUs
	}
	return t, true, nil
}

// parseTaint reads AKS's key=value:Effect spelling.
func parseTaint(s string) (cluster.Taint, error) {
	kv, effect, ok := strings.Cut(s, ":")
	if !ok {
		return cluster.Taint{}, fmt.Errorf("taint %q is not key=value:Effect", s)
	}
	k, v, _ := strings.Cut(kv, "=")
	return cluster.Taint{Key: k, Value: v, Effect: effect}, nil
}
