package plan

import (
	"testing"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
)

func TestCriticalPath(t *testing.T) {
	rs := []policy.Resource{
		{URN: "a-cluster", Type: "aws:eks/cluster:Cluster", Custom: true},
		{URN: "b-ng-cpu", Type: "aws:eks/nodeGroup:NodeGroup", Custom: true, DependsOn: []string{"a-cluster"}},
		{URN: "c-ng-gpu", Type: "aws:eks/nodeGroup:NodeGroup", Custom: true, DependsOn: []string{"a-cluster"}},
		{URN: "d-oidc", Type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider", Custom: true, DependsOn: []string{"a-cluster"}},
		{URN: "e-gpu-operator", Type: "kubernetes:helm.sh/v3:Release", Custom: true, DependsOn: []string{"c-ng-gpu"},
			Inputs: map[string]any{"chart": "gpu-operator", "values": map[string]any{"driver": map[string]any{"enabled": true}}}},
		{URN: "f-component", Type: "mlkube:addons:GPUOperator", DependsOn: []string{"e-gpu-operator"}},
		{URN: "g-unknown", Type: "example:thing:Thing", Custom: true},
	}
	e := estimate(rs)
	// cluster 720 + node group 300 + GPU operator with driver container 300
	assert.Equal(t, 1320, e.CriticalPathSeconds)
	assert.Equal(t, []string{"a-cluster", "c-ng-gpu", "e-gpu-operator"}, e.CriticalPath[:3])

	// With the driver preinstalled the operator is quick and the path is shorter.
	rs[4].Inputs["values"] = map[string]any{"driver": map[string]any{"enabled": false}}
	assert.Equal(t, 720+300+60, estimate(rs).CriticalPathSeconds)
}

func TestIndependentNodeGroupsDoNotAddUp(t *testing.T) {
	rs := []policy.Resource{{URN: "cluster", Type: "aws:eks/cluster:Cluster", Custom: true}}
	for _, n := range []string{"ng1", "ng2", "ng3"} {
		rs = append(rs, policy.Resource{URN: n, Type: "aws:eks/nodeGroup:NodeGroup", Custom: true, DependsOn: []string{"cluster"}})
	}
	assert.Equal(t, 720+300, estimate(rs).CriticalPathSeconds)
	rs[2].DependsOn = append(rs[2].DependsOn, "ng1") // a node group waiting for another
	assert.Equal(t, 720+600, estimate(rs).CriticalPathSeconds)
}

func TestUnknownTypesCostTheDefault(t *testing.T) {
	rs := []policy.Resource{{URN: "x", Type: "example:thing:Thing", Custom: true}}
	assert.Equal(t, defaultSeconds, estimate(rs).CriticalPathSeconds)
}
