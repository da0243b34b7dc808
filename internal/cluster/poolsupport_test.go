package cluster

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
)

func TestCheckPoolSupport(t *testing.T) {
	pools := []config.NodePool{
		{Name: "system"},
		{Name: "gpu", Provisioner: config.ProvisionerKarpenter, MachineTypes: []string{"b"}},
		{Name: "spot", MachineTypes: []string{"b"}},
		{Name: "flex", Provisioner: config.ProvisionerComputeClass, Capacity: []string{"on-demand", "flex-start"}},
	}
	for _, tc := range []struct {
		name    string
		support PoolSupport
		want    []string
	}{
		{"everything", PoolSupport{Provisioners: []string{"karpenter", "computeClass"}, MachineTypes: true, FlexStart: true}, nil},
		{"nothing", PoolSupport{}, []string{
			"nodePools[1].provisioner: karpenter is not available on kind1 clusters (available: the cluster's node groups)",
			"nodePools[2].machineTypes: kind1 node pools cannot mix machine types: its pools have one machine type",
			"nodePools[3].provisioner: computeClass is not available on kind1 clusters (available: the cluster's node groups)",
			"nodePools[3].capacity[1]: flex-start is not a capacity tier kind1 clusters sell",
		}},
		{"karpenter only, with a reason", PoolSupport{Provisioners: []string{"karpenter"}, MachineTypesWhy: "a node pool has one machine type"}, []string{
			"nodePools[2].machineTypes: kind1 node pools cannot mix machine types: a node pool has one machine type",
			"nodePools[3].provisioner: computeClass is not available on kind1 clusters (available: the cluster's node groups, karpenter)",
			"nodePools[3].capacity[1]: flex-start is not a capacity tier kind1 clusters sell",
		}},
		{"compute classes with flex-start, one machine type per node pool", PoolSupport{Provisioners: []string{"computeClass"}, FlexStart: true, MachineTypesWhy: "one type"}, []string{
			"nodePools[1].provisioner: karpenter is not available on kind1 clusters (available: the cluster's node groups, computeClass)",
			"nodePools[2].machineTypes: kind1 node pools cannot mix machine types: one type",
		}},
	} {
		err := CheckPoolSupport("kind1", tc.support, pools)
		if tc.want == nil {
			assert.NoError(t, err, tc.name)
			continue
		}
		var got []string
		for _, e := range err.(config.Errors) {
			got = append(got, e.Error())
		}
		assert.Equal(t, tc.want, got, tc.name)
	}
}

// TestCheckSoldIn: a machine type sold in some tiers only is refused where
// no tier of its pool buys it, a tier that buys none of a pool's types is
// refused, and a pool that orders a tier the machine is sold in is quiet.
func TestCheckSoldIn(t *testing.T) {
	support := PoolSupport{
		Provisioners: []string{"karpenter"}, MachineTypes: true,
		SoldIn: map[string]SoldIn{
			"h1": {Tiers: []string{"reserved"}, Why: "blocks only (docs)", Hint: "reserve a block"},
			"s1": {Tiers: []string{"spot", "flex-start"}, Why: "spot or flex (docs)", Hint: "set spot: true"},
		},
	}
	for _, tc := range []struct {
		name string
		pool config.NodePool
		want []string
	}{
		{"unlimited type, any tier", config.NodePool{MachineType: "g1"}, nil},
		{"reserved-only type on a reserved pool", config.NodePool{MachineType: "h1", Provisioner: "karpenter", Capacity: []string{"reserved"}}, nil},
		{"spot-only type on a spot node group", config.NodePool{MachineType: "s1", Spot: true}, nil},
		{"reserved-only type on an on-demand node group", config.NodePool{MachineType: "h1"}, []string{
			"nodePools[0].machineType: h1 is sold only as reserved capacity (blocks only (docs)), and the pool orders on-demand: it would never get a node; reserve a block",
		}},
		{"spot-only type on on-demand then spot: the on-demand tier is refused", config.NodePool{MachineType: "s1", Provisioner: "karpenter", Capacity: []string{"on-demand", "spot"}}, []string{
			"nodePools[0].capacity[0]: on-demand buys none of the pool's machine types (s1): remove it",
		}},
		{"a tier some type buys stays", config.NodePool{MachineType: "g1", MachineTypes: []string{"s1"}, Provisioner: "karpenter", Capacity: []string{"on-demand", "spot"}}, nil},
		{"an extra type no tier buys is named at its index", config.NodePool{MachineType: "g1", MachineTypes: []string{"g2", "h1"}, Provisioner: "karpenter", Capacity: []string{"on-demand"}}, []string{
			"nodePools[0].machineTypes[1]: h1 is sold only as reserved capacity (blocks only (docs)), and the pool orders on-demand: it would never get a node; reserve a block",
		}},
		{"no tier buys any type: said once per type, not per tier", config.NodePool{MachineType: "h1", MachineTypes: []string{"s1"}, Provisioner: "karpenter", Capacity: []string{"on-demand"}}, []string{
			"nodePools[0].machineType: h1 is sold only as reserved capacity (blocks only (docs)), and the pool orders on-demand: it would never get a node; reserve a block",
			"nodePools[0].machineTypes[0]: s1 is sold only as spot or flex-start capacity (spot or flex (docs)), and the pool orders on-demand: it would never get a node; set spot: true",
		}},
	} {
		err := CheckPoolSupport("kind1", support, []config.NodePool{tc.pool})
		if tc.want == nil {
			assert.NoError(t, err, tc.name)
			continue
		}
		var got []string
		if list, ok := err.(config.Errors); ok {
			for _, e := range list {
				got = append(got, e.Error())
			}
		}
		assert.Equal(t, tc.want, got, tc.name)
	}
}
