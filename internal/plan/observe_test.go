package plan

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The dev-eks stack sets no Grafana password: the plan generates one,
// keeps it secret in the Secret and the stack output, and the release
// waits for the Secret.
func TestGeneratedGrafanaPasswordIsSecretEverywhere(t *testing.T) {
	sf, cfg := stackFile(t, "dev-eks")
	require.Empty(t, cfg.Addons.Monitoring.GrafanaAdminPassword)
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)

	pw := find(p, RandomPasswordType, monitoring.GrafanaAdminSecret)
	require.NotNil(t, pw)
	secret := find(p, "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret)
	require.NotNil(t, secret)
	assert.Equal(t, map[string]any{"admin-user": Secret, "admin-password": Secret}, secret.Inputs["stringData"], "the Secret's data prints as secret values")
	assert.Contains(t, secret.DependsOn, pw.URN, "the Secret takes the generated result")
	release := find(p, "kubernetes:helm.sh/v3:Release", "kube-prometheus-stack")
	require.NotNil(t, release)
	assert.Contains(t, release.DependsOn, secret.URN)
	assert.Equal(t, Secret, p.Outputs["grafanaAdminPassword"])
	fake := Outputs[RandomPasswordType](pulumi.MockResourceArgs{Name: monitoring.GrafanaAdminSecret})["result"]
	require.True(t, fake.IsSecret())
	assert.NotContains(t, string(mustJSON(t, p)), fake.SecretValue().Element.StringValue(), "the fake password never prints")

	// The local stack has monitoring off: no random resource, no output
	// (the real engine in `make e2e` has no random plugin).
	sf, cfg = stackFile(t, "local")
	p, err = BuildConfig(sf, cfg)
	require.NoError(t, err)
	for _, r := range p.Resources {
		assert.False(t, strings.HasPrefix(r.Type, "random:"), r.URN)
	}
	assert.NotContains(t, p.Outputs, "grafanaAdminPassword")
}

// The dev-eks service reads its model from S3: it gets its own IRSA role,
// its ServiceAccount carries the role, its pods may reach object storage,
// and nothing of it starts before the role's policy exists.
func TestModelOnS3GetsARoleAndEgress(t *testing.T) {
	sf, cfg := stackFile(t, "dev-eks")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	role := find(p, "aws:iam/role:Role", "ml-dev-ml-llm-reader")
	require.NotNil(t, role)
	assert.Contains(t, role.Inputs["assumeRolePolicy"], `:sub":"system:serviceaccount:ml:llm"`)
	policy := find(p, "aws:iam/rolePolicy:RolePolicy", "ml-dev-ml-llm-reader")
	require.NotNil(t, policy)
	assert.Contains(t, policy.Inputs["policy"], `"arn:aws:s3:::mlkube-examples/models/llm/v2/*"`)

	sa := find(p, "kubernetes:core/v1:ServiceAccount", "ml-llm-serviceaccount")
	require.NotNil(t, sa)
	assert.Contains(t, sa.DependsOn, policy.URN)
	arn, _ := sa.Inputs["metadata"].(map[string]any)["annotations"].(map[string]any)["eks.amazonaws.com/role-arn"].(string)
	assert.True(t, strings.HasPrefix(arn, "arn:aws:iam::000000000000:role/"+role.Inputs["namePrefix"].(string)), arn)
	deploy := find(p, "kubernetes:apps/v1:Deployment", "ml-llm-deployment")
	require.NotNil(t, deploy)
	assert.Contains(t, deploy.DependsOn, policy.URN)

	egress := find(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "ml-llm-networkpolicy-egress")
	require.NotNil(t, egress, "the model download may leave the namespace")
	assert.Contains(t, string(mustJSON(t, p)), `"cidr": "0.0.0.0/0"`)

	for _, f := range p.Findings {
		assert.NotEqual(t, "network-policy-enforced", f.Policy, "EKS enforces policies: %s", f.Message)
	}
}

// An adopted cluster has no identity hook: a declared identity is refused
// with its key path, before any workload is registered.
func TestDeclaredIdentityOnAClusterWithoutOneIsAKeyPathError(t *testing.T) {
	sf, cfg := stackFile(t, "local")
	require.NotEmpty(t, cfg.Workloads.Inference)
	cfg.Workloads.Inference[0].Identity = &config.Identity{Read: []string{"s3://models/x"}}
	_, err := BuildConfig(sf, cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "workloads.inference[0].identity: cluster provider existing gives workloads no cloud identity")
}
