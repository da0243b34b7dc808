package addons_test

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/gpuoperator"
	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGPUOperatorSkippedWithoutGPUPools(t *testing.T) {
	r := addontest.Install(t, addontest.Fixture{Kind: config.ProviderKubeadm, Pools: addontest.Pools()[:2]}, addontest.Defaults())
	assert.Nil(t, addontest.Release(r, "gpu-operator"))
	assert.Empty(t, r.ByType(gpuoperator.TypeToken))
	cl := &cluster.Cluster{Shape: cluster.Shape{Kind: config.ProviderKubeadm, Pools: addontest.Pools()[:2]}}
	assert.Contains(t, addons.Notes(cl, addontest.Defaults()), "gpu-operator not installed: the stack has no GPU pools")
}

func TestDecideAndNotesPerCloud(t *testing.T) {
	cfg := addontest.Defaults()
	for _, tc := range []struct {
		kind  string
		plan  addons.Plan
		notes []string
	}{
		{"eks", addons.Plan{GPUOperator: true, Autoscaler: true, MetricsServer: true, PrometheusAdapter: true, Monitoring: true, Logging: true}, nil},
		{"gke", addons.Plan{GPUOperator: true, PrometheusAdapter: true, Monitoring: true, Logging: true},
			[]string{"cluster autoscaler not installed: the gke cluster scales its node pools itself", "metrics-server not installed: the gke cluster already serves metrics.k8s.io"}},
		{config.ProviderKubeadm, addons.Plan{GPUOperator: true, MetricsServer: true, PrometheusAdapter: true, Monitoring: true, Logging: true},
			[]string{"cluster autoscaler not installed: the kubeadm cluster has no cloud API to add nodes"}},
	} {
		cl := &cluster.Cluster{Shape: cluster.Shape{Kind: tc.kind, Pools: addontest.Pools(), Capabilities: addontest.Capabilities(tc.kind)}}
		assert.Equal(t, tc.plan, addons.Decide(cl, cfg), tc.kind)
		notes := strings.Join(addons.Notes(cl, cfg), "\n")
		for _, n := range tc.notes {
			assert.Contains(t, notes, n, tc.kind)
		}
		assert.Equal(t, addons.Notes(cl, cfg), addons.Notes(cl, cfg))
	}
}

func TestNamespacesCarryPodSecurityLabels(t *testing.T) {
	r := addontest.Install(t, addontest.Fixture{Kind: config.ProviderKubeadm}, addontest.Defaults())
	levels := map[string]string{}
	for _, a := range r.ByType("kubernetes:core/v1:Namespace") {
		ns := mocktest.Plain(a)
		name := addontest.Get(ns, "metadata", "name").(string)
		levels[name] = addontest.Get(ns, "metadata", "labels", labels.PodSecurityEnforce).(string)
		if levels[name] == "privileged" {
			assert.NotEmpty(t, addontest.Get(ns, "metadata", "annotations", labels.PrivilegedReason), name)
		}
		// The one managed-by value every object mlkube applies carries.
		assert.Equal(t, "pulumi", addontest.Get(ns, "metadata", "labels", labels.ManagedBy), name)
	}
	assert.Equal(t, map[string]string{
		"gpu-operator": "privileged", // driver, toolkit, device plugin
		"monitoring":   "privileged", // node exporter
		"logging":      "privileged", // Fluent Bit hostPath
		"metrics":      "restricted",
	}, levels)
	// Every release installs into a namespace it waits for and never creates.
	for _, a := range r.ByType(addontest.ReleaseType) {
		assert.Equal(t, false, mocktest.Plain(a)["createNamespace"], a.Name)
		assert.True(t, mocktest.WaitsFor(a, "kubernetes:core/v1:Namespace", mocktest.Plain(a)["namespace"].(string)), a.Name)
	}
}

// TestPolicySetPasses runs the policy set over everything the addons
// register on each cloud: Pod Security labels, CRD order, namespace first,
// pinned images, schedulable pods. No error finding is allowed.
func TestPolicySetPasses(t *testing.T) {
	for _, kind := range addontest.Clouds {
		t.Run(kind, func(t *testing.T) {
			r := addontest.Install(t, addontest.Fixture{Kind: kind, Storage: true}, addontest.Defaults())
			requireNoErrors(t, policy.Check(policy.Input{Pools: addontest.Pools(), Resources: policyResources(r)}))
		})
	}
}

func TestEveryChildUsesTheClusterProvider(t *testing.T) {
	r := addontest.Install(t, addontest.Fixture{Kind: "eks"}, addontest.Defaults())
	for _, a := range r.All() {
		if !strings.HasPrefix(a.TypeToken, "kubernetes:") {
			continue
		}
		assert.Contains(t, a.Provider, "pulumi:providers:kubernetes::k8s", "%s %s", a.TypeToken, a.Name)
		assert.Contains(t, a.RegisterRPC.GetParent(), "mlkube:addons:", "%s %s has a parent", a.TypeToken, a.Name)
	}
	// Every component registers its outputs (not left "creating").
	for _, typ := range []string{"mlkube:addons:GPUOperator", "mlkube:addons:Autoscaler", "mlkube:addons:Metrics", "mlkube:addons:Monitoring", "mlkube:addons:Logging"} {
		assert.Len(t, r.ByType(typ), 1, typ)
	}
}

func TestDisabledAddonsAreNotInstalled(t *testing.T) {
	cfg := config.Addons{
		GPUOperator: config.GPUOperator{Addon: config.Addon{Enabled: addontest.Off()}}, Autoscaler: config.Autoscaler{Addon: config.Addon{Enabled: addontest.Off()}},
		MetricsServer: config.Addon{Enabled: addontest.Off()}, PrometheusAdapter: config.Addon{Enabled: addontest.Off()},
		Monitoring: config.Monitoring{Addon: config.Addon{Enabled: addontest.Off()}}, Logging: config.Logging{Addon: config.Addon{Enabled: addontest.Off()}},
	}
	r := addontest.Install(t, addontest.Fixture{Kind: "eks"}, cfg)
	assert.Empty(t, r.ByType(addontest.ReleaseType))
}

// TestHouseRules runs the house checks every component's tests run:
// children of each addon's component on the cluster's provider, strictly
// decodable, outputs registered once. Addon objects keep the logical names
// they shipped with (a prefix would change their URNs), so no prefix.
func TestHouseRules(t *testing.T) {
	components := []string{"mlkube:addons:GPUOperator", "mlkube:addons:Autoscaler", "mlkube:addons:Metrics", "mlkube:addons:Monitoring", "mlkube:addons:Logging"}
	for _, kind := range addontest.Clouds {
		t.Run(kind, func(t *testing.T) {
			r := addontest.Install(t, addontest.Fixture{Kind: kind, Storage: true}, addontest.Defaults())
			for _, typ := range components {
				if len(r.ByType(typ)) == 0 {
					continue // not installed on this cloud (the autoscaler where the cloud scales)
				}
				mocktest.CheckHouse(t, r, mocktest.House{Component: typ, Provider: "k8s"})
			}
		})
	}
}

// policyResources turn the registrations into what the policy set reads.
func policyResources(r *mocktest.Recorder) []policy.Resource {
	var out []policy.Resource
	for _, a := range r.All() {
		if a.RegisterRPC == nil {
			continue
		}
		out = append(out, policy.Resource{
			URN: mocktest.URN(a), Type: a.TypeToken, Name: a.Name, Parent: a.RegisterRPC.GetParent(),
			Custom: a.Custom, Inputs: mocktest.Plain(a), DependsOn: mocktest.Waits(a),
		})
	}
	return out
}

func requireNoErrors(t *testing.T, findings []policy.Finding) {
	t.Helper()
	for _, f := range findings {
		require.NotEqual(t, policy.SeverityError, f.Severity, "%s %s: %s", f.Policy, f.URN, f.Message)
	}
}
