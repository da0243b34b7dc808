package gke

import (
	"fmt"
	"slices"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
)

// acceleratorLabel is the label GKE puts on GPU nodes with the accelerator
// type; the cluster autoscaler and GKE's own scheduling read it.
const acceleratorLabel = "cloud.google.com/gke-accelerator"

// acceleratorTypes are GKE's accelerator types per GPU model. A model
// missing here is not offered on GKE.
var acceleratorTypes = map[string]string{
	"t4": "nvidia-tesla-t4", "v100": "nvidia-tesla-v100", "l4": "nvidia-l4",
	"a100": "nvidia-tesla-a100", "a100-80gb": "nvidia-a100-80gb", "h100": "nvidia-h100-80gb",
	"h200": "nvidia-h200-141gb",
}

// acceleratorType is the GKE accelerator type of a GPU model.
func acceleratorType(model string) (string, bool) {
	if _, known := gpu.Lookup(model); !known {
		return "", false
	}
	t, ok := acceleratorTypes[model]
	return t, ok
}

// poolGPU is what GKE is told about a pool's GPUs, whichever way the pool
// is provisioned: a node pool's guest accelerator and a ComputeClass
// priority's gpu spell the same settings differently.
type poolGPU struct {
	Type  string // GKE's accelerator type
	Count int    // GPUs per node
	// SharingStrategy is timeSharing with ClientsPerGPU clients on each
	// GPU, or empty.
	SharingStrategy string
	ClientsPerGPU   int
	PartitionSize   string // GKE's gpuPartitionSize for MIG, or empty
}

// gpuOf is a GPU pool's poolGPU.
func gpuOf(p config.NodePool) (poolGPU, error) {
	typ, ok := acceleratorType(p.GPU.Model)
	if !ok {
		return poolGPU{}, fmt.Errorf("pool %s: GKE offers no %q GPU", p.Name, p.GPU.Model)
	}
	g := poolGPU{Type: typ, Count: p.GPU.Count}
	switch s := p.GPU.Sharing; s.Mode {
	case gpu.SharingTimeSlicing:
		g.SharingStrategy, g.ClientsPerGPU = timeSharing, s.Replicas
	case gpu.SharingMIG:
		g.PartitionSize = partitionSize(s.MIGProfile)
	}
	return g, nil
}

// acceleratorLabels are the labels GKE sets on a GPU model's nodes.
func acceleratorLabels(model string) (map[string]string, error) {
	t, ok := acceleratorType(model)
	if !ok {
		return nil, fmt.Errorf("GKE offers no %q GPU", model)
	}
	return map[string]string{acceleratorLabel: t}, nil
}

// gkeModels are the GPU models GKE offers, sorted.
func gkeModels() []string {
	var out []string
	for _, name := range gpu.Models() {
		if _, ok := acceleratorType(name); ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
