package eks

import (
	"fmt"

	"github.com/mlkube/mlkube/internal/gpu"
)

// acceleratorLabel is the label the cluster autoscaler's AWS cloud provider
// reads to tell a GPU node whose GPUs are not allocatable yet; without it
// the autoscaler adds another node while the first one's driver loads.
const acceleratorLabel = "k8s.amazonaws.com/accelerator"

// accelerators are the label's values per GPU model, as EKS spells them.
// A model missing here is not offered on EKS.
var accelerators = map[string]string{
	"t4": "nvidia-tesla-t4", "v100": "nvidia-tesla-v100",
	// Both A100 sizes carry the one value AWS uses for them.
	"a100": "nvidia-tesla-a100", "a100-80gb": "nvidia-tesla-a100",
	"a10g": "nvidia-a10g", "l4": "nvidia-l4", "l40s": "nvidia-l40s", "h100": "nvidia-h100",
	"h200": "nvidia-h200",
}

// acceleratorLabels are the labels EKS GPU nodes of a model carry.
func acceleratorLabels(model string) (map[string]string, error) {
	if _, known := gpu.Lookup(model); !known {
		return nil, fmt.Errorf("unknown GPU model %q", model)
	}
	v, ok := accelerators[model]
	if !ok {
		return nil, fmt.Errorf("GPU model %q is not offered on EKS", model)
	}
	return map[string]string{acceleratorLabel: v}, nil
}
