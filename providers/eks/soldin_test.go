package eks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// H200 pools: a p5en node group is a valid pool, and a p5e pool gets a
// node only from a Capacity Block, so a pool that orders anything else is
// refused before anything is registered.
func TestH200Pools(t *testing.T) {
	stack := func(pools ...config.NodePool) *config.Config {
		return &config.Config{
			Cluster:   config.Cluster{Provider: "eks", Name: "ml", Region: "us-east-2", Network: config.Network{CIDR: "10.0.0.0/16"}},
			NodePools: append([]config.NodePool{{Name: "system", MachineType: "m6i.large"}}, pools...),
		}
	}
	h200 := &config.GPU{Model: "h200", Count: 8}
	gpuTaint := []config.Taint{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}}

	p5en := config.NodePool{Name: "train", MachineType: "p5en.48xlarge", GPU: h200, Max: 2}
	require.NoError(t, Validate(stack(p5en)))
	require.NoError(t, cluster.CheckPoolSupport(Kind, Provider.PoolSupport, stack(p5en).NodePools))

	block := config.NodePool{Name: "block", MachineType: "p5e.48xlarge", GPU: h200, Max: 2, Taints: gpuTaint,
		Provisioner: config.ProvisionerKarpenter, Capacity: []string{config.CapacityReserved}, CapacityReservations: []string{"cr-0a1b2c3d4e5f60718"}}
	require.NoError(t, Validate(stack(block)))
	require.NoError(t, cluster.CheckPoolSupport(Kind, Provider.PoolSupport, stack(block).NodePools))

	onDemand := config.NodePool{Name: "p5e", MachineType: "p5e.48xlarge", GPU: h200, Max: 2}
	require.NoError(t, Validate(stack(onDemand)), "the instance and its GPUs are right; how it is bought is the pool support's to refuse")
	err := cluster.CheckPoolSupport(Kind, Provider.PoolSupport, stack(onDemand).NodePools)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nodePools[1].machineType: p5e.48xlarge is sold only as reserved capacity (EC2 sells it only in Capacity Blocks for ML")
	assert.Contains(t, err.Error(), "and the pool orders on-demand: it would never get a node; buy a Capacity Block and make the pool provisioner: karpenter")

	mixed := block
	mixed.Capacity, mixed.MachineTypes = []string{config.CapacityReserved, config.CapacityOnDemand}, []string{"p5en.48xlarge"}
	require.NoError(t, cluster.CheckPoolSupport(Kind, Provider.PoolSupport, stack(mixed).NodePools),
		"on-demand still buys the pool's p5en, the reservation its p5e")
}
