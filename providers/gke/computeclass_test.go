package gke

import (
	"slices"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ccCluster is devCluster on a minor whose ComputeClasses create their own
// node pools, in zones of its own.
const ccCluster = `{"provider":"gke","name":"ml","region":"us-central1","kubernetesVersion":"1.36",
	"network":{"zones":["us-central1-a","us-central1-c"]},
	"endpoint":{"public":true,"publicCidrs":["203.0.113.0/24"]},
	"admins":["user:alice@example.com"],
	"gke":{"project":"acme-ml-dev"}}`

const ccPools = `[
	{"name":"system","machineType":"n2-standard-4","min":1,"max":3},
	{"name":"gpu","provisioner":"computeClass","machineType":"g2-standard-8","machineTypes":["g2-standard-16"],"max":4,
	 "capacity":["reserved","on-demand","flex-start","spot"],"capacityReservations":["l4-a","l4-b"],
	 "labels":{"team":"research"},"taints":[{"key":"dedicated","value":"ml","effect":"NoSchedule"}],
	 "gpu":{"model":"l4","count":1}},
	{"name":"shared","provisioner":"computeClass","machineType":"g2-standard-24","max":1,"spot":true,
	 "gpu":{"model":"l4","count":2,"sharing":{"timeSlicing":4}}}]`

func ccRun(t *testing.T) *run {
	r := runNew(t, testConfig(t, "dev", ccCluster, ccPools))
	require.NoError(t, r.Err)
	return r
}

// A computeClass pool is a ComputeClass instead of a node pool; the other
// pools keep their node pools and names.
func TestComputeClassPoolGetsAClassAndNoNodePool(t *testing.T) {
	r := ccRun(t)
	var pools []string
	for _, np := range r.All(typeNodePool) {
		pools = append(pools, np.Name)
	}
	assert.Equal(t, []string{"ml-system"}, pools)
	var classes []string
	for _, cc := range r.All(typeComputeClass) {
		classes = append(classes, cc.In["metadata"].(map[string]any)["name"].(string))
	}
	// The engine records a class when its inputs resolve, in no fixed order.
	slices.Sort(classes)
	assert.Equal(t, []string{"mlkube-gpu", "mlkube-shared"}, classes)
	cc := r.One(typeComputeClass, "ml-computeclass-gpu")
	assert.Equal(t, "cloud.google.com/v1", cc.In["apiVersion"])
	assert.Equal(t, "ComputeClass", cc.In["kind"])
	assert.True(t, cc.DependsOn(r.One(typeNAT, "ml")), "nodes GKE creates for the class need egress")
	grants := 0
	for _, grant := range r.All(typeIAMMember) {
		if strings.HasPrefix(grant.Name, "ml-nodes-") {
			grants++
			assert.True(t, cc.DependsOn(grant), "and their account's grant %s", grant.Name)
		}
	}
	assert.NotZero(t, grants)
}

// Priorities: every type of a tier before the next tier, in the stack's
// order; each with the pool's GPUs and disk; the reserved tier names the
// stack's reservations and nothing else.
func TestComputeClassPrioritiesFollowTiersThenTypes(t *testing.T) {
	spec := ccSpec(t, ccRun(t), "gpu")
	gpu := map[string]any{"type": "nvidia-l4", "count": 1.0, "driverVersion": "latest"}
	storage := map[string]any{"bootDiskSize": 200.0, "bootDiskType": "pd-balanced"}
	reservations := map[string]any{"affinity": "Specific", "specific": []any{map[string]any{"name": "l4-a"}, map[string]any{"name": "l4-b"}}}
	var want []any
	for _, tier := range []map[string]any{
		{"reservations": reservations},
		{"spot": false},
		{"flexStart": map[string]any{"enabled": true}},
		{"spot": true},
	} {
		for _, typ := range []string{"g2-standard-8", "g2-standard-16"} {
			p := map[string]any{"machineType": typ, "gpu": gpu, "storage": storage}
			for k, v := range tier {
				p[k] = v
			}
			want = append(want, p)
		}
	}
	assert.Equal(t, want, spec["priorities"])
}

// GKE creates the class's node pools itself, for pending pods only, with
// the pool's labels and taints as its node pools get them (no GKE-owned
// label, no second GPU taint), as the nodes' own account, in the stack's
// zones; with no satisfiable priority the pods wait.
func TestComputeClassNodePoolConfig(t *testing.T) {
	spec := ccSpec(t, ccRun(t), "gpu")
	assert.Equal(t, map[string]any{"enabled": true}, spec["nodePoolAutoCreation"])
	assert.Equal(t, "DoNotScaleUp", spec["whenUnsatisfiable"])
	assert.Equal(t, map[string]any{"optimizeRulePriority": false}, spec["activeMigration"])
	assert.Equal(t, map[string]any{"location": map[string]any{"zones": []any{"us-central1-a", "us-central1-c"}}}, spec["priorityDefaults"])
	pc := spec["nodePoolConfig"].(map[string]any)
	assert.Equal(t, "cos_containerd", pc["imageType"])
	assert.Equal(t, "ml-nodes@mock-project.iam.gserviceaccount.com", pc["serviceAccount"])
	assert.Equal(t, []any{map[string]any{"key": "dedicated", "value": "ml", "effect": "NoSchedule"}}, pc["taints"])
	labels := pc["nodeLabels"].(map[string]any)
	assert.Equal(t, "gpu", labels["mlkube.io/pool"])
	assert.Equal(t, "research", labels["team"])
	assert.Equal(t, "l4", labels["mlkube.io/gpu-model"])
	assert.NotContains(t, labels, acceleratorLabel, "GKE sets its own label")
}

// A spot pool of one tier is spot priorities only; time-sharing rides on
// the class's GPU as on a node pool's accelerator.
func TestComputeClassSpotPoolWithSharedGPUs(t *testing.T) {
	spec := ccSpec(t, ccRun(t), "shared")
	assert.Equal(t, []any{map[string]any{
		"machineType": "g2-standard-24", "spot": true,
		"gpu": map[string]any{"type": "nvidia-l4", "count": 2.0, "driverVersion": "latest",
			"gpuSharing": map[string]any{"sharingStrategy": "TIME_SHARING", "maxSharedClientsPerGPU": 4.0}},
		"storage": map[string]any{"bootDiskSize": 200.0, "bootDiskType": "pd-balanced"},
	}}, spec["priorities"])
	assert.NotContains(t, spec["nodePoolConfig"], "taints", "the GPU taint is GKE's own")
}

// The pods of a computeClass pool select its class, through the pool
// the cluster describes; other pools keep their pool label.
func TestComputeClassPoolSelector(t *testing.T) {
	s := Describe(testConfig(t, "dev", ccCluster, ccPools))
	byName := map[string]cluster.Pool{}
	for _, p := range s.Pools {
		byName[p.Name] = p
	}
	assert.Equal(t, map[string]string{"cloud.google.com/compute-class": "mlkube-gpu"}, byName["gpu"].NodeSelector)
	assert.Equal(t, "mlkube-gpu", byName["gpu"].NodeLabels()["cloud.google.com/compute-class"])
	assert.Equal(t, "gpu", byName["gpu"].Labels["mlkube.io/pool"])
	assert.Equal(t, []string{"g2-standard-8", "g2-standard-16"}, byName["gpu"].MachineTypes)
	assert.Equal(t, map[string]string{"mlkube.io/pool": "system"}, byName["system"].NodeSelector)
	assert.Equal(t, []string{"ComputeClass.cloud.google.com"}, s.ServedKinds)
}

// What GKE would create for a class at size zero: the class label, the
// pool's labels and taints, GKE's GPU label and taint, the largest type,
// the GPUs its device plugin advertises.
func TestComputeClassNodeTemplates(t *testing.T) {
	ts, err := nodeTemplates(ccRun(t).Planned())
	require.NoError(t, err)
	byGroup := map[string]cluster.NodeTemplate{}
	for _, x := range ts {
		byGroup[x.Group] = x
	}
	require.Contains(t, byGroup, "mlkube-gpu")
	gpu := byGroup["mlkube-gpu"]
	assert.Equal(t, "gpu", gpu.Pool)
	assert.Equal(t, "g2-standard-16", gpu.MachineType)
	assert.Equal(t, "mlkube-gpu", gpu.Labels[computeClassLabel])
	assert.Equal(t, "nvidia-l4", gpu.Labels[acceleratorLabel])
	assert.Equal(t, []cluster.Taint{{Key: "dedicated", Value: "ml", Effect: "NoSchedule"}, {Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}}, gpu.Taints)
	assert.Equal(t, map[string]int{"nvidia.com/gpu": 1}, gpu.Resources)
	assert.Equal(t, map[string]int{"nvidia.com/gpu": 8}, byGroup["mlkube-shared"].Resources, "2 GPUs × 4 time-sharing clients")
}

// Mistakes in computeClass pools are refused with their key paths.
func TestComputeClassMistakes(t *testing.T) {
	stack := shippedStack(t, "dev-gke-computeclass")
	require.NoError(t, checkStack(t, stack))
	for _, tc := range []struct {
		name, old, new string
		want           []string
	}{
		{"minor without auto-created node pools", `kubernetesVersion: "1.36"`, `kubernetesVersion: "1.33"`,
			[]string{"nodePools[1].provisioner: computeClass needs Kubernetes 1.34 or newer for a ComputeClass that creates its own node pools on GKE"}},
		{"reservation name", "capacityReservations: [ml-dev-l4]", "capacityReservations: [ML_dev]",
			[]string{`nodePools[1].capacityReservations[0]: must be a Compute Engine reservation name`}},
		{"extra type without GPUs on GKE", "machineTypes: [g2-standard-12, g2-standard-16]", "machineTypes: [g2-standard-12, n2-standard-8]",
			[]string{"nodePools[1].machineTypes[1]: n2-standard-8 has no GPU"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, stack, tc.old)
			err := checkStack(t, strings.Replace(stack, tc.old, tc.new, 1))
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// GKE node pools are one machine type: several are refused unless the
// pool is a compute class; flex-start is GKE's.
func TestGKEPoolSupport(t *testing.T) {
	s := Provider.PoolSupport
	err := cluster.CheckPoolSupport(Kind, s, []config.NodePool{
		{Name: "a", Spot: true, MachineTypes: []string{"g2-standard-12"}},
		{Name: "b", Provisioner: config.ProvisionerComputeClass, MachineTypes: []string{"g2-standard-12"}, Capacity: []string{"flex-start"}},
		{Name: "c", Provisioner: config.ProvisionerKarpenter},
	})
	require.Error(t, err)
	assert.Equal(t, "2 problem(s) in the stack configuration:\n  nodePools[0].machineTypes: gke node pools cannot mix machine types: a GKE node pool has one machine type; with provisioner: computeClass GKE tries each listed type in turn\n"+
		"  nodePools[2].provisioner: karpenter is not available on gke clusters (available: the cluster's node groups, computeClass)", err.Error())
}

func ccSpec(t *testing.T, r *run, pool string) map[string]any {
	t.Helper()
	return r.One(typeComputeClass, "ml-computeclass-"+pool).In["spec"].(map[string]any)
}
