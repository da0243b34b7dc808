package aks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An AKS pool is one scale set of one VM size: a spot pool of several
// sizes, a provisioner and flex-start are refused with the reason.
func TestAKSPoolSupport(t *testing.T) {
	s := Provider.PoolSupport
	err := cluster.CheckPoolSupport(Kind, s, []config.NodePool{
		{Name: "system"},
		{Name: "spot", Spot: true, MachineTypes: []string{"Standard_NC8as_T4_v3"}},
		{Name: "cc", Provisioner: config.ProvisionerComputeClass, Capacity: []string{"flex-start"}},
	})
	require.Error(t, err)
	assert.Equal(t, "3 problem(s) in the stack configuration:\n"+
		"  nodePools[1].machineTypes: aks node pools cannot mix machine types: an AKS node pool is one virtual machine scale set of one VM size; spread spot capacity over one pool per VM size\n"+
		"  nodePools[2].provisioner: computeClass is not available on aks clusters (available: the cluster's node groups)\n"+
		"  nodePools[2].capacity[0]: flex-start is not a capacity tier aks clusters sell", err.Error())
}
