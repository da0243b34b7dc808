package gke

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkStack runs a stack file through what `mlkube validate` runs before
// anything is registered: the stack file's own validation, then GKE's.
func checkStack(t *testing.T, text string) error {
	t.Helper()
	sf, err := config.ParseStackFile("mlkube", "bad", []byte(text))
	require.NoError(t, err)
	cfg, err := config.Parse(sf.Project, sf.Stack, sf.Values)
	if err != nil {
		return err
	}
	return Validate(cfg)
}

func shippedStack(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "stacks", "Pulumi."+name+".yaml"))
	require.NoError(t, err)
	return string(data)
}

// Bad GKE stack files, each a small edit of a shipped stack, are refused
// with the key path of the mistake.
func TestBadGKEStackFilesAreRefusedWithKeyPaths(t *testing.T) {
	dev, prod := shippedStack(t, "dev-gke"), shippedStack(t, "prod-gke")
	require.NoError(t, checkStack(t, dev))
	// The shipped dev stack turns Google Groups for RBAC on for its team.
	noGroupsForRBAC := strings.Replace(dev, "      securityGroup: gke-security-groups@example.com   # Google Groups for RBAC\n", "", 1)
	require.NotEqual(t, dev, noGroupsForRBAC)
	require.NoError(t, checkStack(t, prod))

	for _, tc := range []struct {
		name, stack, old, new string
		want                  []string
	}{
		{"unknown region", dev, "region: us-central1", "region: us-central9",
			[]string{`cluster.region: must be a Google Cloud region such as us-central1 or europe-west4, got "us-central9"`}},
		{"AWS region", dev, "region: us-central1", "region: us-east-1",
			[]string{"cluster.region: must be a Google Cloud region"}},
		{"missing project", dev, "project: acme-ml-dev", "releaseChannel: REGULAR",
			[]string{"cluster.gke.project: is required"}},
		{"unknown option", dev, "project: acme-ml-dev", "project: acme-ml-dev\n      autopilot: true",
			[]string{"cluster.gke.autopilot"}},
		{"production zonal", prod, "filestore: true", "filestore: true\n      zonal: true",
			[]string{"cluster.gke.zonal: must be false in production"}},
		{"zone of another region", prod, "zones: [us-central1-a, us-central1-b, us-central1-c]", "zones: [us-central1-a, us-east1-b]",
			[]string{"cluster.network.zones[1]: must be a zone of region us-central1"}},
		{"zone letter the region lacks", dev, "zonal: true", "zonal: true\n      zone: us-central1-d",
			[]string{"cluster.gke.zone: must be a zone of region us-central1 (us-central1-a, us-central1-b, us-central1-c, us-central1-f)"}},
		{"t4 on a2", prod, "        model: a100", "        model: t4",
			[]string{"nodePools[2].gpu.model: must be a100: a2 machines come with a100 GPUs, and GKE offers t4 on n1 machines (attached)"}},
		{"l4 on n2", dev, "machineType: g2-standard-8", "machineType: n2-standard-8",
			[]string{"nodePools[1].machineType: n2-standard-8 has no GPUs on GKE; l4 GPUs come with g2 machines"}},
		{"h100 on a2", prod, "        model: a100", "        model: h100",
			[]string{"nodePools[2].gpu.model: must be a100", "GKE offers h100 on a3 machines"}},
		{"GPU GKE does not offer", dev, "model: l4", "model: a10g",
			[]string{`nodePools[1].gpu.model: GKE offers no "a10g" GPU`}},
		{"wrong GPU count", dev, "        count: 1\n", "        count: 2\n",
			[]string{"nodePools[1].gpu.count: must be 1: g2-standard-8 has 1 l4 GPU(s), got 2"}},
		{"GPU count n1 does not take", dev, "machineType: g2-standard-8", "machineType: n1-standard-8",
			[]string{"nodePools[1].gpu.model: GKE offers l4 on g2 machines (g2-standard-*), not on n1 (n1 takes t4 or v100)"}},
		{"MIG on an L4", dev, "        count: 1\n", "        count: 1\n        sharing: {mig: {strategy: single, profile: all-1g.5gb}}\n",
			[]string{`nodePools[1].gpu.sharing.mig: GPU model "l4" does not support MIG`}},
		{"MIG size the A100 lacks", prod, "        count: 8\n", "        count: 8\n        sharing: {mig: {strategy: single, profile: all-1g.10gb}}\n",
			[]string{"nodePools[2].gpu.sharing.mig.profile: must be one of all-1g.5gb, all-2g.10gb, all-3g.20gb, all-7g.40gb for a100 on GKE"}},
		{"mixed MIG", prod, "        count: 8\n", "        count: 8\n        sharing: {mig: {strategy: mixed, profile: all-1g.5gb}}\n",
			[]string{"nodePools[2].gpu.sharing.mig.strategy: must be single on GKE"}},
		{"GPU machine without gpu", dev, "machineType: n2-standard-4", "machineType: g2-standard-4",
			[]string{"nodePools[0].gpu: is required: g2-standard-4 has 1 l4 GPU(s)"}},
		{"reserved label", dev, "      min: 1\n", "      min: 1\n      labels: {cloud.google.com/gke-nodepool: x}\n",
			[]string{"nodePools[0].labels.cloud.google.com/gke-nodepool: uses the prefix cloud.google.com/gke-"}},
		{"bad release channel", dev, "releaseChannel: REGULAR", "releaseChannel: LTS",
			[]string{`cluster.gke.releaseChannel: must be one of RAPID, REGULAR, STABLE, EXTENDED, got "LTS"`}},
		{"master range not a /28", dev, "zonal: true", "zonal: true\n      masterIpv4CidrBlock: 172.16.0.0/24",
			[]string{"cluster.gke.masterIpv4CidrBlock: must be a private IPv4 /28"}},
		{"master range inside the network", dev, "zonal: true", "zonal: true\n      masterIpv4CidrBlock: 10.30.0.0/28",
			[]string{"cluster.gke.masterIpv4CidrBlock: must not overlap cluster.network.cidr 10.30.0.0/16"}},
		{"network too small", dev, "cidr: 10.30.0.0/16", "cidr: 10.30.0.0/22",
			[]string{"cluster.network.cidr: must be an IPv4 /8 to /18 on GKE"}},
		{"network without subnetwork", dev, "zonal: true", "zonal: true\n      network: shared-vpc",
			[]string{"cluster.gke.subnetwork: network and subnetwork go together"}},
		{"AWS VPC key", dev, "cidr: 10.30.0.0/16", "vpcId: vpc-0abc\n      privateSubnetIds: [subnet-a, subnet-b]",
			[]string{"cluster.network.vpcId: is an AWS key; on GKE adopt a VPC with cluster.gke.network and cluster.gke.subnetwork"}},
		{"admin not a Google identity", dev, "    gke:\n", "    admins: [arn:aws:iam::123456789012:role/admins]\n    gke:\n",
			[]string{"cluster.admins[0]: must be a Google identity such as user:alice@example.com"}},
		{"group admin without Google Groups for RBAC", noGroupsForRBAC, "    gke:\n", "    admins: [group:platform@example.com]\n    gke:\n",
			[]string{"cluster.admins[0]: is a group: GKE passes groups to RBAC only with Google Groups for RBAC; set cluster.gke.securityGroup",
				"cluster.gke.securityGroup: is required when teams have groups"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, tc.stack, tc.old, "the edit must apply")
			err := checkStack(t, strings.Replace(tc.stack, tc.old, tc.new, 1))
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestValidateCountsEveryProblemOnce(t *testing.T) {
	cfg := &config.Config{
		Environment: "production",
		Cluster: config.Cluster{Provider: "gke", Name: "ml", Region: "mars-central1", Network: config.Network{CIDR: "10.0.0.0/16"},
			Options: config.ProviderOptions{Path: "cluster.gke", Raw: map[string]any{"zonal": true}}},
		NodePools: []config.NodePool{{Name: "gpu", MachineType: "a3-highgpu-8g", GPU: &config.GPU{Model: "h100", Count: 8}}},
	}
	err := Validate(cfg)
	var errs config.Errors
	require.ErrorAs(t, err, &errs)
	assert.Len(t, errs, 3, "%v", err) // region, project, zonal in production
}

func TestBuiltInGPUs(t *testing.T) {
	for _, tc := range []struct {
		machine string
		model   string
		count   int
		ok      bool
	}{
		{"g2-standard-8", "l4", 1, true},
		{"g2-standard-48", "l4", 4, true},
		{"a2-highgpu-1g", "a100", 1, true},
		{"a2-megagpu-16g", "a100", 16, true},
		{"a2-ultragpu-8g", "a100-80gb", 8, true},
		{"a3-highgpu-8g", "h100", 8, true},
		{"a3-ultragpu-8g", "h200", 8, true},
		{"n1-standard-8", "", 0, false},
		{"n2-standard-8", "", 0, false},
	} {
		model, count, ok := builtInGPU(tc.machine)
		assert.Equal(t, tc.model, model, tc.machine)
		assert.Equal(t, tc.count, count, tc.machine)
		assert.Equal(t, tc.ok, ok, tc.machine)
	}
}

func TestRangesCarveTheNetwork(t *testing.T) {
	nodes, services, pods, err := ranges("10.30.0.0/16")
	require.NoError(t, err)
	assert.Equal(t, []string{"10.30.0.0/20", "10.30.16.0/20", "10.30.128.0/17"}, []string{nodes, services, pods})
	nodes, services, pods, err = ranges("172.16.0.0/12")
	require.NoError(t, err)
	assert.Equal(t, []string{"172.16.0.0/16", "172.17.0.0/16", "172.24.0.0/13"}, []string{nodes, services, pods})
	_, _, _, err = ranges("10.0.0.0/20")
	assert.Error(t, err)
}

func TestNodeAccountIDFitsAndStaysStable(t *testing.T) {
	assert.Equal(t, "ml-dev-nodes", nodeAccountID("ml-dev"))
	long := strings.Repeat("a", 30) + "-" + strings.Repeat("b", 9)
	id := nodeAccountID(long)
	assert.LessOrEqual(t, len(id), 30)
	assert.True(t, strings.HasSuffix(id, "-nodes"))
	assert.Equal(t, id, nodeAccountID(long))
	assert.NotEqual(t, id, nodeAccountID(long[:len(long)-1]+"c"), "a hash keeps long names apart")
}

// An H200 pool on GKE: a3-ultragpu machines carry it, under GKE's
// accelerator name; MIG on it is refused with the reason, for mlkube does
// not know GKE's partition sizes of it.
func TestH200OnGKE(t *testing.T) {
	typ, ok := acceleratorType("h200")
	require.True(t, ok)
	assert.Equal(t, "nvidia-h200-141gb", typ)

	var p config.Problems
	validatePool(&p, "nodePools[1]", config.NodePool{Name: "ultra", MachineType: "a3-ultragpu-8g", GPU: &config.GPU{Model: "h200", Count: 8}, Spot: true})
	require.NoError(t, p.Err())

	validatePool(&p, "nodePools[1]", config.NodePool{Name: "ultra", MachineType: "a3-ultragpu-8g", Spot: true,
		GPU: &config.GPU{Model: "h200", Count: 8, Sharing: config.Sharing{Mode: gpu.SharingMIG, MIGProfile: "all-1g.18gb"}}})
	require.Error(t, p.Err())
	assert.Contains(t, p.Err().Error(), "nodePools[1].gpu.sharing.mig: mlkube does not know the partition sizes GKE makes of h200 GPUs")

	var q config.Problems
	validatePool(&q, "nodePools[1]", config.NodePool{Name: "ultra", MachineType: "a3-highgpu-8g", GPU: &config.GPU{Model: "h200", Count: 8}})
	require.Error(t, q.Err())
	assert.Contains(t, q.Err().Error(), "nodePools[1].gpu.model: must be h100: a3 machines come with h100 GPUs, and GKE offers h200 on a3-ultragpu machines")
}
