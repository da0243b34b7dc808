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
