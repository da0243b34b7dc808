package aks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The node AKS's autoscaler imagines for an empty pool is built from the
// planned agent pool alone, and matches what the contract says the pool's
// nodes carry (so workloads placed there fit the template).
func TestNodeTemplatesFromPlannedAgentPools(t *testing.T) {
	r := devRun(t)
	templates, err := nodeTemplates(r.Planned())
	require.NoError(t, err)
	require.Len(t, templates, 3)

	byPool := map[string]cluster.NodeTemplate{}
	for _, tm := range templates {
		byPool[tm.Pool] = tm
	}
	inf := byPool["inference"]
	assert.Equal(t, "inference", inf.Group)
	assert.Equal(t, "Standard_NC4as_T4_v3", inf.MachineType)
	assert.Equal(t, map[string]int{"nvidia.com/gpu": 1}, inf.Resources)
	assert.Equal(t, []cluster.Taint{
		{Key: "kubernetes.azure.com/scalesetpriority", Value: "spot", Effect: "NoSchedule"},
		{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"},
	}, inf.Taints)
	pool, _ := r.Cluster.Pool("inference")
	assert.Equal(t, pool.Labels, inf.Labels, "template labels are the contract pool's labels")

	a100 := byPool["train-a100"]
	assert.Equal(t, "traina100", a100.Group)
	assert.Equal(t, map[string]int{"nvidia.com/gpu": 1}, a100.Resources)
	assert.Equal(t, []cluster.Taint{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}}, a100.Taints)

	assert.Empty(t, byPool["cpu"].Taints)
	assert.Empty(t, byPool["cpu"].Resources)
}

func TestParseTaint(t *testing.T) {
	got, err := parseTaint("kubernetes.azure.com/scalesetpriority=spot:NoSchedule")
	require.NoError(t, err)
	assert.Equal(t, cluster.Taint{Key: "kubernetes.azure.com/scalesetpriority", Value: "spot", Effect: "NoSchedule"}, got)
	_, err = parseTaint("dedicated=gpu")
	assert.Error(t, err)
}
