package eks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTeamRoleGetsAnAccessEntryWithItsKubernetesGroup(t *testing.T) {
	cfg := testConfig(t, "dev", devCluster, devPools)
	role := "arn:aws:iam::123456789012:role/ml-engineers"
	cfg.Workloads.Teams = []config.Team{{Name: "ml", Groups: []string{role}}, {Name: "research", Groups: []string{role}}}
	r := runNew(t, cfg)
	require.NoError(t, r.Err)

	entry := r.One("aws:eks/accessEntry:AccessEntry", "ml-team-ml-engineers")
	assert.Equal(t, map[string]any{
		"clusterName":      "ml",
		"principalArn":     role,
		"type":             "STANDARD",
		"kubernetesGroups": []any{"mlkube-ml-engineers"},
	}, entry.In, "the role's sessions are the Kubernetes group the team's RoleBindings name")
	assert.Len(t, r.All("aws:eks/accessEntry:AccessEntry"), 2, "the admin's entry and one for the role both teams share")
	assert.Len(t, r.All("aws:eks/accessPolicyAssociation:AccessPolicyAssociation"), 1, "the admin's only: no access policy for a team, RBAC in its namespace decides")
	assert.Equal(t, "mlkube-ml-engineers", r.Cluster.KubernetesGroup(role))
}

func TestTeamGroupsMustBeIAMRoles(t *testing.T) {
	cfg := testConfig(t, "dev", devCluster, devPools)
	cfg.Workloads.Teams = []config.Team{{Name: "ml", Groups: []string{
		"ml-engineers",
		"arn:aws:iam::123456789012:role/platform-admins",
		"arn:aws:iam::123456789012:role/ML_Engineers",
		"arn:aws:iam::123456789012:role/ml-engineers",
	}}}
	err := Validate(cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `workloads.teams[0].groups[0]: must be the ARN of the IAM role the team's members assume on EKS, such as arn:aws:iam::123456789012:role/ml-engineers, got "ml-engineers"`)
	assert.Contains(t, err.Error(), "workloads.teams[0].groups[1]: is also in cluster.admins")
	assert.Contains(t, err.Error(), `workloads.teams[0].groups[3]: ends in the same name "ml-engineers" as arn:aws:iam::123456789012:role/ML_Engineers`)
	assert.NotContains(t, err.Error(), "groups[2]")
}
