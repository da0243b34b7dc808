package eks

import (
	"encoding/json"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/mlkube/mlkube/providers/eks/ekstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeNodePool  = "kubernetes:karpenter.sh/v1:NodePool"
	typeNodeClass = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass"
	typeRelease   = "kubernetes:helm.sh/v3:Release"
	typeQueue     = "aws:sqs/queue:Queue"
	typeRule      = "aws:cloudwatch/eventRule:EventRule"
	typeTarget    = "aws:cloudwatch/eventTarget:EventTarget"
	typeIdentity  = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	typeEC2Tag    = "aws:ec2/tag:Tag"
	typeEntry     = "aws:eks/accessEntry:AccessEntry"
)

// karpenterPoolsJSON: a system node group, an A10G pool tried on demand
// then spot, and an A100 pool tried in its reservation, then on demand.
const karpenterPoolsJSON = `[
	{"name":"system","machineType":"m6i.large","min":1,"max":3},
	{"name":"inference","machineType":"g5.2xlarge","provisioner":"karpenter","capacity":["on-demand","spot"],
	 "min":0,"max":8,"gpu":{"model":"a10g","count":1}},
	{"name":"training","machineType":"p4d.24xlarge","provisioner":"karpenter","capacity":["reserved","on-demand"],
	 "capacityReservations":["cr-0a1b2c3d4e5f60718"],"min":0,"max":4,"diskGB":500,"gpu":{"model":"a100","count":8}}]`

// queueARN is the mock ARN of the test cluster's interruption queue.
const queueARN = "arn:aws:sqs:" + ekstest.Region + ":" + ekstest.Account + ":ml-karpenter"

func karpenterRun(t *testing.T) *run {
	t.Helper()
	r := runNew(t, testConfig(t, "production", devCluster, karpenterPoolsJSON))
	require.NoError(t, r.Err)
	return r
}

func spec(t *testing.T, r registered) map[string]any {
	t.Helper()
	s, ok := r.In["spec"].(map[string]any)
	require.True(t, ok, "%s has a spec", r.Name)
	return s
}

func TestKarpenterPoolsAreNotNodeGroups(t *testing.T) {
	r := karpenterRun(t)
	require.Len(t, r.All(typeNodeGroup), 1, "only the system pool is a node group")
	assert.Equal(t, "ml-system", r.All(typeNodeGroup)[0].Name)
	assert.Equal(t, map[string]string{"system": asgPattern("ml", "system")}, r.Cluster.NodeGroupPatterns,
		"the cluster autoscaler is pointed at node groups only")
	for _, tag := range r.All(typeASGTag) {
		assert.Contains(t, tag.Name, "ml-system-asg/", "scale-from-zero tags only on node groups")
	}
}

func TestKarpenterControllerRelease(t *testing.T) {
	r := karpenterRun(t)
	rel := r.One(typeRelease, "ml-karpenter")
	assert.Equal(t, "oci://public.ecr.aws/karpenter/karpenter", rel.In["chart"])
	assert.Equal(t, "1.14.1", rel.In["version"])
	assert.Equal(t, "kube-system", rel.In["namespace"])
	values := rel.In["values"].(map[string]any)
	assert.Equal(t, map[string]any{"name": "karpenter"}, values["serviceAccount"])
	assert.Equal(t, map[string]any{"clusterName": "ml", "interruptionQueue": "ml-karpenter"}, values["settings"])
	assert.True(t, rel.DependsOn(r.One(typeIdentity, "ml-karpenter")), "the controller starts with its AWS role")
	assert.True(t, rel.DependsOn(r.One(typeNodeGroup, "ml-system")), "it runs on the system node group")
	assert.True(t, rel.DependsOn(r.One(typeEntry, "ml-karpenter-node")), "its nodes may join")
}

func TestKarpenterRoleThroughPodIdentity(t *testing.T) {
	r := karpenterRun(t)
	role := r.One(typeRole, "ml-karpenter")
	var trust policyDocument
	require.NoError(t, json.Unmarshal([]byte(role.In["assumeRolePolicy"].(string)), &trust))
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, map[string]string{"Service": "pods.eks.amazonaws.com"}, trust.Statement[0].Principal)
	assert.Equal(t, []string{"sts:AssumeRole", "sts:TagSession"}, trust.Statement[0].Action)

	assoc := r.One(typeIdentity, "ml-karpenter")
	assert.Equal(t, "kube-system", assoc.In["namespace"])
	assert.Equal(t, "karpenter", assoc.In["serviceAccount"])
	assert.Contains(t, assoc.In["roleArn"], ":role/ml-karpenter-")
	assert.True(t, assoc.DependsOn(r.One(typeAddon, "ml-eks-pod-identity-agent")), "the agent hands out the credentials")
	assert.True(t, assoc.DependsOn(r.One(typeRolePolicy, "ml-karpenter")), "the role can act before the controller starts")

	var policy policyDocument
	require.NoError(t, json.Unmarshal([]byte(r.One(typeRolePolicy, "ml-karpenter").In["policy"].(string)), &policy))
	sids := map[string]statement{}
	for _, s := range policy.Statement {
		sids[s.Sid] = s
	}
	assert.Equal(t, queueARN, sids["ReadInterruptionQueue"].Resource)
	assert.Contains(t, sids["PassNodeRole"].Resource, ":role/ml-karpenter-node-")
	assert.Equal(t, map[string]any{"aws:ResourceTag/kubernetes.io/cluster/ml": "owned"}, sids["TerminateOwnInstances"].Condition["StringEquals"],
		"it terminates only this cluster's instances")
}

func TestKarpenterNodeRoleJoinsByAccessEntry(t *testing.T) {
	r := karpenterRun(t)
	entry := r.One(typeEntry, "ml-karpenter-node")
	assert.Equal(t, "EC2_LINUX", entry.In["type"])
	assert.Contains(t, entry.In["principalArn"], ":role/ml-karpenter-node-")
	var attached []string
	for _, a := range r.All("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if a.In["role"] != nil && len(a.Name) > len("ml-karpenter-node-") && a.Name[:len("ml-karpenter-node-")] == "ml-karpenter-node-" {
			attached = append(attached, a.In["policyArn"].(string))
		}
	}
	assert.ElementsMatch(t, []string{policyWorkerNode, policyCNI, policyECRReadOnly}, attached)
}

func TestKarpenterInterruptionQueueAndRules(t *testing.T) {
	r := karpenterRun(t)
	q := r.One(typeQueue, "ml-karpenter")
	assert.Equal(t, 300.0, q.In["messageRetentionSeconds"])
	assert.Equal(t, true, q.In["sqsManagedSseEnabled"])
	var qp policyDocument
	require.NoError(t, json.Unmarshal([]byte(r.One("aws:sqs/queuePolicy:QueuePolicy", "ml-karpenter").In["policy"].(string)), &qp))
	assert.Equal(t, "Deny", qp.Statement[2].Effect, "no access without TLS")

	want := map[string]string{
		"ml-karpenter-scheduled-change":         `{"detail-type":["AWS Health Event"],"source":["aws.health"]}`,
		"ml-karpenter-spot-interruption":        `{"detail-type":["EC2 Spot Instance Interruption Warning"],"source":["aws.ec2"]}`,
		"ml-karpenter-rebalance":                `{"detail-type":["EC2 Instance Rebalance Recommendation"],"source":["aws.ec2"]}`,
		"ml-karpenter-instance-state-change":    `{"detail-type":["EC2 Instance State-change Notification"],"source":["aws.ec2"]}`,
		"ml-karpenter-reservation-interruption": `{"detail-type":["EC2 Capacity Reservation Instance Interruption Warning"],"source":["aws.ec2"]}`,
	}
	require.Len(t, r.All(typeRule), len(want))
	for name, pattern := range want {
		assert.JSONEq(t, pattern, r.One(typeRule, name).In["eventPattern"].(string), name)
		target := r.One(typeTarget, name)
		assert.Equal(t, queueARN, target.In["arn"], name)
	}
}

func TestKarpenterDiscoveryTags(t *testing.T) {
	r := karpenterRun(t)
	tags := r.All(typeEC2Tag)
	require.Len(t, tags, 4, "three private subnets and the cluster security group")
	for _, tag := range tags {
		assert.Equal(t, "karpenter.sh/discovery", tag.In["key"], tag.Name)
		assert.Equal(t, "ml", tag.In["value"], tag.Name)
	}
	assert.Regexp(t, `^sg-`, r.One(typeEC2Tag, "ml-discovery-cluster-sg").In["resourceId"])
}

func TestKarpenterNodeClasses(t *testing.T) {
	r := karpenterRun(t)
	require.Len(t, r.All(typeNodeClass), 2)
	nc := spec(t, r.One(typeNodeClass, "ml-nodeclass-al2023-200gb"))
	assert.Equal(t, []any{map[string]any{"alias": "al2023@latest"}}, nc["amiSelectorTerms"])
	assert.Equal(t, map[string]any{"httpEndpoint": "enabled", "httpProtocolIPv6": "disabled", "httpPutResponseHopLimit": 1.0, "httpTokens": "required"}, nc["metadataOptions"])
	assert.Equal(t, []any{map[string]any{"deviceName": "/dev/xvda", "rootVolume": true, "ebs": map[string]any{
		"volumeSize": "200Gi", "volumeType": "gp3", "encrypted": true, "deleteOnTermination": true}}}, nc["blockDeviceMappings"])
	discovery := []any{map[string]any{"tags": map[string]any{"karpenter.sh/discovery": "ml"}}}
	assert.Equal(t, discovery, nc["subnetSelectorTerms"])
	assert.Equal(t, discovery, nc["securityGroupSelectorTerms"])
	assert.Contains(t, nc["role"], "ml-karpenter-node-")
	assert.NotContains(t, nc, "capacityReservationSelectorTerms")

	tc := spec(t, r.One(typeNodeClass, "ml-nodeclass-al2023-500gb-training"))
	assert.Equal(t, []any{map[string]any{"id": "cr-0a1b2c3d4e5f60718"}}, tc["capacityReservationSelectorTerms"])
}

func TestKarpenterNodePoolsPerTier(t *testing.T) {
	r := karpenterRun(t)
	require.Len(t, r.All(typeNodePool), 4)
	for _, tc := range []struct {
		name, tier, class string
		weight            float64
		types             []any
		limits            map[string]any
	}{
		{"inference-on-demand", "on-demand", "al2023-200gb", 100,
			[]any{"g5.16xlarge", "g5.2xlarge", "g5.4xlarge", "g5.8xlarge", "g5.xlarge"},
			map[string]any{"nodes": "8", "cpu": "512", "nvidia.com/gpu": "8"}},
		{"inference-spot", "spot", "al2023-200gb", 90,
			[]any{"g5.16xlarge", "g5.2xlarge", "g5.4xlarge", "g5.8xlarge", "g5.xlarge"},
			map[string]any{"nodes": "8", "cpu": "512", "nvidia.com/gpu": "8"}},
		{"training-reserved", "reserved", "al2023-500gb-training", 100, []any{"p4d.24xlarge"},
			map[string]any{"nodes": "4", "cpu": "384", "nvidia.com/gpu": "32"}},
		{"training-on-demand", "on-demand", "al2023-500gb-training", 90, []any{"p4d.24xlarge"},
			map[string]any{"nodes": "4", "cpu": "384", "nvidia.com/gpu": "32"}},
	} {
		reg := r.One(typeNodePool, "ml-nodepool-"+tc.name)
		assert.Equal(t, tc.name, reg.In["metadata"].(map[string]any)["name"])
		s := spec(t, reg)
		assert.Equal(t, tc.weight, s["weight"], tc.name)
		assert.Equal(t, tc.limits, s["limits"], tc.name)
		tmpl := mocktest.Get(t, s, "template", "spec").(map[string]any)
		assert.Equal(t, map[string]any{"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": tc.class}, tmpl["nodeClassRef"], tc.name)
		assert.Equal(t, []any{
			map[string]any{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": tc.types},
			map[string]any{"key": "karpenter.sh/capacity-type", "operator": "In", "values": []any{tc.tier}},
			map[string]any{"key": "kubernetes.io/arch", "operator": "In", "values": []any{"amd64"}},
			map[string]any{"key": "kubernetes.io/os", "operator": "In", "values": []any{"linux"}},
		}, tmpl["requirements"], tc.name)
		assert.Equal(t, []any{map[string]any{"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}}, tmpl["taints"], tc.name)
		assert.Equal(t, "720h", tmpl["expireAfter"], tc.name)
		assert.Equal(t, map[string]any{"consolidationPolicy": "WhenEmpty", "consolidateAfter": "10m", "budgets": []any{map[string]any{"nodes": "1"}}},
			s["disruption"], "%s: a GPU node with pods on it is never consolidated", tc.name)
		assert.True(t, reg.DependsOn(r.One(typeRelease, "ml-karpenter")), "%s waits for the CRDs", tc.name)
		assert.True(t, reg.DependsOn(r.One(typeNodeClass, "ml-nodeclass-"+tc.class)), tc.name)
	}
	labels := mocktest.Get(t, spec(t, r.One(typeNodePool, "ml-nodepool-inference-spot")), "template", "metadata", "labels")
	assert.Equal(t, map[string]any{
		"mlkube.io/pool": "inference", "mlkube.io/accelerator": "nvidia", "mlkube.io/gpu-model": "a10g",
		"k8s.amazonaws.com/accelerator": "nvidia-a10g", "nvidia.com/device-plugin.config": "none",
	}, labels, "the labels a node group of the pool would carry")
	pool, ok := r.Cluster.Pool("inference")
	require.True(t, ok)
	for k, v := range pool.Labels {
		assert.Equal(t, v, labels.(map[string]any)[k], "the contract's pool label %s", k)
	}
}

// The same pool gets the same labels and taints from either provisioner:
// both read the one defaulted, cloud-labelled pool.
func TestKarpenterLabelsMatchNodeGroup(t *testing.T) {
	pools, err := poolsWithCloudLabels([]config.NodePool{{Name: "gpu", MachineType: "g5.xlarge", Max: 2, GPU: &config.GPU{Model: "a10g", Count: 1},
		Labels: map[string]string{"mlkube.io/pool": "gpu"}, Taints: []config.Taint{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}}}})
	require.NoError(t, err)
	nps, err := nodePools(pools[0], "10m")
	require.NoError(t, err)
	got := mocktest.Get(t, nps[0].Spec, "template", "metadata", "labels").(map[string]any)
	assert.Len(t, got, len(pools[0].Labels))
	for k, v := range pools[0].Labels {
		assert.Equal(t, v, got[k], k)
	}
	taints, err := nodeTaints(pools[0])
	require.NoError(t, err)
	assert.Len(t, mocktest.Get(t, nps[0].Spec, "template", "spec", "taints"), len(taints))
}

func TestInstanceTypes(t *testing.T) {
	a10g := &config.GPU{Model: "a10g", Count: 1}
	for _, tc := range []struct {
		name string
		pool config.NodePool
		want []string
	}{
		{"every EC2 type with one A10G", config.NodePool{MachineType: "g5.2xlarge", GPU: a10g},
			[]string{"g5.16xlarge", "g5.2xlarge", "g5.4xlarge", "g5.8xlarge", "g5.xlarge"}},
		{"four A10Gs", config.NodePool{MachineType: "g5.12xlarge", GPU: &config.GPU{Model: "a10g", Count: 4}},
			[]string{"g5.12xlarge", "g5.24xlarge"}},
		{"the types the stack names", config.NodePool{MachineType: "g5.2xlarge", MachineTypes: []string{"g5.4xlarge"}, GPU: a10g},
			[]string{"g5.2xlarge", "g5.4xlarge"}},
		{"a CPU pool keeps its type", config.NodePool{MachineType: "m6i.large"}, []string{"m6i.large"}},
		{"no Azure or GCE type", config.NodePool{MachineType: "p4d.24xlarge", GPU: &config.GPU{Model: "a100", Count: 8}},
			[]string{"p4d.24xlarge"}},
	} {
		assert.Equal(t, tc.want, instanceTypes(tc.pool), tc.name)
	}
}

func TestNodeClassesGroupPools(t *testing.T) {
	k := func(name, image string, disk int, cr ...string) config.NodePool {
		return config.NodePool{Name: name, Image: image, DiskGB: disk, Provisioner: config.ProvisionerKarpenter, CapacityReservations: cr}
	}
	pools := []config.NodePool{
		{Name: "system", DiskGB: 100},
		k("a", "", 200), k("b", "al2023", 200), k("c", "bottlerocket", 200), k("d", "", 500), k("e", "", 200, "cr-1"),
	}
	var got []string
	for _, c := range nodeClasses(pools) {
		names := ""
		for _, p := range c.Pools {
			names += p.Name
		}
		got = append(got, c.Name+":"+names)
	}
	assert.Equal(t, []string{"al2023-200gb:ab", "bottlerocket-200gb:c", "al2023-500gb:d", "al2023-200gb-e:e"}, got)

	br := nodeClassSpec(nodeClasses(pools)[1], "ml", "role")
	assert.Equal(t, []any{map[string]any{"alias": "bottlerocket@latest"}}, br["amiSelectorTerms"])
	devices := br["blockDeviceMappings"].([]any)
	require.Len(t, devices, 2, "Bottlerocket's OS volume and its data volume, both encrypted")
	assert.Equal(t, "/dev/xvda", devices[0].(map[string]any)["deviceName"])
	assert.Equal(t, "/dev/xvdb", devices[1].(map[string]any)["deviceName"])
	assert.Equal(t, true, devices[1].(map[string]any)["rootVolume"])
}

func TestCPUKarpenterPoolConsolidates(t *testing.T) {
	p := config.NodePool{Name: "batch", MachineType: "m6i.2xlarge", Max: 5, Taints: []config.Taint{{Key: "batch", Effect: "NoSchedule"}}}
	nps, err := nodePools(p, "5m")
	require.NoError(t, err)
	require.Len(t, nps, 1)
	assert.Equal(t, "batch-on-demand", nps[0].Name)
	assert.Equal(t, "WhenEmptyOrUnderutilized", mocktest.Get(t, nps[0].Spec, "disruption", "consolidationPolicy"))
	assert.Equal(t, map[string]any{"nodes": "5", "cpu": "40"}, nps[0].Spec["limits"], "no GPU limit on a CPU pool")
	assert.Equal(t, []any{map[string]any{"key": "batch", "effect": "NoSchedule"}}, mocktest.Get(t, nps[0].Spec, "template", "spec", "taints"))

	p.Spot = true
	nps, err = nodePools(p, "5m")
	require.NoError(t, err)
	assert.Equal(t, "batch-spot", nps[0].Name, "spot: true is the one spot tier")
}

func TestNoKarpenterWithoutKarpenterPools(t *testing.T) {
	r := devRun(t)
	for _, typ := range []string{typeNodePool, typeNodeClass, typeQueue, typeIdentity, typeEC2Tag} {
		assert.Empty(t, r.All(typ), typ)
	}
}

// Scale from zero reads a Karpenter pool's NodePools from the plan: the
// node Karpenter could launch carries the pool's labels, taints and GPUs.
func TestKarpenterNodeTemplates(t *testing.T) {
	r := karpenterRun(t)
	templates, err := nodeTemplates(r.Planned())
	require.NoError(t, err)
	byGroup := map[string]int{}
	for i, tm := range templates {
		byGroup[tm.Group] = i
	}
	require.Contains(t, byGroup, "inference-spot")
	tm := templates[byGroup["inference-spot"]]
	assert.Equal(t, "inference", tm.Pool)
	assert.Equal(t, "g5.16xlarge", tm.MachineType, "the largest type the pool allows")
	assert.Equal(t, map[string]int{"nvidia.com/gpu": 1}, tm.Resources)
	assert.Equal(t, []cluster.Taint{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}}, tm.Taints)
	assert.Equal(t, "nvidia-a10g", tm.Labels["k8s.amazonaws.com/accelerator"])
	tr := templates[byGroup["training-reserved"]]
	assert.Equal(t, map[string]int{"nvidia.com/gpu": 8}, tr.Resources)
	assert.Equal(t, "p4d.24xlarge", tr.MachineType)
	assert.Len(t, templates, 5, "four NodePools and the system node group's ASG")
}
