package eks

import (
	"encoding/json"
	"github.com/mlkube/mlkube/internal/gpu"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTaintEffect(t *testing.T) {
	for in, want := range map[string]string{
		"NoSchedule":       "NO_SCHEDULE",
		"NoExecute":        "NO_EXECUTE",
		"PreferNoSchedule": "PREFER_NO_SCHEDULE",
	} {
		got, err := taintEffect(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
	_, err := taintEffect("NO_SCHEDULE")
	assert.Error(t, err, "already-EKS spellings are not Kubernetes effects")
}

func TestAMIType(t *testing.T) {
	gpu := &config.GPU{Model: "a10g", Count: 1}
	for _, tc := range []struct {
		machine, image string
		gpu            *config.GPU
		want           string
	}{
		{"m6i.large", "al2023", nil, "AL2023_x86_64_STANDARD"},
		{"m7g.large", "al2023", nil, "AL2023_ARM_64_STANDARD"},
		{"m6i.large", "bottlerocket", nil, "BOTTLEROCKET_x86_64"},
		{"c7gn.xlarge", "bottlerocket", nil, "BOTTLEROCKET_ARM_64"},
		{"g5.xlarge", "al2023", gpu, "AL2023_x86_64_NVIDIA"},
		{"g5.xlarge", "bottlerocket", gpu, "BOTTLEROCKET_x86_64_NVIDIA"},
		{"g5g.xlarge", "al2023", gpu, "AL2023_ARM_64_NVIDIA"},
		{"g4dn.xlarge", "", gpu, "AL2023_x86_64_NVIDIA"},
	} {
		p := config.NodePool{MachineType: tc.machine, Image: tc.image, GPU: tc.gpu}
		assert.Equal(t, tc.want, amiType(p), "%s %s", tc.machine, tc.image)
		assert.Equal(t, tc.gpu != nil, gpuImage(p), "%s %s", tc.machine, tc.image)
	}
	assert.Equal(t, "/dev/xvdb", dataDevice("bottlerocket"))
	assert.Equal(t, "/dev/xvda", dataDevice("al2023"))
}

func TestScaleFromZeroTags(t *testing.T) {
	for _, tc := range []struct {
		name string
		pool config.NodePool
		want []asgTag
	}{{
		name: "cpu pool: discovery and labels",
		pool: config.NodePool{Name: "system", Labels: map[string]string{"mlkube.io/pool": "system"}},
		want: []asgTag{
			{"k8s.io/cluster-autoscaler/enabled", "true"},
			{"k8s.io/cluster-autoscaler/ml", "owned"},
			{"k8s.io/cluster-autoscaler/node-template/label/mlkube.io/pool", "system"},
		},
	}, {
		name: "time-sliced GPU pool advertises replicas per GPU",
		pool: config.NodePool{
			Name:   "gpu",
			Labels: map[string]string{"k8s.amazonaws.com/accelerator": "nvidia-tesla-t4"},
			Taints: []config.Taint{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}, {Key: "team", Value: "a", Effect: "NoExecute"}},
			GPU:    &config.GPU{Model: "t4", Count: 2, Sharing: config.Sharing{Mode: gpu.SharingTimeSlicing, Replicas: 4}},
		},
		want: []asgTag{
			{"k8s.io/cluster-autoscaler/enabled", "true"},
			{"k8s.io/cluster-autoscaler/ml", "owned"},
			{"k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator", "nvidia-tesla-t4"},
			{"k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu", "8"},
			{"k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu", "present:NoSchedule"},
			{"k8s.io/cluster-autoscaler/node-template/taint/team", "a:NoExecute"},
		},
	}} {
		got, err := scaleFromZeroTags("ml", tc.pool)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, got, tc.name)
	}
	_, err := scaleFromZeroTags("ml", config.NodePool{Name: "x", Taints: []config.Taint{{Key: "k", Effect: "NoSchedule"}, {Key: "k", Effect: "NoExecute"}}})
	assert.Error(t, err)
}

func TestSubnetCIDRs(t *testing.T) {
	priv, pub, err := subnetCIDRs("10.0.0.0/16", 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"}, priv)
	assert.Equal(t, []string{"10.0.192.0/22", "10.0.196.0/22", "10.0.200.0/22"}, pub)

	priv, pub, err = subnetCIDRs("172.16.0.0/20", 6)
	require.NoError(t, err)
	assert.Equal(t, "172.16.10.0/23", priv[5])
	assert.Equal(t, "172.16.12.0/26", pub[0])
	assert.Equal(t, "172.16.13.64/26", pub[5])

	_, _, err = subnetCIDRs("10.0.0.0/16", 7)
	assert.Error(t, err)
}

func TestZonesDefaultToTheRegionsFirstThree(t *testing.T) {
	assert.Equal(t, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, zones(config.Cluster{Region: "eu-west-1"}))
	assert.Equal(t, []string{"x1", "x2"}, zones(config.Cluster{Region: "x", Network: config.Network{Zones: []string{"x1", "x2"}}}))
}

func TestNamesFitAWSLimitsAndStayStable(t *testing.T) {
	long := strings.Repeat("a", 40) + "-" + strings.Repeat("b", 30)
	p := namePrefix(long+"-node", iamRolePrefixMax)
	assert.LessOrEqual(t, len(p), iamRolePrefixMax)
	assert.True(t, strings.HasSuffix(p, "-"))
	assert.Equal(t, p, namePrefix(long+"-node", iamRolePrefixMax), "same input, same name")
	assert.NotEqual(t, p, namePrefix(long+"-nodf", iamRolePrefixMax), "a hash keeps long names apart")
	assert.Equal(t, "ml-gpu-", namePrefix("ml-gpu", nodeGroupPrefixMax))
	assert.Equal(t, "platform-admins", adminSlug("arn:aws:iam::123456789012:role/team/Platform_Admins"))
}

func TestIRSATrustPolicy(t *testing.T) {
	doc := irsaTrust("arn:aws:iam::1:oidc-provider/oidc.eks.r.amazonaws.com/id/X", "https://oidc.eks.r.amazonaws.com/id/X", "kube-system", "cluster-autoscaler")
	var p policyDocument
	require.NoError(t, json.Unmarshal([]byte(doc), &p))
	assert.Equal(t, "2012-10-17", p.Version)
	assert.Equal(t, map[string]any{
		"oidc.eks.r.amazonaws.com/id/X:sub": "system:serviceaccount:kube-system:cluster-autoscaler",
		"oidc.eks.r.amazonaws.com/id/X:aud": "sts.amazonaws.com",
	}, p.Statement[0].Condition["StringEquals"])
	assert.Equal(t, doc, irsaTrust("arn:aws:iam::1:oidc-provider/oidc.eks.r.amazonaws.com/id/X", "oidc.eks.r.amazonaws.com/id/X", "kube-system", "cluster-autoscaler"),
		"the issuer may come with or without its scheme")
}

func TestCapabilities(t *testing.T) {
	cpu := config.NodePool{Name: "system", MachineType: "m6i.large"}
	gpu := config.NodePool{Name: "gpu", MachineType: "g5.xlarge", GPU: &config.GPU{Model: "a10g", Count: 1}}
	c := capabilities([]config.NodePool{cpu, gpu})
	assert.True(t, c.GPUDriverPreinstalled)
	assert.True(t, c.ContainerToolkitPreinstalled)
	assert.False(t, c.ManagedAutoscaling)
	assert.Equal(t, "aws", c.AutoscalerCloudProvider)
	assert.False(t, c.MetricsServer)
	assert.False(t, c.DevicePluginPreinstalled, "AL2023 NVIDIA images do not run the device plugin")
	assert.False(t, capabilities([]config.NodePool{cpu}).GPUDriverPreinstalled, "no GPU pool, nothing preinstalled")

	br := gpu
	br.Image = "bottlerocket"
	assert.True(t, capabilities([]config.NodePool{cpu, br}).DevicePluginPreinstalled, "Bottlerocket NVIDIA runs its own device plugin")
	assert.False(t, capabilities([]config.NodePool{cpu, br, gpu}).DevicePluginPreinstalled, "only when every GPU pool does")
}

func TestInstanceGPU(t *testing.T) {
	for _, tc := range []struct {
		machine string
		model   string
		count   int
		known   bool
	}{
		{"g5.xlarge", "a10g", 1, true},
		{"g5.12xlarge", "a10g", 4, true},
		{"g4dn.2xlarge", "t4", 1, true},
		{"p4d.24xlarge", "a100", 8, true},
		{"p5.48xlarge", "h100", 8, true},
		{"p3.4xlarge", "v100", 0, true},
		{"m6i.large", "", 0, false},
		{"g7.xlarge", "", 0, false},
	} {
		model, count, known := instanceGPU(tc.machine)
		assert.Equal(t, tc.model, model, tc.machine)
		assert.Equal(t, tc.count, count, tc.machine)
		assert.Equal(t, tc.known, known, tc.machine)
	}
}
