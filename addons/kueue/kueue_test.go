package kueue_test

import (
	"testing"

	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/addons/kueue"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/components/team"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	flavorType = "kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor"
	queueType  = "kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue"
)

var teams = []kueue.Team{
	{Name: "vision", Namespace: "vision", GPUs: 8, CPU: "64", Memory: "256Gi"},
	{Name: "nlp", Namespace: "team-nlp", GPUs: 2},
}

func pool(pools []cluster.Pool, name string) cluster.Pool {
	for _, p := range pools {
		if p.Name == name {
			return p
		}
	}
	panic(name)
}

// TestFlavorSpec: a flavor picks its pool by the pool's own selector and
// tolerates every taint of it (the GPU taint and a stack's own).
// The team component creates the LocalQueues, and components do not
// import addons: this holds its spelling of Kueue's API to the addon's.
func TestTeamLocalQueueIsKueues(t *testing.T) {
	assert.Equal(t, kueue.APIVersion, team.LocalQueueAPIVersion)
}

func TestFlavorSpec(t *testing.T) {
	pools := addontest.Pools()
	a100 := kueue.FlavorSpec(pool(pools, "a100"))
	assert.Equal(t, map[string]any{gpu.PoolLabel: "a100"}, a100["nodeLabels"])
	tolerations := a100["tolerations"]
	assert.True(t, addontest.Tolerates(tolerations, cluster.Taint{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect}))
	assert.True(t, addontest.Tolerates(tolerations, addontest.ExtraTaint))
	for _, tol := range tolerations.([]any) {
		assert.Equal(t, "Equal", tol.(map[string]any)["operator"], "as the workloads spell it, so Kueue adds nothing to their template")
	}
	system := kueue.FlavorSpec(pool(pools, "system"))
	assert.Equal(t, map[string]any{gpu.PoolLabel: "system"}, system["nodeLabels"])
	assert.Nil(t, system["tolerations"], "an untainted pool needs no toleration")
}

// TestClusterQueueSpec: one resource group over every pool, the team's
// quota on each flavor, GPUs only where the pool offers that resource,
// uncapped CPU and memory where the stack sets no cap, one cohort.
func TestClusterQueueSpec(t *testing.T) {
	pools := addontest.Pools()
	covered := kueue.CoveredResources(pools)
	assert.Equal(t, []string{"cpu", "memory", "nvidia.com/gpu"}, covered, "single-strategy MIG slices are nvidia.com/gpu too")

	spec := kueue.ClusterQueueSpec(teams[0], pools)
	assert.Equal(t, kueue.Cohort, spec["cohortName"])
	assert.Equal(t, "vision", addontest.Get(spec, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))
	assert.Equal(t, "Any", addontest.Get(spec, "preemption", "reclaimWithinCohort"), "lent quota is reclaimed")
	assert.Equal(t, "LowerPriority", addontest.Get(spec, "preemption", "borrowWithinCohort", "policy"))
	groups := spec["resourceGroups"].([]any)
	require.Len(t, groups, 1)
	group := groups[0].(map[string]any)
	assert.Equal(t, []any{"cpu", "memory", "nvidia.com/gpu"}, group["coveredResources"])
	quota := map[string]map[string]string{}
	for _, f := range group["flavors"].([]any) {
		fm := f.(map[string]any)
		q := map[string]string{}
		var order []string
		for _, r := range fm["resources"].([]any) {
			rm := r.(map[string]any)
			q[rm["name"].(string)] = rm["nominalQuota"].(string)
			order = append(order, rm["name"].(string))
		}
		assert.Equal(t, covered, order, "Kueue wants each flavor's resources in the covered order")
		quota[fm["name"].(string)] = q
	}
	assert.Equal(t, map[string]map[string]string{
		"system": {"cpu": "64", "memory": "256Gi", "nvidia.com/gpu": "0"},
		"batch":  {"cpu": "64", "memory": "256Gi", "nvidia.com/gpu": "0"},
		"gpu":    {"cpu": "64", "memory": "256Gi", "nvidia.com/gpu": "8"},
		"a100":   {"cpu": "64", "memory": "256Gi", "nvidia.com/gpu": "8"},
	}, quota)

	// A mixed-MIG pool offers its own resource: only its flavor has it.
	mixed := config.NodePool{Name: "mig", MachineType: "p4d.24xlarge", Max: 1, Labels: gpu.PoolLabels("mig", "a100"),
		GPU: &config.GPU{Model: "a100", Count: 8, Sharing: config.Sharing{Mode: gpu.SharingMIG, MIGStrategy: "mixed", MIGProfile: "all-1g.5gb"}}}
	withMixed := append(cluster.PoolsFrom([]config.NodePool{mixed}), pool(pools, "gpu"))
	migResource := withMixed[0].GPUResource()
	require.NotEqual(t, gpu.ResourceName, migResource)
	assert.Equal(t, []string{"cpu", "memory", "nvidia.com/gpu", migResource}, kueue.CoveredResources(withMixed))
	flavors := addontest.Get(kueue.ClusterQueueSpec(teams[0], withMixed), "resourceGroups").([]any)[0].(map[string]any)["flavors"].([]any)
	migRes := flavors[0].(map[string]any)["resources"].([]any)
	assert.Equal(t, "0", migRes[2].(map[string]any)["nominalQuota"], "no whole GPUs on a mixed-MIG pool")
	assert.Equal(t, "8", migRes[3].(map[string]any)["nominalQuota"])

	nlp := kueue.ClusterQueueSpec(teams[1], pools)
	first := addontest.Get(nlp, "resourceGroups").([]any)[0].(map[string]any)["flavors"].([]any)[0].(map[string]any)
	res := first["resources"].([]any)
	assert.Equal(t, kueue.UncappedCPU, res[0].(map[string]any)["nominalQuota"], "no CPU cap in the stack: no cap in the queue")
	assert.Equal(t, kueue.UncappedMemory, res[1].(map[string]any)["nominalQuota"])
}

func TestCeiling(t *testing.T) {
	tests := []struct {
		name        string
		teams       []kueue.Team
		gpus        int
		cpu, memory string
	}{
		{"all capped", []kueue.Team{{GPUs: 8, CPU: "64", Memory: "256Gi"}, {GPUs: 2, CPU: "500m", Memory: "1Ti"}}, 10, "64500m", "1280Gi"},
		{"one uncapped", teams, 10, "", ""},
		{"one team", teams[:1], 8, "64", "256Gi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gpus, cpu, memory := kueue.Ceiling(tt.teams)
			assert.Equal(t, tt.gpus, gpus)
			assert.Equal(t, tt.cpu, cpu)
			assert.Equal(t, tt.memory, memory)
		})
	}
}

// TestKueue: the pinned chart with the released image, a flavor per pool
// and a ClusterQueue per team, every Kueue object after the release that
// installs its CRD.
func TestKueue(t *testing.T) {
	r := addontest.Run(t, addontest.Fixture{Kind: "eks"}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := kueue.New(ctx, "kueue", &kueue.Args{Cluster: cl, Teams: teams})
		return err
	})
	rel := addontest.Release(r, "kueue")
	require.NotNil(t, rel)
	assert.Equal(t, "oci://registry.k8s.io/kueue/charts/kueue", rel["chart"])
	assert.Equal(t, versions.Kueue.Version, rel["version"])
	assert.Equal(t, kueue.Namespace, rel["namespace"])
	values := rel["values"]
	assert.Equal(t, "registry.k8s.io/kueue/kueue", addontest.Get(values, "controllerManager", "manager", "image", "repository"))
	assert.Equal(t, "v0.17.0", addontest.Get(values, "controllerManager", "manager", "image", "tag"))
	assert.Equal(t, true, addontest.Get(values, "controllerManager", "podDisruptionBudget", "enabled"))

	flavors := r.ByType(flavorType)
	require.Len(t, flavors, len(addontest.Pools()))
	for _, f := range flavors {
		assert.True(t, mocktest.WaitsFor(f, addontest.ReleaseType, "kueue"), "flavor %s waits for the CRD", f.Name)
	}
	queues := r.ByType(queueType)
	require.Len(t, queues, 2)
	for _, q := range queues {
		assert.True(t, mocktest.WaitsFor(q, addontest.ReleaseType, "kueue"), "queue %s waits for the CRD", q.Name)
		for _, f := range flavors {
			assert.True(t, mocktest.WaitsFor(q, flavorType, f.Name), "queue %s waits for flavor %s", q.Name, f.Name)
		}
		name := addontest.Get(mocktest.Plain(q), "metadata", "name")
		assert.Contains(t, []any{"vision", "nlp"}, name)
		assert.Equal(t, kueue.Cohort, addontest.Get(mocktest.Plain(q), "spec", "cohortName"))
	}
}

// TestAlreadyRuns: with install: false the cluster's own Kueue serves the
// objects: no namespace, no release, nothing waits for one; the flavors,
// queues and URNs are those of an installed Kueue, and the plan notes
// what that Kueue must be.
func TestAlreadyRuns(t *testing.T) {
	no := false
	cfg := config.Kueue{Install: &no}
	var k *kueue.Kueue
	r := addontest.Run(t, addontest.Fixture{Kind: "eks"}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		var err error
		k, err = kueue.New(ctx, "kueue", &kueue.Args{Cluster: cl, Config: cfg, Teams: teams})
		return err
	})
	assert.Nil(t, addontest.Release(r, "kueue"))
	assert.Nil(t, k.Release)
	assert.Empty(t, r.ByType("kubernetes:core/v1:Namespace"), "the cluster's Kueue namespace is not mlkube's")
	flavors := r.ByType(flavorType)
	require.Len(t, flavors, len(addontest.Pools()))
	for _, f := range flavors {
		assert.Empty(t, mocktest.DependsOn(f), "flavor %s waits for no release", f.Name)
	}
	queues := r.ByType(queueType)
	require.Len(t, queues, 2)
	for _, q := range queues {
		for _, f := range flavors {
			assert.True(t, mocktest.WaitsFor(q, flavorType, f.Name), "queue %s still waits for flavor %s", q.Name, f.Name)
		}
	}
	assert.Len(t, k.QueueReady("vision"), 1, "a LocalQueue waits for its ClusterQueue only")
	assert.Equal(t, "urn:pulumi:test::mlkube::mlkube:addons:Kueue$kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue::clusterqueue-vision",
		mocktest.URN(r.One(t, queueType, "clusterqueue-vision")), "the same URN as with an installed Kueue")

	notes := kueue.Notes(cfg)
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], versions.KueueExistingMinimum)
	assert.Empty(t, kueue.Notes(config.Kueue{}), "nothing to note when mlkube installs it")
	assert.Equal(t, []string{"ResourceFlavor.kueue.x-k8s.io", "ClusterQueue.kueue.x-k8s.io", "LocalQueue.kueue.x-k8s.io"}, kueue.ServedKinds(cfg), "the cluster serves Kueue's API")
	assert.Empty(t, kueue.ServedKinds(config.Kueue{}), "the release installs it")
}

func TestOverrides(t *testing.T) {
	r := addontest.Run(t, addontest.Fixture{Kind: "gke"}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := kueue.New(ctx, "kueue", &kueue.Args{Cluster: cl, Config: config.Kueue{Addon: config.Addon{
			Version: "0.17.1", Values: map[string]any{"controllerManager": map[string]any{"replicas": 3}},
		}}})
		return err
	})
	rel := addontest.Release(r, "kueue")
	assert.Equal(t, "0.17.1", rel["version"])
	assert.EqualValues(t, 3, addontest.Get(rel["values"], "controllerManager", "replicas"))
	assert.Equal(t, "v0.17.0", addontest.Get(rel["values"], "controllerManager", "manager", "image", "tag"), "values merge, not replace")
}

func TestHouse(t *testing.T) {
	addontest.House(t, addontest.Addon{Type: kueue.TypeToken, Name: kueue.AddonName, Kinds: addontest.Clouds}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := kueue.New(ctx, "kueue", &kueue.Args{Cluster: cl, Teams: teams})
		return err
	})
}
