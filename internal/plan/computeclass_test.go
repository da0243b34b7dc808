package plan

import (
	"testing"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A GKE ComputeClass pool plans clean (GKE serves the class's CRD, so it
// waits for no release), shows in the node-pool layer, is timed as a GPU
// node pool's first node, and is priced from its cheapest type at its
// cheapest tier to its dearest type at its dearest tier, with its tiers in
// the stack's order (flex-start and the reservation at the on-demand rate,
// an upper bound).
func TestComputeClassPoolPlan(t *testing.T) {
	sf, cfg := stackFile(t, "dev-gke-computeclass")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	assert.Zero(t, p.ErrorFindings(), "%v", p.Findings)

	cc := find(p, "kubernetes:cloud.google.com/v1:ComputeClass", "ml-dev-computeclass-gpu")
	require.NotNil(t, cc)
	byURN := map[string]*policy.Resource{}
	for i := range p.Resources {
		byURN[p.Resources[i].URN] = &p.Resources[i]
	}
	assert.Equal(t, LayerNodePools, layerOf(cc, byURN))
	assert.Nil(t, find(p, "gcp:container/nodePool:NodePool", "ml-dev-gpu"), "no node pool of one machine type")
	assert.Equal(t, 540, offline.Seconds[cc.Type])

	require.NotNil(t, p.Cost)
	priced := false
	for _, pc := range p.Cost.Pools {
		if pc.Pool != "gpu" {
			continue
		}
		priced = true
		assert.Equal(t, []string{"reserved", "on-demand", "flex-start", "spot"}, pc.Tiers)
		assert.Equal(t, []string{"g2-standard-8", "g2-standard-12", "g2-standard-16"}, pc.MachineTypes)
		require.NotNil(t, pc.Machine)
		require.NotNil(t, pc.MachineMax)
		assert.InDelta(t, 0.853624, pc.Machine.USD, 1e-6, "g2-standard-8, the cheapest")
		assert.InDelta(t, 1.147208, pc.MachineMax.USD, 1e-6, "g2-standard-16, the dearest")
		assert.Zero(t, pc.MonthlyMin, "min 0: no node at rest")
		assert.Greater(t, pc.MonthlyMax, 2*1.147208*730, "max 2 nodes of the dearest type on demand, disks on top")
	}
	assert.True(t, priced, "pool gpu is priced")
}
