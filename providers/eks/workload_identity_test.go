package eks

import (
	"encoding/json"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/mlkube/mlkube/providers/eks/ekstest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runIdentity builds the dev cluster and asks its hook for one workload's
// identity.
func runIdentity(t *testing.T, req cluster.IdentityRequest) (*run, map[string]string, []pulumi.Resource) {
	t.Helper()
	r, id, annotations := mocktest.RunIdentity(t, Provider, testConfig(t, "dev", devCluster, devPools), req)
	return r, annotations, id.Resources
}

func TestWorkloadIdentityTrustsExactlyItsServiceAccount(t *testing.T) {
	r, annotations, deps := runIdentity(t, cluster.IdentityRequest{
		Name: "ml-llm", Namespace: "ml", ServiceAccount: "llm",
		Read: []string{"s3://mlkube-examples/models/llm/v2"},
	})
	role := r.One(typeRole, "ml-ml-llm-reader")
	var trust policyDocument
	require.NoError(t, json.Unmarshal([]byte(role.In["assumeRolePolicy"].(string)), &trust))
	require.Len(t, trust.Statement, 1)
	oidc := ekstest.Outputs[typeOIDC](r.One(typeOIDC, "ml-oidc").MockResourceArgs).Mappable()
	issuer := oidc["url"].(string)
	assert.Equal(t, map[string]string{"Federated": oidc["arn"].(string)}, trust.Statement[0].Principal)
	assert.Equal(t, map[string]map[string]any{"StringEquals": {
		issuer + ":sub": "system:serviceaccount:ml:llm",
		issuer + ":aud": "sts.amazonaws.com",
	}}, trust.Statement[0].Condition, "exactly one service account, no wildcard")

	var policy policyDocument
	rp := r.One(typeRolePolicy, "ml-ml-llm-reader")
	require.NoError(t, json.Unmarshal([]byte(rp.In["policy"].(string)), &policy))
	require.Len(t, policy.Statement, 2)
	read, list := policy.Statement[0], policy.Statement[1]
	assert.Equal(t, []string{"s3:GetObject"}, read.Action)
	assert.Equal(t, []any{"arn:aws:s3:::mlkube-examples/models/llm/v2", "arn:aws:s3:::mlkube-examples/models/llm/v2/*"}, read.Resource,
		"the object and what is under its prefix, nothing else in the bucket")
	assert.Equal(t, []string{"s3:ListBucket"}, list.Action)
	assert.Equal(t, "arn:aws:s3:::mlkube-examples", list.Resource)
	assert.Equal(t, map[string]map[string]any{"StringLike": {"s3:prefix": []any{"models/llm/v2", "models/llm/v2/*"}}}, list.Condition,
		"listing is limited to the prefix")
	assert.True(t, rp.DependsOn(role))

	roleArn := ekstest.Outputs[typeRole](role.MockResourceArgs).Mappable()["arn"].(string)
	assert.Equal(t, map[string]string{"eks.amazonaws.com/role-arn": roleArn}, annotations)
	require.Len(t, deps, 2, "the workload waits for the role and its policy")
}

func TestS3ReadPolicyWholeBucketAndSeveralLocations(t *testing.T) {
	var p policyDocument
	require.NoError(t, json.Unmarshal([]byte(s3ReadPolicy([]s3Location{{bucket: "data"}, {bucket: "models", prefix: "a/b"}})), &p))
	require.Len(t, p.Statement, 4)
	assert.Equal(t, []any{"arn:aws:s3:::data/*"}, p.Statement[0].Resource)
	assert.Nil(t, p.Statement[1].Condition, "a bucket without a prefix is listed whole")
	assert.Equal(t, []any{"arn:aws:s3:::models/a/b", "arn:aws:s3:::models/a/b/*"}, p.Statement[2].Resource)
	assert.Equal(t, "arn:aws:s3:::models", p.Statement[3].Resource)
}

func TestIdentityOutsideS3IsAKeyPathError(t *testing.T) {
	cfg := testConfig(t, "dev", devCluster, devPools)
	cfg.Workloads.Training = []config.Training{{Workload: config.Workload{Name: "t", Identity: &config.Identity{Read: []string{"s3://ok/data", "gs://bucket/data"}}}}}
	err := Validate(cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `workloads.training[0].identity.read[1]: "gs://bucket/data" is not an s3://bucket/prefix URI: EKS workloads get IAM roles for S3 only`)
	assert.NotContains(t, err.Error(), "identity.read[0]")
}

func TestNetworkPolicyIsEnforcedByTheVPCCNI(t *testing.T) {
	r := devRun(t)
	addon := r.One(typeAddon, "ml-vpc-cni")
	assert.Equal(t, "vpc-cni", addon.In["addonName"])
	var values map[string]any
	require.NoError(t, json.Unmarshal([]byte(addon.In["configurationValues"].(string)), &values))
	assert.Equal(t, map[string]any{"enableNetworkPolicy": "true"}, values)
	assert.Equal(t, "OVERWRITE", addon.In["resolveConflictsOnCreate"], "the addon takes over the aws-node EKS installed")
	assert.True(t, addon.DependsOn(r.One(typeCluster, "ml")))
	assert.False(t, r.One(typeNodeGroup, "ml-system").DependsOn(addon), "node groups do not wait for it")
	assert.True(t, r.Cluster.Capabilities.NetworkPolicyEnforced)

	storage := r.Cluster.EgressTo(config.EgressObjectStorage)
	require.Len(t, storage, 1)
	assert.Equal(t, "0.0.0.0/0", storage[0].CIDR)
	assert.Equal(t, []int{443}, storage[0].Ports)
	assert.Contains(t, storage[0].Except, "10.0.0.0/8", "the VPC stays closed")
	assert.Contains(t, storage[0].Except, "169.254.0.0/16", "the instance metadata service stays closed")
}
