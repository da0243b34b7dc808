package gpuoperator_test

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons/gpuoperator"
	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGPUOperatorValuesPerCloud(t *testing.T) {
	for _, tc := range []struct {
		kind                  string
		driver, toolkit       bool
		driverDir, toolkitDir any
	}{
		{kind: "eks", driver: false, toolkit: false}, // NVIDIA AMIs carry both
		{kind: "aks", driver: false, toolkit: false}, // managed GPU driver
		{kind: "gke", driver: false, toolkit: false, // COS: GKE installs the driver (in its own path), toolkit and device plugin
			driverDir: "/home/kubernetes/bin/nvidia"},
		{kind: config.ProviderKubeadm, driver: true, toolkit: true}, // bare hosts
		{kind: config.ProviderExisting, driver: true, toolkit: true},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			r := addontest.Install(t, addontest.Fixture{Kind: tc.kind}, addontest.Defaults())
			rel := addontest.Release(r, "gpu-operator")
			require.NotNil(t, rel)
			v := rel["values"]
			assert.Equal(t, tc.driver, addontest.Get(v, "driver", "enabled"))
			assert.Equal(t, tc.toolkit, addontest.Get(v, "toolkit", "enabled"))
			assert.Equal(t, tc.driverDir, addontest.Get(v, "hostPaths", "driverInstallDir"))
			assert.Equal(t, tc.toolkitDir, addontest.Get(v, "toolkit", "installDir"))
			if tc.toolkitDir != nil {
				assert.Equal(t, true, addontest.Get(v, "cdi", "enabled"))
			}

			// The release itself: pinned chart, long timeout, cleanup, no
			// atomic rollback, waits for its resources, namespace made first.
			assert.Equal(t, "gpu-operator", rel["chart"])
			assert.Equal(t, versions.GPUOperator.Version, rel["version"])
			assert.Equal(t, versions.GPUOperator.Repo, addontest.Get(rel, "repositoryOpts", "repo"))
			assert.Equal(t, float64(config.DefaultGPUOperatorTimeout*60), rel["timeout"])
			assert.Equal(t, true, rel["cleanupOnFail"])
			assert.Equal(t, false, rel["atomic"])
			assert.Equal(t, false, rel["skipAwait"])
			assert.Equal(t, false, rel["createNamespace"])
			assert.Equal(t, gpuoperator.Namespace, rel["namespace"])
		})
	}
}

func TestGPUOperatorSharingAndTolerations(t *testing.T) {
	r := addontest.Install(t, addontest.Fixture{Kind: "eks"}, addontest.Defaults())
	v := addontest.Release(r, "gpu-operator")["values"]

	// One device plugin config per sharing setting, in a ConfigMap the
	// device plugin is pointed at.
	cm := mocktest.Plain(r.One(t, "kubernetes:core/v1:ConfigMap", "gpu-operator-device-plugin"))
	data := cm["data"].(map[string]any)
	assert.ElementsMatch(t, []string{"time-slicing-4", "mig-single"}, keys(data))
	assert.Contains(t, data["time-slicing-4"], "replicas: 4")
	assert.Contains(t, data["time-slicing-4"], "name: "+gpu.ResourceName)
	assert.Contains(t, data["mig-single"], "migStrategy: single")
	assert.Equal(t, gpuoperator.DevicePluginConfigMap, addontest.Get(v, "devicePlugin", "config", "name"))
	assert.Equal(t, "mig-single", addontest.Get(v, "devicePlugin", "config", "default"))
	assert.Equal(t, false, addontest.Get(v, "devicePlugin", "config", "create"))
	assert.Equal(t, true, addontest.Get(v, "devicePlugin", "enabled"))
	assert.Equal(t, "single", addontest.Get(v, "mig", "strategy"))
	assert.Equal(t, true, addontest.Get(v, "migManager", "enabled"))

	// Operands and the NFD worker tolerate every taint of every GPU pool.
	for _, p := range addontest.Pools() {
		if !p.IsGPU() {
			continue
		}
		for _, taint := range p.Taints {
			assert.True(t, addontest.Tolerates(addontest.Get(v, "daemonsets", "tolerations"), taint), "operands: pool %s taint %s", p.Name, taint.Key)
			assert.True(t, addontest.Tolerates(addontest.Get(v, "node-feature-discovery", "worker", "tolerations"), taint), "nfd: pool %s taint %s", p.Name, taint.Key)
		}
	}
	// The operator waits for its nodes, not for monitoring: GPU nodes are
	// usable as soon as the operator is ready. The DCGM exporter's
	// ServiceMonitor is a separate object that waits for both releases
	// (the CRD comes with kube-prometheus-stack); the chart's own is off.
	assert.Equal(t, false, addontest.Get(v, "dcgmExporter", "serviceMonitor", "enabled"))
	op := r.One(t, addontest.ReleaseType, "gpu-operator")
	assert.False(t, mocktest.WaitsFor(op, addontest.ReleaseType, "kube-prometheus-stack"))
	assert.True(t, mocktest.WaitsFor(op, "kubernetes:core/v1:ConfigMap", "gpu-operator-device-plugin"))
	assert.True(t, mocktest.WaitsFor(op, "test:cloud:NodeGroup", "ml-gpu"))
	sm := r.One(t, addontest.ServiceMonitorType, gpuoperator.MonitorName)
	assert.True(t, mocktest.WaitsFor(sm, addontest.ReleaseType, "gpu-operator"))
	assert.True(t, mocktest.WaitsFor(sm, addontest.ReleaseType, "kube-prometheus-stack"))
	obj := mocktest.Plain(sm)
	assert.Equal(t, "ServiceMonitor", obj["kind"])
	assert.Equal(t, gpuoperator.Namespace, addontest.Get(obj, "metadata", "namespace"))
	assert.Equal(t, "nvidia-dcgm-exporter", addontest.Get(obj, "spec", "selector", "matchLabels", "app"))
	assert.Equal(t, "gpu-metrics", addontest.Get(obj, "spec", "endpoints").([]any)[0].(map[string]any)["port"])

	// Without monitoring: no ServiceMonitor.
	cfg := addontest.Defaults()
	cfg.Monitoring.Enabled = addontest.Off()
	r = addontest.Install(t, addontest.Fixture{Kind: "eks"}, cfg)
	assert.Equal(t, false, addontest.Get(addontest.Release(r, "gpu-operator")["values"], "dcgmExporter", "serviceMonitor", "enabled"))
	assert.Empty(t, r.ByType(addontest.ServiceMonitorType))
}

func TestVersionOverrideAndValuesMerge(t *testing.T) {
	cfg := addontest.Defaults()
	cfg.GPUOperator.Version = "v25.10.1"
	cfg.GPUOperator.Values = map[string]any{"driver": map[string]any{"version": "570.172.08"}}
	r := addontest.Install(t, addontest.Fixture{Kind: config.ProviderKubeadm}, cfg)
	rel := addontest.Release(r, "gpu-operator")
	assert.Equal(t, "v25.10.1", rel["version"])
	assert.Equal(t, "570.172.08", addontest.Get(rel, "values", "driver", "version"))
	assert.Equal(t, true, addontest.Get(rel, "values", "driver", "enabled"), "user values merge over computed ones")
}

func pool(name, mode string, replicas int, strategy string) cluster.Pool {
	return cluster.PoolFrom(config.NodePool{Name: name, Labels: gpu.PoolLabels(name, "a100"), Taints: []config.Taint{addontest.GPUTaint()},
		GPU: &config.GPU{Model: "a100", Count: 1, Sharing: config.Sharing{Mode: mode, Replicas: replicas, MIGStrategy: strategy, MIGProfile: "all-1g.5gb"}}})
}

func TestDevicePluginConfigs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pools []cluster.Pool
		keys  []string
		def   string
	}{
		{"one time-sliced pool", []cluster.Pool{pool("a", gpu.SharingTimeSlicing, 4, "")}, []string{"time-slicing-4"}, "time-slicing-4"},
		{"shared and unshared", []cluster.Pool{pool("a", gpu.SharingTimeSlicing, 4, ""), pool("b", gpu.SharingNone, 0, "")}, []string{"none", "time-slicing-4"}, "none"},
		{"two replica counts", []cluster.Pool{pool("a", gpu.SharingTimeSlicing, 4, ""), pool("b", gpu.SharingTimeSlicing, 2, "")}, []string{"time-slicing-2", "time-slicing-4"}, "time-slicing-2"},
		{"same setting twice", []cluster.Pool{pool("a", gpu.SharingTimeSlicing, 4, ""), pool("b", gpu.SharingTimeSlicing, 4, "")}, []string{"time-slicing-4"}, "time-slicing-4"},
		{"mig mixed", []cluster.Pool{pool("a", gpu.SharingMIG, 0, "mixed")}, []string{"mig-mixed"}, "mig-mixed"},
		{"unset mode", []cluster.Pool{pool("a", "", 0, "")}, []string{"none"}, "none"},
		{"no GPU pools", nil, []string{"none"}, "none"},
	} {
		data, def := gpuoperator.DevicePluginConfigs(tc.pools)
		assert.ElementsMatch(t, tc.keys, keys(anyMap(data)), tc.name)
		assert.Equal(t, tc.def, def, tc.name)
	}
	assert.Equal(t, `flags:
  migStrategy: none
sharing:
  timeSlicing:
    resources:
    - name: nvidia.com/gpu
      replicas: 4
version: v1
`, gpuoperator.DevicePluginConfig(gpu.Sharing{Mode: gpu.SharingTimeSlicing, Replicas: 4}))
	assert.Equal(t, "flags:\n  migStrategy: mixed\nversion: v1\n", gpuoperator.DevicePluginConfig(gpu.Sharing{Mode: gpu.SharingMIG, MIGStrategy: "mixed"}))

	assert.Equal(t, "single", gpuoperator.MIGStrategy([]cluster.Pool{pool("a", gpu.SharingTimeSlicing, 2, "")}))
	assert.Equal(t, "single", gpuoperator.MIGStrategy([]cluster.Pool{pool("a", gpu.SharingMIG, 0, "single")}))
	assert.Equal(t, "mixed", gpuoperator.MIGStrategy([]cluster.Pool{pool("a", gpu.SharingMIG, 0, "single"), pool("b", gpu.SharingMIG, 0, "mixed")}))
}

func TestGPUOperatorNotesAndPoolLabels(t *testing.T) {
	pools := []cluster.Pool{pool("a", gpu.SharingTimeSlicing, 4, ""), pool("b", gpu.SharingNone, 0, ""), pool("m", gpu.SharingMIG, 0, "single")}
	cl := &cluster.Cluster{Shape: cluster.Shape{Pools: pools}}
	notes := gpuoperator.Notes(cl)
	require.Len(t, notes, 3, "%q", notes)
	all := strings.Join(notes, "\n")
	assert.Contains(t, all, "pool a shares GPUs as \"time-slicing-4\" but its nodes lack the label "+gpu.DevicePluginConfigLabel+"=time-slicing-4")
	assert.Contains(t, all, "pool m shares GPUs as \"mig-single\"")
	assert.Contains(t, all, "MIG pool m needs the node label "+gpu.MIGConfigLabel+"=all-1g.5gb")

	// Pools that carry their sharing setting's node labels need no note.
	for i := range pools {
		for k, v := range pools[i].GPU.Sharing.NodeLabels() {
			pools[i].Labels[k] = v
		}
	}
	assert.Empty(t, gpuoperator.Notes(&cluster.Cluster{Shape: cluster.Shape{Pools: pools}}))

	// Bottlerocket NVIDIA runs its own device plugin: none is deployed and
	// the sharing settings are flagged.
	cl = &cluster.Cluster{Shape: cluster.Shape{Pools: pools, Capabilities: cluster.Capabilities{DevicePluginPreinstalled: true, GPUDriverPreinstalled: true, ContainerToolkitPreinstalled: true}}}
	assert.Equal(t, false, addontest.Get(gpuoperator.Values(cl), "devicePlugin", "enabled"))
	assert.Len(t, gpuoperator.Notes(cl), 2)
}

func TestGPUOperatorTolerationsAreDedupedAndSorted(t *testing.T) {
	a := pool("a", gpu.SharingNone, 0, "")
	b := pool("b", gpu.SharingNone, 0, "")
	b.Taints = append(b.Taints, addontest.ExtraTaint, cluster.Taint{Key: "mlkube.io/dedicated", Value: "other", Effect: "NoExecute"})
	cpu := cluster.Pool{Name: "cpu", Taints: []cluster.Taint{{Key: "cpu-only", Effect: "NoSchedule"}}}
	cl := &cluster.Cluster{Shape: cluster.Shape{Pools: []cluster.Pool{cpu, b, a}}}
	want := []any{
		map[string]any{"key": "mlkube.io/dedicated", "operator": "Exists", "effect": "NoExecute"},
		map[string]any{"key": gpu.TaintKey, "operator": "Exists", "effect": gpu.TaintEffect},
	}
	v := gpuoperator.Values(cl)
	assert.Equal(t, want, addontest.Get(v, "daemonsets", "tolerations"), "CPU pool taints are not tolerated; one per key and effect")
	assert.Equal(t, v, gpuoperator.Values(cl), "same input, same values")
	assert.Equal(t, kit.GPUTolerations([]cluster.Pool{a, b}), kit.GPUTolerations([]cluster.Pool{b, a}), "pool order does not matter")
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func anyMap(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestHouse runs the house checks on the operator alone, monitored, on
// every cloud.
func TestHouse(t *testing.T) {
	addontest.House(t, addontest.Addon{Type: gpuoperator.TypeToken, Name: "gpu-operator", Kinds: addontest.Clouds}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		crds, err := addontest.StandIn(ctx, "test:addon:CRDOwner", "kube-prometheus-stack")
		if err != nil {
			return err
		}
		_, err = gpuoperator.New(ctx, "gpu-operator", &gpuoperator.Args{
			Cluster: cl, Config: addontest.Defaults().GPUOperator, Monitoring: true, CRDOwners: []pulumi.Resource{crds},
		})
		return err
	})
}
