package gke

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The node GKE would build for an empty pool comes from what the plan
// sends for the pool, plus GKE's own GPU label and taint, with the GPUs
// its device plugin advertises.
func TestNodeTemplatesFromThePlannedNodePools(t *testing.T) {
	r := devRun(t)
	templates, err := nodeTemplates(r.Planned())
	require.NoError(t, err)
	byPool := map[string]cluster.NodeTemplate{}
	for _, tm := range templates {
		byPool[tm.Pool] = tm
	}
	require.Len(t, byPool, 5)
	gpuTaint := cluster.Taint{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}

	g := byPool["gpu"]
	assert.Equal(t, "ml-gpu", g.Group)
	assert.Equal(t, "g2-standard-8", g.MachineType)
	assert.Equal(t, map[string]string{
		"mlkube.io/pool": "gpu", "mlkube.io/accelerator": "nvidia", "mlkube.io/gpu-model": "l4",
		"nvidia.com/device-plugin.config": "none", "cloud.google.com/gke-accelerator": "nvidia-l4",
	}, g.Labels)
	assert.Equal(t, []cluster.Taint{gpuTaint}, g.Taints)
	assert.Equal(t, map[string]int{"nvidia.com/gpu": 1}, g.Resources)

	assert.Equal(t, map[string]int{"nvidia.com/gpu": 8}, byPool["shared"].Resources, "2 GPUs, 4 time-sharing clients each")
	assert.Equal(t, map[string]int{"nvidia.com/gpu": 56}, byPool["train"].Resources, "8 A100s in 7 1g.5gb partitions each")

	b := byPool["batch"]
	assert.Equal(t, []cluster.Taint{{Key: "batch", Value: "true", Effect: "NoExecute"}}, b.Taints)
	assert.Empty(t, b.Resources)
	assert.NotContains(t, b.Labels, "cloud.google.com/gke-accelerator")

	// The template matches the contract's pool: what the scheduler sees
	// on a real node of the pool.
	for _, name := range []string{"system", "batch", "gpu", "shared", "train"} {
		p, ok := r.Cluster.Pool(name)
		require.True(t, ok)
		assert.Equal(t, p.Labels, byPool[name].Labels, name)
		assert.ElementsMatch(t, p.Taints, byPool[name].Taints, name)
		gpus := p.GPUsPerNode()
		if gpus > 0 {
			assert.Equal(t, gpus, byPool[name].Resources["nvidia.com/gpu"], name)
		}
	}
}

func TestNodeTemplateRefusesWhatGKEWouldNotSay(t *testing.T) {
	_, err := nodeTemplates([]cluster.PlannedResource{{Type: typeNodePool, Name: "x", Inputs: map[string]any{"nodeConfig": map[string]any{}}}})
	assert.ErrorContains(t, err, "no nodeConfig.machineType")
	_, err = nodeTemplates([]cluster.PlannedResource{{Type: typeNodePool, Name: "x", Inputs: map[string]any{"nodeConfig": map[string]any{
		"machineType": "n2-standard-4", "taints": []any{map[string]any{"key": "a", "value": "b", "effect": "NoSchedule"}}}}}})
	assert.ErrorContains(t, err, `taint effect "NoSchedule" is not a GKE effect`)
	_, err = nodeTemplates([]cluster.PlannedResource{{Type: typeNodePool, Name: "x", Inputs: map[string]any{"nodeConfig": map[string]any{"machineType": "g2-standard-8"}}}})
	assert.ErrorContains(t, err, "has GPUs but the pool sends no guestAccelerators")
}
