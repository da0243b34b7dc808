package cluster

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/stretchr/testify/assert"
)

// TestPoolFrom: the contract's pool says what places pods on its nodes and
// what the nodes offer, per sharing setting.
func TestPoolFrom(t *testing.T) {
	gpuPool := func(s config.Sharing) config.NodePool {
		return config.NodePool{Name: "g", Max: 2, Labels: map[string]string{gpu.PoolLabel: "g"},
			Taints: []config.Taint{{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect}},
			GPU:    &config.GPU{Model: "a100", Count: 2, Sharing: s}}
	}
	for _, tt := range []struct {
		name     string
		pool     config.NodePool
		resource string
		perNode  int
	}{
		{"cpu", config.NodePool{Name: "cpu", Max: 1}, gpu.ResourceName, 0},
		{"whole GPUs", gpuPool(config.Sharing{Mode: gpu.SharingNone}), gpu.ResourceName, 2},
		{"time-sliced", gpuPool(config.Sharing{Mode: gpu.SharingTimeSlicing, Replicas: 4}), gpu.ResourceName, 8},
		{"mig single", gpuPool(config.Sharing{Mode: gpu.SharingMIG, MIGStrategy: gpu.MIGSingle, MIGProfile: "all-1g.10gb"}), gpu.ResourceName, 14},
		{"mig mixed", gpuPool(config.Sharing{Mode: gpu.SharingMIG, MIGStrategy: gpu.MIGMixed, MIGProfile: "all-3g.40gb"}), "nvidia.com/mig-3g.40gb", 4},
	} {
		p := PoolFrom(tt.pool)
		assert.Equal(t, tt.resource, p.GPUResource(), tt.name)
		assert.Equal(t, tt.perNode, p.GPUsPerNode(), tt.name)
		assert.Equal(t, tt.perNode > 0, p.IsGPU(), tt.name)
		assert.Equal(t, map[string]string{gpu.PoolLabel: tt.pool.Name}, p.NodeSelector, "%s: selected by the pool label", tt.name)
	}

	adopted := config.NodePool{Name: "a", NodeSelector: map[string]string{"kubernetes.io/os": "linux"}}
	p := PoolFrom(adopted)
	assert.Equal(t, map[string]string{"kubernetes.io/os": "linux"}, p.NodeSelector, "an adopted pool is selected by its nodes' own labels")
	p.NodeSelector["x"] = "y"
	assert.NotContains(t, adopted.NodeSelector, "x", "the contract's pool does not alias the stack's maps")

	src := gpuPool(config.Sharing{})
	q := PoolFrom(src)
	q.Labels["extra"] = "1"
	assert.NotContains(t, src.Labels, "extra")
	assert.Equal(t, []Taint{{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect}}, q.Taints)
}

func TestBlockProvisioners(t *testing.T) {
	block := StorageClass{Provisioner: "block.csi.example.com"}
	assert.Equal(t, []string{"block.csi.example.com"}, Storage{Fast: block, Standard: block}.BlockProvisioners())
	assert.Equal(t, []string{"fast.example.com", "block.csi.example.com"},
		Storage{Fast: StorageClass{Provisioner: "fast.example.com"}, Standard: block}.BlockProvisioners())
	shared := Storage{Fast: block, Standard: block, Shared: &StorageClass{Provisioner: "block.csi.example.com"}}
	assert.Empty(t, shared.BlockProvisioners(), "a provisioner that serves the shared class is not block-only")
	assert.Empty(t, Storage{}.BlockProvisioners())
}
