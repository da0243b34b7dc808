package plan

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// podTolerations are the tolerations of a Deployment's or Job's pod template.
func podTolerations(t *testing.T, p *Plan, typ, name string) []any {
	t.Helper()
	r := find(p, typ, name)
	require.NotNil(t, r, "%s %s", typ, name)
	spec := r.Inputs["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
	tolerations, _ := spec["tolerations"].([]any)
	return tolerations
}

// A cloud that taints spot nodes itself (AKS) says so in the pool of the
// Cluster contract; every workload placed on the pool tolerates it, or its
// pods would stay pending on the nodes the pool scales up for them.
func TestWorkloadsOnAKSSpotPoolTolerateTheSpotTaint(t *testing.T) {
	sf := &config.StackFile{Project: "mlkube", Stack: "spot", Values: map[string]string{
		"mlkube:cluster": `{"provider":"aks","name":"ml","region":"eastus","admins":["6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"],
			"endpoint":{"public":true,"publicCidrs":["203.0.113.0/24"]},"aks":{"subscriptionId":"11111111-2222-3333-4444-555555555555"}}`,
		"mlkube:nodePools": `[{"name":"cpu","machineType":"Standard_D4s_v5","min":1,"max":2},
			{"name":"gpu","machineType":"Standard_NC4as_T4_v3","max":2,"spot":true,"gpu":{"model":"t4","count":1}},
			{"name":"batch","machineType":"Standard_D8s_v5","max":2,"spot":true}]`,
		"mlkube:workloads": `{"teams":[{"name":"ml","quota":{"gpus":4}}],
			"inference":[{"name":"llm","team":"ml","image":"r/s:1.0","pool":"gpu","gpu":1,"replicas":1,
				"resources":{"requests":{"cpu":"1","memory":"1Gi"},"limits":{"cpu":"1","memory":"1Gi"}},"model":{"source":"s3://b/m"}}],
			"training":[{"name":"etl","team":"ml","image":"r/t:1.0","pool":"batch",
				"resources":{"requests":{"cpu":"1","memory":"1Gi"},"limits":{"cpu":"1","memory":"1Gi"}},"command":["python","etl.py"]}]}`,
	}}
	p, err := Build(sf)
	require.NoError(t, err)
	assert.Zero(t, p.ErrorFindings(), "%v", p.Findings)

	spot := map[string]any{"key": "kubernetes.azure.com/scalesetpriority", "operator": "Equal", "value": "spot", "effect": "NoSchedule"}
	gpu := map[string]any{"key": "nvidia.com/gpu", "operator": "Equal", "value": "present", "effect": "NoSchedule"}
	assert.ElementsMatch(t, []any{gpu, spot}, podTolerations(t, p, "kubernetes:apps/v1:Deployment", "ml-llm-deployment"))
	assert.ElementsMatch(t, []any{spot}, podTolerations(t, p, "kubernetes:batch/v1:Job", "ml-etl-job"))
}
