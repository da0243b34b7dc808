package cost

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A pool of several machine types and capacity tiers costs, per node,
// from its cheapest type at its cheapest tier to its dearest type at its
// dearest tier. Prices: small 1, big 3 USD/hour; spot 10–100 %.
func TestPoolTypesAndTiers(t *testing.T) {
	cat := &pricing.Catalog{
		Spot:    pricing.Spot{Low: 0.1, High: 1, Source: "test"},
		Regions: map[string]pricing.Region{"r1": {Machines: map[string]pricing.Price{"g.small": hourly(1), "g.big": hourly(3)}}},
	}
	const h = pricing.HoursPerMonth
	for _, tc := range []struct {
		name     string
		pool     config.NodePool
		min, max float64
		tiers    []string
	}{
		{"one type on demand", config.NodePool{MachineType: "g.small", Min: 1, Max: 2}, 1 * h, 2 * h, nil},
		{"two types on demand", config.NodePool{MachineType: "g.small", MachineTypes: []string{"g.big"}, Min: 1, Max: 2}, 1 * h, 2 * 3 * h, nil},
		{"two types on spot", config.NodePool{MachineType: "g.small", MachineTypes: []string{"g.big"}, Spot: true, Min: 1, Max: 2}, 0.1 * h, 2 * 3 * h, nil},
		{"on demand then spot", config.NodePool{MachineType: "g.big", Capacity: []string{"on-demand", "spot"}, Min: 1, Max: 2}, 0.3 * h, 2 * 3 * h, []string{"on-demand", "spot"}},
		{"flex-start then spot: flex-start bounded by on demand", config.NodePool{MachineType: "g.big", Capacity: []string{"flex-start", "spot"}, Min: 1, Max: 2}, 0.3 * h, 2 * 3 * h, []string{"flex-start", "spot"}},
		{"reserved, priced on demand", config.NodePool{MachineType: "g.big", Capacity: []string{"reserved"}, Max: 2}, 0, 2 * 3 * h, []string{"reserved"}},
	} {
		e, warns := Compute(Input{Kind: "cloud", Catalog: cat, Region: "r1", Pools: []config.NodePool{tc.pool}})
		require.Empty(t, warns, tc.name)
		pc := e.Pools[0]
		assert.InDelta(t, tc.min, pc.MonthlyMin, 0.01, tc.name)
		assert.InDelta(t, tc.max, pc.MonthlyMax, 0.01, tc.name)
		assert.Equal(t, tc.tiers, pc.Tiers, tc.name)
	}

	_, warns := Compute(Input{Kind: "cloud", Catalog: cat, Region: "r1", Pools: []config.NodePool{
		{Name: "p", MachineType: "g.small", MachineTypes: []string{"g.huge"}, Max: 1},
	}})
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0].Message, `machine type "g.huge" of node pool "p" has no cloud price`, "the unpriced type is named, not the pool's first")
}
