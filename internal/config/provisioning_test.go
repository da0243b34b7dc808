package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cloudPools are a system pool and a tainted GPU pool with machine types
// from the machine table; pools overrides the GPU pool's keys.
func cloudPools(gpuPool string) string {
	return `[{"name": "system", "machineType": "m6i.large", "min": 1, "max": 2},
		{"name": "gpu", "machineType": "g5.2xlarge", "max": 4, "gpu": {"model": "a10g", "count": 1}` + gpuPool + `}]`
}

func cloudStack(gpuPool string) map[string]string {
	return map[string]string{
		"mlkube:cluster":   `{"provider": "somecloud", "name": "dev", "region": "r1"}`,
		"mlkube:nodePools": cloudPools(gpuPool),
	}
}

func TestProvisioningAccepted(t *testing.T) {
	for _, pool := range []string{
		`, "provisioner": "karpenter", "capacity": ["on-demand", "spot"]`,
		`, "provisioner": "karpenter", "capacity": ["reserved", "spot"], "capacityReservations": ["cr-1"]`,
		`, "spot": true, "machineTypes": ["g5.xlarge", "g5.4xlarge"]`,
		`, "provisioner": "computeClass", "machineTypes": ["g5.xlarge"], "capacity": ["reserved", "on-demand", "flex-start", "spot"], "capacityReservations": ["r-1"]`,
	} {
		cfg, err := Parse("mlkube", "test", cloudStack(pool))
		require.NoError(t, err, pool)
		assert.NotEmpty(t, cfg.NodePools[1].Tiers(), pool)
	}
}

func TestProvisioningMistakes(t *testing.T) {
	for _, tc := range []struct {
		name, pools string
		want        []string
	}{
		{"unknown provisioner", cloudPools(`, "provisioner": "nap"`),
			[]string{`nodePools[1].provisioner: must be empty (the cloud's node group) or one of karpenter, computeClass, got "nap"`}},
		{"karpenter on the system pool",
			`[{"name": "system", "machineType": "m6i.large", "max": 2, "provisioner": "karpenter"}, {"name": "b", "machineType": "m6i.large", "max": 1}]`,
			[]string{`nodePools[0].provisioner: pool "system" has no taints: it is where system pods and the provisioner itself run, so it stays a node group; give karpenter to tainted (GPU) pools only`}},
		{"computeClass on the system pool",
			`[{"name": "system", "machineType": "m6i.large", "max": 2, "provisioner": "computeClass"}, {"name": "b", "machineType": "m6i.large", "max": 1}]`,
			[]string{`nodePools[0].provisioner: pool "system" has no taints`}},
		{"karpenter keeps no minimum", cloudPools(`, "provisioner": "karpenter", "min": 1`),
			[]string{"nodePools[1].min: must be 0 on a karpenter pool: it launches nodes for pending pods and keeps no minimum, got 1"}},
		{"computeClass keeps no minimum", cloudPools(`, "provisioner": "computeClass", "min": 2`),
			[]string{"nodePools[1].min: must be 0 on a computeClass pool"}},
		{"tiers without karpenter", cloudPools(`, "capacity": ["spot"]`),
			[]string{"nodePools[1].capacity: orders capacity tiers for a provisioner (karpenter, computeClass)"}},
		{"tiers and spot", cloudPools(`, "provisioner": "karpenter", "spot": true, "capacity": ["spot"]`),
			[]string{"nodePools[1].spot: conflicts with capacity"}},
		{"unknown and repeated tiers", cloudPools(`, "provisioner": "karpenter", "capacity": ["spot", "preemptible", "spot"]`),
			[]string{`nodePools[1].capacity[1]: must be one of reserved, on-demand, flex-start, spot, got "preemptible"`, `nodePools[1].capacity[2]: repeats "spot"`}},
		{"reserved without reservations", cloudPools(`, "provisioner": "karpenter", "capacity": ["reserved"]`),
			[]string{"nodePools[1].capacityReservations: is required with the reserved tier"}},
		{"reservations without the reserved tier", cloudPools(`, "provisioner": "karpenter", "capacityReservations": ["cr-1"]`),
			[]string{"nodePools[1].capacityReservations: are used only by the reserved tier"}},
		{"machine types of other GPUs", cloudPools(`, "machineTypes": ["g5.12xlarge", "g6.xlarge", "m6i.large", "x9.huge", "g5.xlarge", "g5.xlarge"]`),
			[]string{
				"nodePools[1].machineTypes[0]: g5.12xlarge has 4 × a10g, but machineType g5.2xlarge has 1 × a10g",
				"nodePools[1].machineTypes[1]: g6.xlarge has 1 × l4, but machineType g5.2xlarge has 1 × a10g",
				"nodePools[1].machineTypes[2]: m6i.large has no GPU, but machineType g5.2xlarge has 1 × a10g",
				`nodePools[1].machineTypes[3]: "x9.huge" is not in the machine table`,
				`nodePools[1].machineTypes[5]: repeats "g5.xlarge"`,
			}},
	} {
		raw := cloudStack("")
		raw["mlkube:nodePools"] = tc.pools
		got := problems(t, raw)
		assert.Len(t, got, len(tc.want), "%s: %v", tc.name, got)
		for i, w := range tc.want {
			if i < len(got) {
				assert.Contains(t, got[i], w, tc.name)
			}
		}
	}
}

// A pod must fit a node of every machine type of its pool, the smallest
// included.
func TestPodFitsEveryMachineType(t *testing.T) {
	raw := cloudStack(`, "machineTypes": ["g5.xlarge", "g5.4xlarge"]`)
	raw["mlkube:workloads"] = `{"teams": [{"name": "ml", "quota": {"gpus": 8}}], "inference": [{"name": "a", "team": "ml", "image": "r/s:1.0", "pool": "gpu", "gpu": 1,
		"resources": {"requests": {"cpu": "6", "memory": "8Gi"}, "limits": {"cpu": "6", "memory": "8Gi"}}, "model": {"source": "s3://b/m"}}]}`
	assert.Equal(t, []string{`workloads.inference[0].resources.requests.cpu: asks for 6 but a node of pool "gpu" (g5.xlarge) has 4 CPUs in all: no node can hold the pod`}, problems(t, raw))
}

func TestTiersAndMachineTypes(t *testing.T) {
	for _, tc := range []struct {
		pool NodePool
		want []string
	}{
		{NodePool{}, []string{CapacityOnDemand}},
		{NodePool{Spot: true}, []string{CapacitySpot}},
		{NodePool{Capacity: []string{CapacityReserved, CapacitySpot}}, []string{CapacityReserved, CapacitySpot}},
	} {
		assert.Equal(t, tc.want, tc.pool.Tiers())
	}
	assert.Equal(t, []string{"a", "b"}, NodePool{MachineType: "a", MachineTypes: []string{"b", "a"}}.AllMachineTypes())
	assert.Equal(t, []string{}, NodePool{}.AllMachineTypes())
}
