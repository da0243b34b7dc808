package gke

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Machine types Compute Engine creates only as Spot, Flex-start or
// reserved VMs are refused on a pool that orders none of those, and a tier
// that buys none of a pool's types is named.
func TestPoolsOrderTiersTheirMachinesAreSoldIn(t *testing.T) {
	check := func(p config.NodePool) error {
		return cluster.CheckPoolSupport(Kind, Provider.PoolSupport, []config.NodePool{{Name: "system", MachineType: "e2-standard-4"}, p})
	}
	h100 := &config.GPU{Model: "h100", Count: 1}
	h200 := &config.GPU{Model: "h200", Count: 8}

	require.NoError(t, check(config.NodePool{Name: "spot", MachineType: "a3-highgpu-1g", GPU: h100, Spot: true}))
	require.NoError(t, check(config.NodePool{Name: "flex", MachineType: "a3-highgpu-1g", GPU: h100, Provisioner: config.ProvisionerComputeClass,
		Capacity: []string{config.CapacityFlexStart, config.CapacitySpot}}))
	require.NoError(t, check(config.NodePool{Name: "big", MachineType: "a3-highgpu-8g", GPU: &config.GPU{Model: "h100", Count: 8}}),
		"a3-highgpu-8g is sold on demand")

	err := check(config.NodePool{Name: "small", MachineType: "a3-highgpu-1g", GPU: h100})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nodePools[1].machineType: a3-highgpu-1g is sold only as flex-start or spot capacity (Compute Engine creates it only as a Spot or Flex-start VM, docs.cloud.google.com/ai-hypercomputer/docs/gpu), and the pool orders on-demand: it would never get a node; set spot: true")

	err = check(config.NodePool{Name: "ultra", MachineType: "a3-ultragpu-8g", GPU: h200, Provisioner: config.ProvisionerComputeClass,
		Capacity: []string{config.CapacityOnDemand, config.CapacitySpot}})
	require.Error(t, err)
	assert.Equal(t, "1 problem(s) in the stack configuration:\n  nodePools[1].capacity[0]: on-demand buys none of the pool's machine types (a3-ultragpu-8g): remove it", err.Error())
}
