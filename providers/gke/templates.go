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
// adds to GPU nodes itself (addGPUs).
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
		if g := guestAcceleratorKeys.read(x); g.Count > 0 {
			addGPUs(&t, g)
		}
	}
	if len(accs) == 0 {
		if m, err := machines.Lookup(t.MachineType); err == nil && m.GPUs > 0 {
			return t, fmt.Errorf("machine type %s has GPUs but the pool sends no guestAccelerators", t.MachineType)
		}
	}
	return t, nil
}

// gpuKeys are where a plan keeps a poolGPU's settings: a node pool's
// guest accelerator and a ComputeClass priority's gpu name them
// differently, and only the ComputeClass puts the partition size among
// the sharing settings.
type gpuKeys struct {
	sharing, strategy, clients string
	partitionInSharing         bool
}

var (
	guestAcceleratorKeys = gpuKeys{sharing: "gpuSharingConfig", strategy: "gpuSharingStrategy", clients: "maxSharedClientsPerGpu"}
	computeClassGPUKeys  = gpuKeys{sharing: "gpuSharing", strategy: "sharingStrategy", clients: "maxSharedClientsPerGPU", partitionInSharing: true}
)

// read reads a plan's accelerator back into a poolGPU.
func (k gpuKeys) read(x any) poolGPU {
	a, _ := x.(map[string]any)
	s, _ := a[k.sharing].(map[string]any)
	g := poolGPU{Count: intOf(a["count"]), ClientsPerGPU: intOf(s[k.clients])}
	g.Type, _ = a["type"].(string)
	g.SharingStrategy, _ = s[k.strategy].(string)
	partition := a
	if k.partitionInSharing {
		partition = s
	}
	g.PartitionSize, _ = partition["gpuPartitionSize"].(string)
	return g
}

// addGPUs adds to a template what GKE adds to a GPU node itself, whether
// a node pool or a ComputeClass made it: the accelerator label, the
// nvidia.com/gpu taint, and the GPUs its device plugin advertises.
func addGPUs(t *cluster.NodeTemplate, g poolGPU) {
	t.Labels[acceleratorLabel] = g.Type
	t.Taints = append(t.Taints, cluster.Taint{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect})
	t.Resources[gpu.ResourceName] += g.Count * g.advertisedPerGPU()
}

// advertisedPerGPU is how many nvidia.com/gpu GKE's device plugin
// advertises per physical GPU: the time-sharing clients, or the MIG
// instances of the partition size (internal/gpu counts them), else one.
func (g poolGPU) advertisedPerGPU() int {
	if g.ClientsPerGPU > 0 {
		return g.ClientsPerGPU
	}
	if g.PartitionSize != "" {
		return gpu.MIGSlices(migProfile(g.PartitionSize))
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
