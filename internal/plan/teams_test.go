package plan

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// migStack has a team whose service runs on a mixed-MIG pool: its pods ask
// for nvidia.com/mig-1g.5gb, not nvidia.com/gpu.
func migStack(teamJSON string) *config.StackFile {
	return &config.StackFile{Project: "mlkube", Stack: "mig", Values: map[string]string{
		"mlkube:cluster": `{"provider": "existing", "name": "lab"}`,
		"mlkube:nodePools": `[{"name": "cpu", "max": 1, "nodes": ["cpu-1"]},
			{"name": "mig", "max": 1, "nodes": ["gpu-1"], "gpu": {"model": "a100", "count": 1, "sharing": {"mig": {"strategy": "mixed", "profile": "all-1g.5gb"}}}}]`,
		"mlkube:workloads": `{"teams": [` + teamJSON + `],
			"inference": [{"name": "small", "team": "ml", "image": "r/s:1.0", "pool": "mig", "gpu": 3, "replicas": 2,
				"resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
				"model": {"source": "s3://b/m"}}]}`,
	}}
}

// A quota on nvidia.com/gpu alone would leave a mixed-MIG team uncapped.
func TestTeamQuotaCapsTheResourceItsPodsRequest(t *testing.T) {
	p, err := Build(migStack(`{"name": "ml", "quota": {"gpus": 8}}`))
	require.NoError(t, err)
	q := find(p, "kubernetes:core/v1:ResourceQuota", "ml-quota")
	require.NotNil(t, q)
	hard := q.Inputs["spec"].(map[string]any)["hard"].(map[string]any)
	assert.Equal(t, "8", hard["requests.nvidia.com/mig-1g.5gb"], "the resource the team's pods request")
	assert.Equal(t, "8", hard["requests.nvidia.com/gpu"], "and the whole-GPU resource any pod could ask for")
}

func TestTeamMayNotTakeAnAddonNamespace(t *testing.T) {
	for _, ns := range []string{"monitoring", "gpu-operator", "kube-system", "logging"} {
		_, err := Build(migStack(`{"name": "ml", "namespace": "` + ns + `", "quota": {"gpus": 8}}`))
		require.Error(t, err, ns)
		assert.Contains(t, err.Error(), `workloads.teams[0].namespace: "`+ns+`" belongs to the platform`)
	}
}
