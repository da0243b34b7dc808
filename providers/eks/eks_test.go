package eks

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/providers/eks/ekstest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

const (
	typeCluster    = "aws:eks/cluster:Cluster"
	typeNodeGroup  = "aws:eks/nodeGroup:NodeGroup"
	typeLT         = "aws:ec2/launchTemplate:LaunchTemplate"
	typeASGTag     = "aws:autoscaling/tag:Tag"
	typeRole       = "aws:iam/role:Role"
	typeRolePolicy = "aws:iam/rolePolicy:RolePolicy"
	typeOIDC       = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	typeKey        = "aws:kms/key:Key"
	typeEFS        = "aws:efs/fileSystem:FileSystem"
	typeAddon      = "aws:eks/addon:Addon"
)

func devRun(t *testing.T) *run {
	r := runNew(t, testConfig(t, "dev", devCluster, devPools))
	require.NoError(t, r.Err)
	return r
}

func TestNodeGroupsCarryPoolLabelsTaintsAndCapacity(t *testing.T) {
	r := devRun(t)
	require.Len(t, r.All(typeNodeGroup), 3)

	g := r.One(typeNodeGroup, "ml-gpu").In
	assert.Equal(t, map[string]any{
		"mlkube.io/pool":                  "gpu",
		"mlkube.io/accelerator":           "nvidia",
		"mlkube.io/gpu-model":             "a10g",
		"k8s.amazonaws.com/accelerator":   "nvidia-a10g",
		"nvidia.com/device-plugin.config": "none", // the GPU operator's per-node sharing config
	}, g["labels"])
	assert.Equal(t, []any{map[string]any{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}}, g["taints"])
	assert.Equal(t, "AL2023_x86_64_NVIDIA", g["amiType"])
	assert.Equal(t, "SPOT", g["capacityType"])
	assert.Equal(t, []any{"g5.xlarge"}, g["instanceTypes"])
	assert.Equal(t, map[string]any{"minSize": 0.0, "maxSize": 2.0, "desiredSize": 0.0}, g["scalingConfig"])
	assert.NotContains(t, g, "diskSize", "the launch template sizes the disk")

	s := r.One(typeNodeGroup, "ml-system").In
	assert.Equal(t, map[string]any{"mlkube.io/pool": "system"}, s["labels"])
	assert.NotContains(t, s, "taints")
	assert.Equal(t, "AL2023_x86_64_STANDARD", s["amiType"])
	assert.Equal(t, "ON_DEMAND", s["capacityType"])

	b := r.One(typeNodeGroup, "ml-shared").In
	assert.Equal(t, "BOTTLEROCKET_x86_64_NVIDIA", b["amiType"])
	assert.Equal(t, "nvidia-tesla-t4", b["labels"].(map[string]any)["k8s.amazonaws.com/accelerator"])

	// The contract's pools carry the cloud label too.
	p, ok := r.Cluster.Pool("gpu")
	require.True(t, ok)
	assert.Equal(t, "nvidia-a10g", p.Labels["k8s.amazonaws.com/accelerator"])
}

func TestGPUPoolAtMinZeroHasScaleFromZeroTagsOnItsASG(t *testing.T) {
	r := devRun(t)
	ng := r.One(typeNodeGroup, "ml-gpu")
	out := ekstest.Outputs[typeNodeGroup](ng.MockResourceArgs).Mappable()
	asg := out["resources"].([]any)[0].(map[string]any)["autoscalingGroups"].([]any)[0].(map[string]any)["name"]

	tags := map[string]string{}
	for _, tag := range r.All(typeASGTag) {
		if tag.In["autoscalingGroupName"] != asg {
			continue
		}
		tt := tag.In["tag"].(map[string]any)
		assert.Equal(t, true, tt["propagateAtLaunch"], tt["key"])
		tags[tt["key"].(string)] = tt["value"].(string)
		assert.True(t, strings.HasPrefix(tag.Name, "ml-gpu-asg/"), tag.Name)
		assert.True(t, tag.DependsOn(ng), "the tag's ASG name comes from the node group")
	}
	assert.Equal(t, map[string]string{
		"k8s.io/cluster-autoscaler/enabled":                                             "true",
		"k8s.io/cluster-autoscaler/ml":                                                  "owned",
		"k8s.io/cluster-autoscaler/node-template/label/mlkube.io/pool":                  "gpu",
		"k8s.io/cluster-autoscaler/node-template/label/mlkube.io/accelerator":           "nvidia",
		"k8s.io/cluster-autoscaler/node-template/label/mlkube.io/gpu-model":             "a10g",
		"k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator":   "nvidia-a10g",
		"k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu":                  "present:NoSchedule",
		"k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu":              "1",
		"k8s.io/cluster-autoscaler/node-template/label/nvidia.com/device-plugin.config": "none",
	}, tags)
}

func TestLaunchTemplatesRequireIMDSv2AndEncryptGP3(t *testing.T) {
	r := devRun(t)
	require.Len(t, r.All(typeLT), 3)
	for name, want := range map[string]struct {
		device string
		size   float64
	}{"ml-system": {"/dev/xvda", 100}, "ml-gpu": {"/dev/xvda", 200}, "ml-shared": {"/dev/xvdb", 200}} {
		lt := r.One(typeLT, name).In
		assert.Equal(t, map[string]any{"httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": 1.0}, lt["metadataOptions"], name)
		bdm := lt["blockDeviceMappings"].([]any)
		require.Len(t, bdm, 1)
		d := bdm[0].(map[string]any)
		assert.Equal(t, want.device, d["deviceName"], name)
		assert.Equal(t, map[string]any{"volumeType": "gp3", "encrypted": "true", "volumeSize": want.size, "deleteOnTermination": "true"}, d["ebs"], name)

		ng := r.One(typeNodeGroup, name)
		assert.Equal(t, map[string]any{"id": name + "-id", "version": "1"}, ng.In["launchTemplate"], name)
		assert.True(t, ng.DependsOn(r.One(typeLT, name)), name)
	}
}

func TestClusterEncryptsSecretsLogsAndUsesAccessEntries(t *testing.T) {
	r := devRun(t)
	c := r.One(typeCluster, "ml").In
	assert.Equal(t, "ml", c["name"])
	assert.Equal(t, "1.33", c["version"])
	key := r.One(typeKey, "ml-secrets")
	assert.Equal(t, true, key.In["enableKeyRotation"])
	keyArn := ekstest.Outputs[typeKey](key.MockResourceArgs).Mappable()["arn"]
	assert.Equal(t, map[string]any{"resources": []any{"secrets"}, "provider": map[string]any{"keyArn": keyArn}}, c["encryptionConfig"])
	assert.Equal(t, []any{"api", "audit", "authenticator"}, c["enabledClusterLogTypes"])
	assert.Equal(t, "API", c["accessConfig"].(map[string]any)["authenticationMode"])

	entry := r.One("aws:eks/accessEntry:AccessEntry", "ml-admin-platform-admins").In
	assert.Equal(t, "arn:aws:iam::123456789012:role/platform-admins", entry["principalArn"])
	assoc := r.One("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "ml-admin-platform-admins").In
	assert.Equal(t, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", assoc["policyArn"])
	assert.Equal(t, map[string]any{"type": "cluster"}, assoc["accessScope"])
}

func TestEndpointPrivateByDefaultPublicOnlyFromCIDRs(t *testing.T) {
	private := devRun(t).One(typeCluster, "ml").In["vpcConfig"].(map[string]any)
	assert.Equal(t, true, private["endpointPrivateAccess"])
	assert.Equal(t, false, private["endpointPublicAccess"])
	assert.NotContains(t, private, "publicAccessCidrs")
	assert.Len(t, private["subnetIds"], 3, "the control plane sits in the private subnets")

	r := runNew(t, testConfig(t, "dev", publicCluster, devPools))
	require.NoError(t, r.Err)
	public := r.One(typeCluster, "ml").In["vpcConfig"].(map[string]any)
	assert.Equal(t, true, public["endpointPrivateAccess"])
	assert.Equal(t, true, public["endpointPublicAccess"])
	assert.Equal(t, []any{"203.0.113.0/24"}, public["publicAccessCidrs"])
}

func TestAutoscalerRoleTrustsOnlyItsServiceAccount(t *testing.T) {
	r := devRun(t)
	role := r.One(typeRole, "ml-cluster-autoscaler")
	var trust policyDocument
	require.NoError(t, json.Unmarshal([]byte(role.In["assumeRolePolicy"].(string)), &trust))
	require.Len(t, trust.Statement, 1)
	st := trust.Statement[0]

	oidc := r.One(typeOIDC, "ml-oidc")
	oidcOut := ekstest.Outputs[typeOIDC](oidc.MockResourceArgs).Mappable()
	issuer := oidcOut["url"].(string)
	assert.Equal(t, map[string]string{"Federated": oidcOut["arn"].(string)}, st.Principal)
	assert.Equal(t, []string{"sts:AssumeRoleWithWebIdentity"}, st.Action)
	assert.Equal(t, map[string]map[string]any{"StringEquals": {
		issuer + ":sub": "system:serviceaccount:kube-system:cluster-autoscaler",
		issuer + ":aud": "sts.amazonaws.com",
	}}, st.Condition)
	assert.True(t, role.DependsOn(oidc))
	assert.Equal(t, []any{"sts.amazonaws.com"}, oidc.In["clientIdLists"])

	var policy policyDocument
	require.NoError(t, json.Unmarshal([]byte(r.One(typeRolePolicy, "ml-cluster-autoscaler").In["policy"].(string)), &policy))
	require.Len(t, policy.Statement, 3)
	assert.Contains(t, policy.Statement[0].Action, "autoscaling:SetDesiredCapacity")
	assert.Equal(t, "owned", policy.Statement[0].Condition["StringEquals"]["aws:ResourceTag/k8s.io/cluster-autoscaler/ml"])
	assert.Equal(t, "arn:aws:eks:"+ekstest.Region+":"+ekstest.Account+":nodegroup/ml/*/*", policy.Statement[2].Resource)

	ann := r.Cluster.ServiceAccountAnnotations[cluster.AddonAutoscaler]
	require.NotNil(t, ann)
	var wg sync.WaitGroup
	wg.Add(1)
	var got map[string]string
	ann.ToStringMapOutput().ApplyT(func(m map[string]string) int { got = m; wg.Done(); return 0 })
	wg.Wait()
	roleArn := ekstest.Outputs[typeRole](role.MockResourceArgs).Mappable()["arn"]
	assert.Equal(t, map[string]string{"eks.amazonaws.com/role-arn": roleArn.(string)}, got)
}

func TestEBSDriverAddonHasItsOwnRole(t *testing.T) {
	r := devRun(t)
	addon := r.One(typeAddon, "ml-aws-ebs-csi-driver")
	assert.Equal(t, "aws-ebs-csi-driver", addon.In["addonName"])
	role := r.One(typeRole, "ml-ebs-csi")
	assert.Contains(t, role.In["assumeRolePolicy"], "system:serviceaccount:kube-system:ebs-csi-controller-sa")
	assert.True(t, addon.DependsOn(role))
	assert.True(t, addon.DependsOn(r.One(typeNodeGroup, "ml-system")), "its controller needs a node to run on")
	assert.False(t, addon.DependsOn(r.One(typeNodeGroup, "ml-gpu")), "GPU pools are tainted and may be empty")
	assert.Equal(t, "ebs.csi.aws.com", r.Cluster.Storage.Fast.Provisioner)
	assert.Equal(t, "true", r.Cluster.Storage.Standard.Parameters["encrypted"])
	assert.Nil(t, r.Cluster.Storage.Shared, "no EFS unless cluster.eks.efs")
}

func TestDesiredSizeIsLeftToTheAutoscaler(t *testing.T) {
	for _, ng := range devRun(t).All(typeNodeGroup) {
		assert.Contains(t, ng.RegisterRPC.GetIgnoreChanges(), "scalingConfig.desiredSize", ng.Name)
	}
}

func TestProductionProtectsClusterKeyAndSharedFiles(t *testing.T) {
	r := runNew(t, testConfig(t, "production", prodCluster, devPools))
	require.NoError(t, r.Err)
	for _, x := range []registered{r.One(typeCluster, "prod"), r.One(typeKey, "prod-secrets"), r.One(typeEFS, "prod-shared")} {
		assert.True(t, x.RegisterRPC.GetProtect(), x.Name)
	}
	assert.True(t, r.One(typeEFS, "prod-shared").RegisterRPC.GetRetainOnDelete())
	assert.Len(t, r.All("aws:ec2/natGateway:NatGateway"), 3, "one NAT gateway per zone in production")
	assert.Len(t, r.All("aws:efs/mountTarget:MountTarget"), 3)
	assert.Len(t, r.All("aws:eks/accessEntry:AccessEntry"), 2)
	r.One(typeAddon, "prod-aws-efs-csi-driver")
	require.NotNil(t, r.Cluster.Storage.Shared)
	assert.Equal(t, "efs.csi.aws.com", r.Cluster.Storage.Shared.Provisioner)

	dev := devRun(t)
	assert.False(t, dev.One(typeCluster, "ml").RegisterRPC.GetProtect())
	assert.Len(t, dev.All("aws:ec2/natGateway:NatGateway"), 1, "one NAT gateway outside production")
}

func TestNodeGroupsAndOIDCStartAsSoonAsTheClusterExists(t *testing.T) {
	r := devRun(t)
	cl := r.One(typeCluster, "ml")
	oidc := r.One(typeOIDC, "ml-oidc")
	groups := r.All(typeNodeGroup)
	for _, ng := range groups {
		assert.True(t, ng.DependsOn(cl), ng.Name)
		assert.False(t, ng.DependsOn(oidc), ng.Name)
		for _, other := range groups {
			assert.False(t, ng.DependsOn(other), "%s waits for %s", ng.Name, other.Name)
		}
		for _, d := range ng.Waits() {
			assert.NotContains(t, d, typeAddon, ng.Name)
			assert.NotContains(t, d, typeASGTag, ng.Name)
		}
	}
	deps := oidc.Waits()
	require.Len(t, deps, 1, "the OIDC provider waits for the cluster alone: %v", deps)
	assert.True(t, oidc.DependsOn(cl))
}

func TestKubeconfigIsSecretAndExecBased(t *testing.T) {
	r := devRun(t)
	assert.True(t, pulumi.IsSecret(r.Cluster.Kubeconfig))
	var kc struct {
		Clusters []struct {
			Cluster map[string]string `json:"cluster"`
		} `json:"clusters"`
		Users []struct {
			User struct {
				Token string `json:"token"`
				Exec  struct {
					Command string   `json:"command"`
					Args    []string `json:"args"`
				} `json:"exec"`
			} `json:"user"`
		} `json:"users"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(r.Kubeconfig), &kc))
	require.Len(t, kc.Users, 1)
	u := kc.Users[0].User
	assert.Empty(t, u.Token, "no static token")
	assert.Equal(t, "aws", u.Exec.Command)
	assert.Equal(t, []string{"eks", "get-token", "--cluster-name", "ml", "--region", "us-east-1", "--output", "json"}, u.Exec.Args)
	assert.True(t, strings.HasPrefix(kc.Clusters[0].Cluster["server"], "https://"))
	assert.NotEmpty(t, kc.Clusters[0].Cluster["certificate-authority-data"])

	p := r.One("pulumi:providers:kubernetes", "ml")
	assert.Equal(t, "ml", p.In["clusterIdentifier"])
	assert.True(t, p.DependsOn(r.One(typeCluster, "ml")))
}

func TestEverythingIsAChildOfTheComponentThroughTheRegionalProvider(t *testing.T) {
	r := devRun(t)
	comp := r.One(TypeToken, "ml")
	assert.False(t, comp.Custom)
	awsProvider := r.One("pulumi:providers:aws", "ml")
	assert.Equal(t, "us-east-1", awsProvider.In["region"])
	for _, x := range r.Res {
		if x.TypeToken == TypeToken {
			continue
		}
		assert.True(t, strings.HasSuffix(x.RegisterRPC.GetParent(), "::"+TypeToken+"::ml"), "%s %s parent %s", x.TypeToken, x.Name, x.RegisterRPC.GetParent())
		if strings.HasPrefix(x.TypeToken, "aws:") {
			assert.Contains(t, x.Provider, "pulumi:providers:aws::ml::", "%s %s", x.TypeToken, x.Name)
		}
	}
	// One role, three policies, a launch template, a node group and the
	// scale-from-zero tags per pool.
	assert.Len(t, r.All(typeASGTag), 3+9+9)
}

func TestExistingVPCIsAdoptedNotCreated(t *testing.T) {
	cfg := testConfig(t, "dev", `{"provider":"eks","name":"ml","region":"us-east-1",
		"network":{"vpcId":"vpc-0abc","privateSubnetIds":["subnet-0a","subnet-0b"],"publicSubnetIds":["subnet-1a"]}}`, devPools)
	r := runNew(t, cfg)
	require.NoError(t, r.Err)
	assert.Empty(t, r.All("aws:ec2/vpc:Vpc"))
	assert.Empty(t, r.All("aws:ec2/subnet:Subnet"))
	assert.Empty(t, r.All("aws:ec2/natGateway:NatGateway"))
	assert.Equal(t, []any{"subnet-0a", "subnet-0b"}, r.One(typeCluster, "ml").In["vpcConfig"].(map[string]any)["subnetIds"])
	tag := r.One("aws:ec2/tag:Tag", "ml-subnet-0a-cluster-tag").In
	assert.Equal(t, map[string]any{"resourceId": "subnet-0a", "key": "kubernetes.io/cluster/ml", "value": "shared"}, tag)
	assert.Len(t, r.All("aws:ec2/tag:Tag"), 3)
}

func TestNewNetworkSpreadsSubnetsOverZonesWithLoadBalancerTags(t *testing.T) {
	r := devRun(t)
	pub := r.One("aws:ec2/subnet:Subnet", "ml-public-us-east-1b").In
	assert.Equal(t, "us-east-1b", pub["availabilityZone"])
	assert.Equal(t, "10.0.196.0/22", pub["cidrBlock"])
	assert.Equal(t, "1", pub["tags"].(map[string]any)["kubernetes.io/role/elb"])
	assert.Equal(t, "owned", pub["tags"].(map[string]any)["kubernetes.io/cluster/ml"])
	priv := r.One("aws:ec2/subnet:Subnet", "ml-private-us-east-1c").In
	assert.Equal(t, "10.0.64.0/19", priv["cidrBlock"])
	assert.Equal(t, "1", priv["tags"].(map[string]any)["kubernetes.io/role/internal-elb"])
	assert.Len(t, r.All("aws:ec2/subnet:Subnet"), 6)
}

func TestEKSConfigErrorsComeBeforeAnyResource(t *testing.T) {
	cfg := testConfig(t, "dev", `{"provider":"eks","name":"ml","region":"us-east-1",
		"network":{"zones":["us-east-1a","us-west-2b"]},"admins":["platform-admins"]}`,
		`[{"name":"system","machineType":"m6i.large","min":1,"max":2},
		  {"name":"gpu","machineType":"g5.xlarge","min":0,"max":2,"gpu":{"model":"t4","count":1}}]`)
	r := runNew(t, cfg)
	require.Error(t, r.Err)
	for _, want := range []string{
		"cluster.network.zones[1]: must be a zone of region us-east-1",
		"cluster.admins[0]: must be an IAM role or user ARN",
		"nodePools[1].gpu.model: must be a10g",
	} {
		assert.Contains(t, r.Err.Error(), want)
	}
	assert.Empty(t, r.Res, "nothing may be registered when the stack is invalid")
}

// The autoscaler's priority expander finds node groups by the patterns the
// provider publishes: each pool's pattern matches its own ASG and no other.
func TestNodeGroupPatternsMatchTheirASGOnly(t *testing.T) {
	r := devRun(t)
	asgs := map[string]string{}
	for _, pool := range []string{"system", "gpu", "shared"} {
		ng := r.One(typeNodeGroup, "ml-"+pool)
		out := ekstest.Outputs[typeNodeGroup](ng.MockResourceArgs).Mappable()
		asgs[pool] = out["resources"].([]any)[0].(map[string]any)["autoscalingGroups"].([]any)[0].(map[string]any)["name"].(string)
	}
	require.Len(t, r.Cluster.NodeGroupPatterns, 3)
	for pool, re := range r.Cluster.NodeGroupPatterns {
		for other, asg := range asgs {
			assert.Equal(t, pool == other, regexp.MustCompile(re).MatchString(asg), "pattern of %s vs ASG of %s (%s ~ %s)", pool, other, re, asg)
		}
	}
	// AWS's own suffix: 18 digits of time and 8 hex digits of counter.
	re := regexp.MustCompile(asgPattern("ml", "gpu"))
	assert.True(t, re.MatchString("eks-ml-gpu-20261123120000123400000001-a2c3f1b2-1234-5678-9abc-def012345678"))
	assert.False(t, re.MatchString("eks-ml-gpu-big-20261123120000123400000001-a2c3f1b2"), "pool gpu must not match pool gpu-big")
}
