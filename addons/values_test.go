package addons_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/autoscaler"
	"github.com/mlkube/mlkube/addons/gpuoperator"
	"github.com/mlkube/mlkube/addons/ingress"
	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/logging"
	"github.com/mlkube/mlkube/addons/metrics"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersions(t *testing.T) {
	for in, want := range map[string]string{"1.29": "v1.29.5", "1.33": "v1.33.6", "1.33.4": "v1.33.6", "v1.34": "v1.34.5", "1.36": "v1.36.1"} {
		got, err := versions.AutoscalerTag(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
		assert.True(t, strings.HasPrefix(got, "v"+strings.TrimPrefix(in, "v")[:4]), "the autoscaler minor matches Kubernetes: %s", in)
	}
	for _, bad := range []string{"1.28", "1.37", "", "latest"} {
		_, err := versions.AutoscalerTag(bad)
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "cluster.kubernetesVersion")
	}
	assert.Equal(t, []string{"1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36"}, versions.AutoscalerMinors())

	seen := map[string]bool{}
	var names []string
	for _, c := range versions.Charts() {
		assert.True(t, strings.HasPrefix(c.Repo, "https://"), c.Name)
		assert.NotEmpty(t, c.Version, c.Name)
		assert.False(t, seen[c.Name], "one pin per chart: %s", c.Name)
		seen[c.Name] = true
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"aws-load-balancer-controller", "cluster-autoscaler", "eck-operator", "fluent-bit", "gpu-operator", "ingress-nginx",
		"kube-prometheus-stack", "metallb", "metrics-server", "nfs-subdir-external-provisioner", "prometheus-adapter", "tigera-operator"}, names)
	c, ok := versions.Lookup("ingress-nginx")
	assert.True(t, ok)
	assert.Equal(t, versions.IngressNginx, c)
	_, ok = versions.Lookup("traefik")
	assert.False(t, ok)
	assert.Equal(t, "v1", versions.GPUOperator.With("v1").Version)
	assert.Equal(t, versions.GPUOperator.Version, versions.GPUOperator.With("").Version)
}

func pool(name, mode string, replicas int, strategy string) cluster.Pool {
	return cluster.PoolFrom(config.NodePool{Name: name, Labels: gpu.PoolLabels(name, "a100"), Taints: []config.Taint{gpuTaint()},
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
	cl := &cluster.Cluster{Pools: pools}
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
	assert.Empty(t, gpuoperator.Notes(&cluster.Cluster{Pools: pools}))

	// Bottlerocket NVIDIA runs its own device plugin: none is deployed and
	// the sharing settings are flagged.
	cl = &cluster.Cluster{Pools: pools, Capabilities: cluster.Capabilities{DevicePluginPreinstalled: true, GPUDriverPreinstalled: true, ContainerToolkitPreinstalled: true}}
	assert.Equal(t, false, get(gpuoperator.Values(cl), "devicePlugin", "enabled"))
	assert.Len(t, gpuoperator.Notes(cl), 2)
}

func TestGPUOperatorTolerationsAreDedupedAndSorted(t *testing.T) {
	a := pool("a", gpu.SharingNone, 0, "")
	b := pool("b", gpu.SharingNone, 0, "")
	b.Taints = append(b.Taints, extraTaint, cluster.Taint{Key: "mlkube.io/dedicated", Value: "other", Effect: "NoExecute"})
	cpu := cluster.Pool{Name: "cpu", Taints: []cluster.Taint{{Key: "cpu-only", Effect: "NoSchedule"}}}
	cl := &cluster.Cluster{Pools: []cluster.Pool{cpu, b, a}}
	want := []any{
		map[string]any{"key": "mlkube.io/dedicated", "operator": "Exists", "effect": "NoExecute"},
		map[string]any{"key": gpu.TaintKey, "operator": "Exists", "effect": gpu.TaintEffect},
	}
	v := gpuoperator.Values(cl)
	assert.Equal(t, want, get(v, "daemonsets", "tolerations"), "CPU pool taints are not tolerated; one per key and effect")
	assert.Equal(t, v, gpuoperator.Values(cl), "same input, same values")
	assert.Equal(t, kit.GPUTolerations([]cluster.Pool{a, b}), kit.GPUTolerations([]cluster.Pool{b, a}), "pool order does not matter")
}

func TestAutoscalerDecisions(t *testing.T) {
	for _, tc := range []struct {
		caps cluster.Capabilities
		want bool
		why  string
	}{
		{cluster.Capabilities{AutoscalerCloudProvider: "aws"}, true, ""},
		{cluster.Capabilities{ManagedAutoscaling: true}, false, "scales its node pools itself"},
		{cluster.Capabilities{ManagedAutoscaling: true, AutoscalerCloudProvider: "aws"}, false, "scales its node pools itself"},
		{cluster.Capabilities{}, false, "no cloud API to add nodes"},
	} {
		ok, why := autoscaler.Applies(&cluster.Cluster{Kind: "x", Capabilities: tc.caps})
		assert.Equal(t, tc.want, ok)
		assert.Contains(t, why, tc.why)
	}
	for _, tc := range []struct {
		p    cluster.Pool
		want int
	}{
		{cluster.Pool{Spot: true}, autoscaler.PriorityCPUSpot},
		{cluster.Pool{}, autoscaler.PriorityCPUOnDemand},
		{cluster.Pool{Spot: true, GPU: &cluster.PoolGPU{}}, autoscaler.PriorityGPUSpot},
		{cluster.Pool{GPU: &cluster.PoolGPU{}}, autoscaler.PriorityGPUOnDemand},
	} {
		assert.Equal(t, tc.want, autoscaler.PoolPriority(tc.p))
	}
	assert.Greater(t, autoscaler.PriorityCPUOnDemand, autoscaler.PriorityGPUSpot, "every CPU pool beats every GPU pool")

	pools := testPools()
	cl := &cluster.Cluster{Name: "ml", Pools: pools, NodeGroupPatterns: map[string]string{}}
	for _, p := range pools {
		cl.NodeGroupPatterns[p.Name] = "^ng-" + p.Name + "$" // the provider's to decide
	}
	want := `50:
  - "^ng-batch$"
40:
  - "^ng-system$"
20:
  - "^ng-a100$"
10:
  - "^ng-gpu$"
`
	assert.Equal(t, want, autoscaler.Priorities(cl))
	cl.Pools = []cluster.Pool{pools[3], pools[1], pools[2], pools[0]}
	assert.Equal(t, want, autoscaler.Priorities(cl), "pool order does not matter")
	delete(cl.NodeGroupPatterns, "gpu")
	assert.NotContains(t, autoscaler.Priorities(cl), "ng-gpu", "a pool the provider names no pattern for is left out")

	_, err := autoscaler.Values(&cluster.Cluster{KubernetesVersion: "1.27"}, config.Autoscaler{})
	assert.ErrorContains(t, err, "cluster.kubernetesVersion")
}

func TestMetricsValues(t *testing.T) {
	ok, _ := metrics.MetricsServerApplies(&cluster.Cluster{})
	assert.True(t, ok)
	ok, why := metrics.MetricsServerApplies(&cluster.Cluster{Kind: "gke", Capabilities: cluster.Capabilities{MetricsServer: true}})
	assert.False(t, ok)
	assert.Contains(t, why, "already serves metrics.k8s.io")
	assert.Nil(t, metrics.MetricsServerValues(&cluster.Cluster{Capabilities: capabilitiesOf("eks")})["args"],
		"kubelet certificates are verified where the cluster CA signs them")
	assert.Equal(t, []any{"--kubelet-insecure-tls"},
		metrics.MetricsServerValues(&cluster.Cluster{Capabilities: capabilitiesOf(config.ProviderKubeadm)})["args"],
		"kubeadm's kubelets serve self-signed certificates")
	v := metrics.AdapterValues("http://p")
	assert.Equal(t, false, get(v, "rules", "default"))
	want := map[string]string{
		"gpu_utilisation":        `DCGM_FI_DEV_GPU_UTIL{namespace!="",pod!=""}`,
		"inference_queue_length": `inference_queue_length{namespace!="",pod!=""}`,
		"requests_per_second":    `inference_requests_total{namespace!="",pod!=""}`,
	}
	got := map[string]string{}
	for _, r := range get(v, "rules", "custom").([]any) {
		got[get(r, "name", "as").(string)] = get(r, "seriesQuery").(string)
		assert.Equal(t, "pod", get(r, "resources", "overrides", "pod", "resource"))
		assert.Equal(t, "namespace", get(r, "resources", "overrides", "namespace", "resource"))
	}
	assert.Equal(t, want, got)
	rate := get(get(v, "rules", "custom").([]any)[2], "metricsQuery").(string)
	assert.Contains(t, rate, "rate(<<.Series>>", "requests per second is the counter's rate")
}

// TestIngressDecision: the cloud's controller when the Cluster names one,
// else ingress-nginx, on node ports where LoadBalancer Services get no
// address; only ingress-nginx splits traffic for canaries.
func TestIngressDecision(t *testing.T) {
	cloud := &cluster.IngressController{Chart: "aws-load-balancer-controller", Class: "alb", Namespace: "kube-system"}
	for _, tc := range []struct {
		name       string
		cl         cluster.Cluster
		controller string
		want       ingress.Controller
	}{
		{"cloud controller", cluster.Cluster{IngressController: cloud, Capabilities: cluster.Capabilities{LoadBalancers: true}}, "",
			ingress.Controller{Cloud: cloud, Class: "alb", Namespace: "kube-system"}},
		{"nginx asked for", cluster.Cluster{IngressController: cloud, Capabilities: cluster.Capabilities{LoadBalancers: true}}, config.IngressNginx,
			ingress.Controller{Nginx: true, Class: "nginx", Namespace: ingress.Namespace, Canary: true}},
		{"no cloud controller", cluster.Cluster{Capabilities: cluster.Capabilities{LoadBalancers: true}}, "",
			ingress.Controller{Nginx: true, Class: "nginx", Namespace: ingress.Namespace, Canary: true}},
		{"no load balancers", cluster.Cluster{}, config.IngressCloud,
			ingress.Controller{Nginx: true, Class: "nginx", Namespace: ingress.Namespace, NodePort: true, Canary: true}},
	} {
		assert.Equal(t, tc.want, ingress.Decide(&tc.cl, config.Ingress{Controller: tc.controller}), tc.name)
	}
	lb := ingress.NginxValues(ingress.Controller{Nginx: true}, true)
	assert.Equal(t, "LoadBalancer", get(lb, "controller", "service", "type"))
	assert.Equal(t, true, get(lb, "controller", "metrics", "enabled"))
	np := ingress.NginxValues(ingress.Controller{Nginx: true, NodePort: true}, false)
	assert.Equal(t, "NodePort", get(np, "controller", "service", "type"))
	notes := ingress.Notes(&cluster.Cluster{Kind: "kubeadm"}, config.Ingress{Controller: config.IngressCloud})
	assert.Len(t, notes, 2, "no cloud controller, and node ports")
}

func TestMonitoringValues(t *testing.T) {
	for gb, want := range map[int]string{50: "42GB", 100: "85GB", 1: "1GB"} {
		assert.Equal(t, want, monitoring.RetentionSize(gb))
	}
	cfg := config.Monitoring{RetentionDays: 30, StorageGB: 200}
	for kind, managed := range map[string]bool{"eks": true, "gke": true, "aks": true, "kubeadm": false, "existing": false} {
		v := monitoring.Values(&cluster.Cluster{Kind: kind, Capabilities: capabilitiesOf(kind)}, cfg, "fast")
		assert.Equal(t, managed, get(v, "kubeScheduler", "enabled") == false, kind)
		assert.Equal(t, "30d", get(v, "prometheus", "prometheusSpec", "retention"))
		assert.Equal(t, "200Gi", get(v, "prometheus", "prometheusSpec", "storageSpec", "volumeClaimTemplate", "spec", "resources", "requests", "storage"))
		assert.Equal(t, "fast", get(v, "prometheus", "prometheusSpec", "storageSpec", "volumeClaimTemplate", "spec", "storageClassName"))
	}
	dash := monitoring.GPUDashboard()
	assert.Equal(t, dash, monitoring.GPUDashboard())
	var model map[string]any
	require.NoError(t, json.Unmarshal([]byte(dash), &model))
	assert.Len(t, model["panels"], 8)
	assert.Equal(t, "mlkube-gpu", model["uid"])
	assert.Equal(t, monitoring.Rules(), monitoring.Rules())
}

func TestLoggingValues(t *testing.T) {
	for nodes, want := range map[int]int{0: 0, 1: 0, 2: 1, 3: 1, 5: 1} {
		assert.Equal(t, want, logging.Replicas(config.Logging{Nodes: nodes}), nodes)
	}
	cfg := config.Logging{RetentionDays: 14, StorageGB: 30, Nodes: 3}
	assert.Equal(t, `{"policy":{"phases":{"delete":{"actions":{"delete":{}},"min_age":"14d"},"hot":{"actions":{}}}}}`, logging.LifecyclePolicyBody(cfg))
	assert.Equal(t, `{"index_patterns":["mlkube-logs-*","mlkube-node-*"],"priority":200,"template":{"settings":{"index.lifecycle.name":"mlkube-logs","index.number_of_replicas":1}}}`, logging.IndexTemplateBody(cfg))
	spec := logging.ElasticsearchSpec(cfg, "")
	set := get(spec, "nodeSets").([]any)[0]
	assert.Equal(t, 3, get(set, "count"))
	assert.Nil(t, get(get(set, "volumeClaimTemplates").([]any)[0], "spec", "storageClassName"), "no class: the cluster default")
	assert.Equal(t, false, get(set, "config", "node.store.allow_mmap"))
	fb := logging.FluentBitValues()
	assert.Equal(t, []any{map[string]any{"operator": "Exists"}}, get(fb, "tolerations"))
	assert.NotContains(t, get(fb, "config", "outputs"), "{{", "no Helm template syntax: the chart passes config through tpl")
}

func TestKit(t *testing.T) {
	base := map[string]any{"a": map[string]any{"b": 1, "c": 2}, "l": []any{1}, "s": "x"}
	got := kit.Merge(base, map[string]any{"a": map[string]any{"c": 3, "d": 4}, "l": []any{2}, "n": nil})
	assert.Equal(t, map[string]any{"a": map[string]any{"b": 1, "c": 3, "d": 4}, "l": []any{2}, "s": "x", "n": nil}, got)
	assert.Equal(t, 2, base["a"].(map[string]any)["c"], "base is not modified")

	ns := kit.Namespace{Name: "n", Addon: "x", Level: kit.Restricted}
	assert.Equal(t, "restricted", ns.Labels()["pod-security.kubernetes.io/enforce"])
	assert.Equal(t, "restricted", ns.Labels()["pod-security.kubernetes.io/warn"])
	assert.Nil(t, ns.Annotations())
	ns = kit.Namespace{Name: "n", Addon: "x", Level: kit.Privileged, Reason: "why"}
	assert.Equal(t, map[string]string{"mlkube.io/privileged-reason": "why"}, ns.Annotations())
	assert.Empty(t, ns.Labels()["pod-security.kubernetes.io/warn"], "a privileged namespace does not warn on every apply")
}

func TestDecideAndNotesPerCloud(t *testing.T) {
	cfg := defaults()
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
		cl := &cluster.Cluster{Kind: tc.kind, Pools: testPools(), Capabilities: capabilitiesOf(tc.kind)}
		assert.Equal(t, tc.plan, addons.Decide(cl, cfg), tc.kind)
		notes := strings.Join(addons.Notes(cl, cfg), "\n")
		for _, n := range tc.notes {
			assert.Contains(t, notes, n, tc.kind)
		}
		assert.Equal(t, addons.Notes(cl, cfg), addons.Notes(cl, cfg))
	}
}

func anyMap(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}
