package plan

import (
	"testing"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// ancestors is r and everything it waits for, directly or not.
func ancestors(p *Plan, urn string) []policy.Resource {
	byURN := map[string]*policy.Resource{}
	for i := range p.Resources {
		byURN[p.Resources[i].URN] = &p.Resources[i]
	}
	seen := map[string]bool{}
	var out []policy.Resource
	var walk func(string)
	walk = func(u string) {
		r := byURN[u]
		if r == nil || seen[u] {
			return
		}
		seen[u] = true
		out = append(out, *r)
		for _, d := range r.DependsOn {
			walk(d)
		}
	}
	walk(urn)
	return out
}

// On a cloud with GPU pools, GPU workloads cannot be ready before network,
// control plane, node group and GPU operator; monitoring cannot be ready
// before its own nodes and its release. Those two chains are the bound:
// nothing may add to them by waiting on the other (the GPU operator used to
// wait for kube-prometheus-stack only for its ServiceMonitor's CRD). Only
// the objects that need both (the DCGM ServiceMonitor) come after, within
// 5 %.
func TestTimeToReadyIsCloseToItsBound(t *testing.T) {
	for _, stack := range []string{"dev-eks", "prod-eks"} {
		t.Run(stack, func(t *testing.T) {
			sf, cfg := stackFile(t, stack)
			p, err := BuildConfig(sf, cfg)
			require.NoError(t, err)
			op, monitoring := releaseOf(p, "gpu-operator"), releaseOf(p, "kube-prometheus-stack")
			require.NotNil(t, op)
			require.NotNil(t, monitoring)

			gpuChain := ancestors(p, op.URN)
			for _, r := range gpuChain {
				assert.NotEqual(t, monitoring.URN, r.URN, "the GPU operator does not wait for monitoring")
			}
			for _, r := range ancestors(p, monitoring.URN) {
				assert.NotEqual(t, op.URN, r.URN, "monitoring does not wait for the GPU operator")
			}
			gpu := estimate(gpuChain).CriticalPathSeconds
			mon := estimate(ancestors(p, monitoring.URN)).CriticalPathSeconds
			bound := max(gpu, mon)
			got := p.Estimate.CriticalPathSeconds
			assert.GreaterOrEqual(t, got, bound)
			assert.LessOrEqual(t, float64(got), 1.05*float64(bound), "estimate %ds; GPU chain %ds, monitoring chain %ds", got, gpu, mon)
			t.Logf("estimate %ds; GPU chain %ds, monitoring chain %ds", got, gpu, mon)
		})
	}
}
