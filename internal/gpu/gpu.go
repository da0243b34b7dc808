// Package gpu is the one place where mlkube decides GPU facts: the extended
// resource name, the taint every GPU pool carries, the labels that select GPU
// nodes, the labels each cloud's autoscaler uses to recognise a GPU node, and
// what each GPU model is. Providers, addons and components read these values;
// none of them spells a GPU fact on its own.
package gpu

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

const (
	// ResourceName is the extended resource the NVIDIA device plugin advertises.
	ResourceName = "nvidia.com/gpu"

	// TaintKey, TaintValue and TaintEffect make up the taint on every GPU
	// pool, so that only pods that ask for GPUs land there. GKE puts the same
	// taint on GPU pools itself, so one spelling serves every cloud.
	TaintKey    = "nvidia.com/gpu"
	TaintValue  = "present"
	TaintEffect = "NoSchedule"

	// PoolLabel names the node pool on every node; workloads select on it.
	PoolLabel = "mlkube.io/pool"
	// AcceleratorLabel marks GPU nodes (value "nvidia") for node agents.
	AcceleratorLabel = "mlkube.io/accelerator"
	// ModelLabel carries the GPU model (t4, a100, ...).
	ModelLabel = "mlkube.io/gpu-model"
	// AcceleratorValue is the value of AcceleratorLabel.
	AcceleratorValue = "nvidia"

	// GPUPresentLabel is set by the GPU operator's feature discovery; the
	// operator schedules its operands by it.
	GPUPresentLabel = "nvidia.com/gpu.present"
)

// Model describes one GPU model.
type Model struct {
	// Name is mlkube's short name (the stack file's gpu.model).
	Name string
	// MemoryGB per GPU.
	MemoryGB int
	// MIG says the GPU supports Multi-Instance GPU partitioning.
	MIG bool
	// EKSAccelerator is the value of the k8s.amazonaws.com/accelerator label.
	EKSAccelerator string
	// GKEAccelerator is the GKE accelerator type (cloud.google.com/gke-accelerator).
	GKEAccelerator string
}

var models = map[string]Model{
	"t4":        {Name: "t4", MemoryGB: 16, EKSAccelerator: "nvidia-tesla-t4", GKEAccelerator: "nvidia-tesla-t4"},
	"a10g":      {Name: "a10g", MemoryGB: 24, EKSAccelerator: "nvidia-a10g"},
	"l4":        {Name: "l4", MemoryGB: 24, EKSAccelerator: "nvidia-l4", GKEAccelerator: "nvidia-l4"},
	"v100":      {Name: "v100", MemoryGB: 16, EKSAccelerator: "nvidia-tesla-v100", GKEAccelerator: "nvidia-tesla-v100"},
	"a100":      {Name: "a100", MemoryGB: 40, MIG: true, EKSAccelerator: "nvidia-tesla-a100", GKEAccelerator: "nvidia-tesla-a100"},
	"a100-80gb": {Name: "a100-80gb", MemoryGB: 80, MIG: true, EKSAccelerator: "nvidia-tesla-a100", GKEAccelerator: "nvidia-a100-80gb"},
	"h100":      {Name: "h100", MemoryGB: 80, MIG: true, EKSAccelerator: "nvidia-h100", GKEAccelerator: "nvidia-h100-80gb"},
	"l40s":      {Name: "l40s", MemoryGB: 48, EKSAccelerator: "nvidia-l40s"},
}

// Lookup returns the model by its short name.
func Lookup(name string) (Model, bool) {
	m, ok := models[name]
	return m, ok
}

// Models lists the known model names, sorted.
func Models() []string {
	names := make([]string, 0, len(models))
	for n := range models {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Cloud labels that the cluster autoscaler reads to tell that a node is a
// GPU node whose GPUs are not allocatable yet (so it does not over-provision).
const (
	EKSAcceleratorLabel = "k8s.amazonaws.com/accelerator"
	AKSAcceleratorLabel = "accelerator"
	GKEAcceleratorLabel = "cloud.google.com/gke-accelerator"
)

// PoolLabels are the labels mlkube puts on every node of a pool.
func PoolLabels(pool, model string) map[string]string {
	l := map[string]string{PoolLabel: pool}
	if model != "" {
		l[AcceleratorLabel] = AcceleratorValue
		l[ModelLabel] = model
	}
	return l
}

// CloudLabels are the labels a provider adds to GPU pools so that the cloud's
// autoscaler recognises them. GKE sets its own, so it gets none here.
func CloudLabels(provider, model string) (map[string]string, error) {
	m, ok := Lookup(model)
	if !ok {
		return nil, fmt.Errorf("unknown GPU model %q", model)
	}
	switch provider {
	case "eks":
		if m.EKSAccelerator == "" {
			return nil, fmt.Errorf("GPU model %q is not offered on EKS", model)
		}
		return map[string]string{EKSAcceleratorLabel: m.EKSAccelerator}, nil
	case "aks":
		return map[string]string{AKSAcceleratorLabel: "nvidia"}, nil
	}
	return map[string]string{}, nil
}

// GPU sharing modes (the stack file's gpu.sharing).
const (
	SharingNone        = "none"
	SharingTimeSlicing = "timeSlicing"
	SharingMIG         = "mig"
)

// Node labels the GPU operator reads per node: which device plugin config
// (a key of its config map) and which MIG profile the node gets. Every GPU
// pool carries them, so sharing follows the pool without per-node setup.
const (
	DevicePluginConfigLabel = "nvidia.com/device-plugin.config"
	MIGConfigLabel          = "nvidia.com/mig.config"
)

// SharingConfigName names the device plugin config of a sharing setting:
// "none", "time-slicing-<replicas>", "mig-single" or "mig-mixed".
func SharingConfigName(mode string, replicas int, migStrategy string) string {
	switch mode {
	case SharingTimeSlicing:
		return fmt.Sprintf("time-slicing-%d", replicas)
	case SharingMIG:
		if migStrategy == "" {
			migStrategy = "single"
		}
		return "mig-" + migStrategy
	}
	return SharingNone
}

// SharingLabels are the labels a GPU pool's nodes carry for its sharing
// setting.
func SharingLabels(mode string, replicas int, migStrategy, migProfile string) map[string]string {
	l := map[string]string{DevicePluginConfigLabel: SharingConfigName(mode, replicas, migStrategy)}
	if mode == SharingMIG && migProfile != "" {
		l[MIGConfigLabel] = migProfile
	}
	return l
}

// MIGProfilePattern is the form of the mig-parted profiles mlkube accepts:
// every GPU of the node split into instances of one size, "all-1g.10gb".
var MIGProfilePattern = regexp.MustCompile(`^all-([1-4]|7)g\.[0-9]+gb$`)

// MIGSlices is how many instances of a profile one GPU holds: a GPU has 7
// compute slices; 2g and 3g instances leave one unused, 4g three.
func MIGSlices(profile string) int {
	m := MIGProfilePattern.FindStringSubmatch(profile)
	if m == nil {
		return 1
	}
	n, _ := strconv.Atoi(m[1])
	return map[int]int{1: 7, 2: 3, 3: 2, 4: 1, 7: 1}[n]
}

// Resource is the extended resource a pool's pods ask for: nvidia.com/gpu,
// except under the mixed MIG strategy, where the device plugin advertises
// each instance size as its own resource (nvidia.com/mig-1g.10gb).
func Resource(mode, migStrategy, migProfile string) string {
	if mode == SharingMIG && migStrategy == "mixed" {
		return "nvidia.com/mig-" + strings.TrimPrefix(migProfile, "all-")
	}
	return ResourceName
}

// IsResource reports whether an extended resource name is a GPU (or a MIG
// instance) of the NVIDIA device plugin.
func IsResource(name string) bool {
	return name == ResourceName || strings.HasPrefix(name, "nvidia.com/mig-")
}
