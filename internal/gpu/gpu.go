// Package gpu is the one place where mlkube decides GPU facts: the extended
// resource name, the taint every GPU pool carries, the labels that select GPU
// nodes, how pods share a GPU, and what each GPU model is. How a cloud names
// a model is the cloud's provider's to know. Providers, addons and components read these values;
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
}

var models = map[string]Model{
	"t4":        {Name: "t4", MemoryGB: 16},
	"a10g":      {Name: "a10g", MemoryGB: 24},
	"l4":        {Name: "l4", MemoryGB: 24},
	"v100":      {Name: "v100", MemoryGB: 16},
	"a100":      {Name: "a100", MemoryGB: 40, MIG: true},
	"a100-80gb": {Name: "a100-80gb", MemoryGB: 80, MIG: true},
	"h100":      {Name: "h100", MemoryGB: 80, MIG: true},
	// H200: 141 GB HBM3e (AWS p5en: 8 x H200, 1128 GB; GKE a3-ultragpu-8g
	// the same), partitioned by MIG like the H100 (the GPU operator's
	// mig-parted config has all-7g.141gb).
	"h200": {Name: "h200", MemoryGB: 141, MIG: true},
	"l40s": {Name: "l40s", MemoryGB: 48},
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

// PoolLabels are the labels mlkube puts on every node of a pool.
func PoolLabels(pool, model string) map[string]string {
	l := map[string]string{PoolLabel: pool}
	if model != "" {
		l[AcceleratorLabel] = AcceleratorValue
		l[ModelLabel] = model
	}
	return l
}

// GPU sharing modes (the stack file's gpu.sharing).
const (
	SharingNone        = "none"
	SharingTimeSlicing = "timeSlicing"
	SharingMIG         = "mig"
)

// MIG strategies: under single every instance is an nvidia.com/gpu; under
// mixed each instance size is its own resource.
const (
	MIGSingle = "single"
	MIGMixed  = "mixed"
)

// Node labels the GPU operator reads per node: which device plugin config
// (a key of its config map) and which MIG profile the node gets. Every GPU
// pool carries them, so sharing follows the pool without per-node setup.
const (
	DevicePluginConfigLabel = "nvidia.com/device-plugin.config"
	MIGConfigLabel          = "nvidia.com/mig.config"
)

// Sharing is how the pods of a pool share its nodes' GPUs. Everything that
// depends on it (the device plugin config, node labels, the resource pods
// request, how many of it a node offers) is a method here, so a new mode
// is added in this one type.
type Sharing struct {
	// Mode is SharingNone, SharingTimeSlicing or SharingMIG; empty reads
	// as none.
	Mode string
	// Replicas is how many pods share a GPU under time-slicing.
	Replicas int
	// MIGStrategy is MIGSingle or MIGMixed; MIGProfile a mig-parted profile
	// such as all-1g.10gb.
	MIGStrategy string
	MIGProfile  string
}

// Shared reports whether more than one pod may use a physical GPU.
func (s Sharing) Shared() bool { return s.Mode != "" && s.Mode != SharingNone }

// ConfigName names the device plugin config of the setting: "none",
// "time-slicing-<replicas>", "mig-single" or "mig-mixed".
func (s Sharing) ConfigName() string {
	switch s.Mode {
	case SharingTimeSlicing:
		return fmt.Sprintf("time-slicing-%d", s.Replicas)
	case SharingMIG:
		return "mig-" + s.strategy()
	}
	return SharingNone
}

func (s Sharing) strategy() string {
	if s.MIGStrategy == "" {
		return MIGSingle
	}
	return s.MIGStrategy
}

// NodeLabels are the labels the nodes of a pool with this setting carry.
func (s Sharing) NodeLabels() map[string]string {
	l := map[string]string{DevicePluginConfigLabel: s.ConfigName()}
	if s.Mode == SharingMIG && s.MIGProfile != "" {
		l[MIGConfigLabel] = s.MIGProfile
	}
	return l
}

// Resource is the extended resource pods request: nvidia.com/gpu, except
// under the mixed MIG strategy, where the device plugin advertises each
// instance size as its own resource (nvidia.com/mig-1g.10gb).
func (s Sharing) Resource() string {
	if s.Mode == SharingMIG && s.strategy() == MIGMixed {
		return migResourcePrefix + strings.TrimPrefix(s.MIGProfile, "all-")
	}
	return ResourceName
}

// UnitsPerNode is how many of Resource a node with gpus physical GPUs
// offers: time-slicing multiplies them by its replicas, MIG by the
// instances of its profile per GPU.
func (s Sharing) UnitsPerNode(gpus int) int {
	switch s.Mode {
	case SharingTimeSlicing:
		return gpus * s.Replicas
	case SharingMIG:
		return gpus * MIGSlices(s.MIGProfile)
	}
	return gpus
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

const migResourcePrefix = "nvidia.com/mig-"

// IsResource is the one rule for "this extended resource is a GPU": the
// NVIDIA device plugin's nvidia.com/gpu, its renamed shared variants
// (nvidia.com/gpu.shared), its MIG instances (nvidia.com/mig-1g.10gb), and
// AMD's amd.com/gpu. Pods must ask for these through a GPU count, and
// policies count them against what a node offers.
func IsResource(name string) bool {
	return name == ResourceName || strings.HasPrefix(name, ResourceName+".") ||
		strings.HasPrefix(name, migResourcePrefix) || name == "amd.com/gpu"
}
