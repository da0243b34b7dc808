package addons_test

import (
	"github.com/mlkube/mlkube/internal/labels"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/gpuoperator"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var clouds = []string{"eks", "gke", "aks", config.ProviderKubeadm, config.ProviderExisting}

func TestGPUOperatorValuesPerCloud(t *testing.T) {
	for _, tc := range []struct {
		kind                  string
		driver, toolkit       bool
		driverDir, toolkitDir any
	}{
		{kind: "eks", driver: false, toolkit: false}, // NVIDIA AMIs carry both
		{kind: "aks", driver: false, toolkit: false}, // managed GPU driver
		{kind: "gke", driver: false, toolkit: true, // COS: driver by GKE, in its own path
			driverDir: "/home/kubernetes/bin/nvidia", toolkitDir: "/home/kubernetes/bin/nvidia"},
		{kind: config.ProviderKubeadm, driver: true, toolkit: true}, // bare hosts
		{kind: config.ProviderExisting, driver: true, toolkit: true},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			r := run(t, fixture{kind: tc.kind}, defaults())
			rel := release(r, "gpu-operator")
			require.NotNil(t, rel)
			v := rel["values"]
			assert.Equal(t, tc.driver, get(v, "driver", "enabled"))
			assert.Equal(t, tc.toolkit, get(v, "toolkit", "enabled"))
			assert.Equal(t, tc.driverDir, get(v, "hostPaths", "driverInstallDir"))
			assert.Equal(t, tc.toolkitDir, get(v, "toolkit", "installDir"))
			if tc.driverDir != nil {
				assert.Equal(t, true, get(v, "cdi", "enabled"))
			}

			// The release itself: pinned chart, long timeout, cleanup, no
			// atomic rollback, waits for its resources, namespace made first.
			assert.Equal(t, "gpu-operator", rel["chart"])
			assert.Equal(t, versions.GPUOperator.Version, rel["version"])
			assert.Equal(t, versions.GPUOperator.Repo, get(rel, "repositoryOpts", "repo"))
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
	r := run(t, fixture{kind: "eks"}, defaults())
	v := release(r, "gpu-operator")["values"]

	// One device plugin config per sharing setting, in a ConfigMap the
	// device plugin is pointed at.
	cm := mocktest.Plain(registration(t, r, "kubernetes:core/v1:ConfigMap", "gpu-operator-device-plugin"))
	data := cm["data"].(map[string]any)
	assert.ElementsMatch(t, []string{"time-slicing-4", "mig-single"}, keys(data))
	assert.Contains(t, data["time-slicing-4"], "replicas: 4")
	assert.Contains(t, data["time-slicing-4"], "name: "+gpu.ResourceName)
	assert.Contains(t, data["mig-single"], "migStrategy: single")
	assert.Equal(t, gpuoperator.DevicePluginConfigMap, get(v, "devicePlugin", "config", "name"))
	assert.Equal(t, "mig-single", get(v, "devicePlugin", "config", "default"))
	assert.Equal(t, false, get(v, "devicePlugin", "config", "create"))
	assert.Equal(t, true, get(v, "devicePlugin", "enabled"))
	assert.Equal(t, "single", get(v, "mig", "strategy"))
	assert.Equal(t, true, get(v, "migManager", "enabled"))

	// Operands and the NFD worker tolerate every taint of every GPU pool.
	for _, p := range testPools() {
		if !p.IsGPU() {
			continue
		}
		for _, taint := range p.Taints {
			assert.True(t, tolerates(get(v, "daemonsets", "tolerations"), taint), "operands: pool %s taint %s", p.Name, taint.Key)
			assert.True(t, tolerates(get(v, "node-feature-discovery", "worker", "tolerations"), taint), "nfd: pool %s taint %s", p.Name, taint.Key)
		}
	}
	// The operator waits for its nodes, not for monitoring: GPU nodes are
	// usable as soon as the operator is ready. The DCGM exporter's
	// ServiceMonitor is a separate object that waits for both releases
	// (the CRD comes with kube-prometheus-stack); the chart's own is off.
	assert.Equal(t, false, get(v, "dcgmExporter", "serviceMonitor", "enabled"))
	op := registration(t, r, releaseType, "gpu-operator")
	assert.False(t, mocktest.WaitsFor(op, releaseType, "kube-prometheus-stack"))
	assert.True(t, mocktest.WaitsFor(op, "kubernetes:core/v1:ConfigMap", "gpu-operator-device-plugin"))
	assert.True(t, mocktest.WaitsFor(op, "test:cloud:NodeGroup", "ml-gpu"))
	sm := registration(t, r, serviceMonitorType, gpuoperator.MonitorName)
	assert.True(t, mocktest.WaitsFor(sm, releaseType, "gpu-operator"))
	assert.True(t, mocktest.WaitsFor(sm, releaseType, "kube-prometheus-stack"))
	obj := mocktest.Plain(sm)
	assert.Equal(t, "ServiceMonitor", obj["kind"])
	assert.Equal(t, gpuoperator.Namespace, get(obj, "metadata", "namespace"))
	assert.Equal(t, "nvidia-dcgm-exporter", get(obj, "spec", "selector", "matchLabels", "app"))
	assert.Equal(t, "gpu-metrics", get(obj, "spec", "endpoints").([]any)[0].(map[string]any)["port"])

	// Without monitoring: no ServiceMonitor.
	cfg := defaults()
	cfg.Monitoring.Enabled = off()
	r = run(t, fixture{kind: "eks"}, cfg)
	assert.Equal(t, false, get(release(r, "gpu-operator")["values"], "dcgmExporter", "serviceMonitor", "enabled"))
	assert.Empty(t, r.ByType(serviceMonitorType))
}

func TestGPUOperatorSkippedWithoutGPUPools(t *testing.T) {
	r := run(t, fixture{kind: config.ProviderKubeadm, pools: testPools()[:2]}, defaults())
	assert.Nil(t, release(r, "gpu-operator"))
	assert.Empty(t, r.ByType(gpuoperator.TypeToken))
	cl := &cluster.Cluster{Kind: config.ProviderKubeadm, Pools: testPools()[:2]}
	assert.Contains(t, addons.Notes(cl, defaults()), "gpu-operator not installed: the stack has no GPU pools")
}

func TestAutoscalerPerCloud(t *testing.T) {
	for _, kind := range clouds {
		t.Run(kind, func(t *testing.T) {
			r := run(t, fixture{kind: kind}, defaults())
			rel := release(r, "cluster-autoscaler")
			if kind != "eks" {
				// GKE and AKS scale their pools; kubeadm and adopted
				// clusters have no cloud API to add nodes.
				assert.Nil(t, rel)
				return
			}
			require.NotNil(t, rel)
			v := rel["values"]
			assert.Equal(t, "v1.33.6", get(v, "image", "tag"))
			assert.Equal(t, versions.AutoscalerRepository, get(v, "image", "repository"))
			assert.Equal(t, "aws", get(v, "cloudProvider"))
			assert.Equal(t, "us-east-1", get(v, "awsRegion"))
			assert.Equal(t, "ml", get(v, "autoDiscovery", "clusterName"))
			assert.Equal(t, cluster.AutoscalerServiceAccount, get(v, "rbac", "serviceAccount", "name"))
			assert.Equal(t, map[string]any{"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/ml-cluster-autoscaler"},
				get(v, "rbac", "serviceAccount", "annotations"))
			args := get(v, "extraArgs").(map[string]any)
			assert.Equal(t, true, args["balance-similar-node-groups"])
			assert.Equal(t, "priority,least-waste", args["expander"])
			assert.Equal(t, false, args["skip-nodes-with-local-storage"])
			assert.Equal(t, "10m", args["scale-down-unneeded-time"])
			assert.Equal(t, "5m", args["scale-down-delay-after-add"])
			prios := get(v, "expanderPriorities").(string)
			assert.Less(t, strings.Index(prios, "ml-batch"), strings.Index(prios, "ml-system"), "spot CPU before on-demand CPU")
			assert.Less(t, strings.Index(prios, "ml-system"), strings.Index(prios, "ml-a100"), "CPU before GPU")
			assert.Less(t, strings.Index(prios, "ml-a100"), strings.Index(prios, "ml-gpu"), "spot GPU before on-demand GPU")
			assert.Equal(t, cluster.AutoscalerNamespace, rel["namespace"])
			assert.Equal(t, float64(300), rel["timeout"])
			assert.Equal(t, true, rel["cleanupOnFail"])
			assert.True(t, mocktest.WaitsFor(registration(t, r, releaseType, "cluster-autoscaler"), "test:cloud:NodeGroup", "ml-system"))
		})
	}
}

func TestAutoscalerImageFollowsKubernetes(t *testing.T) {
	for minor, tag := range map[string]string{"1.29": "v1.29.5", "1.31": "v1.31.5", "1.34": "v1.34.5"} {
		r := run(t, fixture{kind: "eks", version: minor}, defaults())
		assert.Equal(t, tag, get(release(r, "cluster-autoscaler")["values"], "image", "tag"), minor)
	}
	r := &mocktest.Recorder{}
	err := r.RunErr(func(ctx *pulumi.Context) error {
		cl, err := fixture{kind: "eks", version: "1.28"}.build(ctx)
		if err != nil {
			return err
		}
		_, err = addons.Install(ctx, cl, defaults(), addons.Options{})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cluster.kubernetesVersion")
}

func TestMetricsPerCloud(t *testing.T) {
	for _, kind := range clouds {
		t.Run(kind, func(t *testing.T) {
			r := run(t, fixture{kind: kind}, defaults())
			ms := release(r, "metrics-server")
			if kind == "gke" || kind == "aks" {
				assert.Nil(t, ms, "the cloud serves metrics.k8s.io")
			} else {
				require.NotNil(t, ms)
				assert.Equal(t, "metrics", ms["namespace"])
			}
			ad := release(r, "prometheus-adapter")
			require.NotNil(t, ad)
			assert.Equal(t, monitoring.PrometheusURL, get(ad, "values", "prometheus", "url"))
			rules := get(ad, "values", "rules", "custom").([]any)
			assert.Len(t, rules, 3)
			assert.Equal(t, "gpu_utilisation", get(rules[0], "name", "as"))
			assert.Equal(t, "pod", get(rules[0], "resources", "overrides", "pod", "resource"))
		})
	}
	cfg := defaults()
	cfg.Monitoring.Enabled = off()
	r := run(t, fixture{kind: "gke"}, cfg)
	assert.Nil(t, release(r, "prometheus-adapter"))
}

func TestMonitoring(t *testing.T) {
	r := run(t, fixture{kind: "eks", storage: true}, defaults())
	rel := release(r, "kube-prometheus-stack")
	require.NotNil(t, rel)
	v := rel["values"]
	spec := get(v, "prometheus", "prometheusSpec")
	assert.Equal(t, "15d", get(spec, "retention"))
	assert.Equal(t, "mlkube-standard", get(spec, "storageSpec", "volumeClaimTemplate", "spec", "storageClassName"))
	assert.Equal(t, "50Gi", get(spec, "storageSpec", "volumeClaimTemplate", "spec", "resources", "requests", "storage"))
	assert.Equal(t, false, get(spec, "serviceMonitorSelectorNilUsesHelmValues"))
	assert.Equal(t, true, get(v, "alertmanager", "enabled"))
	assert.Equal(t, monitoring.GrafanaAdminSecret, get(v, "grafana", "admin", "existingSecret"))
	assert.True(t, tolerates(get(v, "prometheus-node-exporter", "tolerations"), cluster.Taint(gpuTaint())))
	assert.True(t, tolerates(get(v, "prometheus-node-exporter", "tolerations"), extraTaint))
	assert.Equal(t, false, get(v, "kubeControllerManager", "enabled"), "EKS runs the control plane")
	assert.Equal(t, float64(monitoring.TimeoutSeconds), rel["timeout"])

	// The admin Secret comes from the config secret and stays secret.
	secret := registration(t, r, "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret)
	assert.True(t, secret.Inputs["stringData"].ContainsSecrets(), "the password stays a secret")
	assert.True(t, mocktest.WaitsFor(registration(t, r, releaseType, "kube-prometheus-stack"), "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret))

	// The GPU dashboard is a labelled ConfigMap with DCGM panels.
	dash := mocktest.Plain(registration(t, r, "kubernetes:core/v1:ConfigMap", "gpu-dashboard"))
	assert.Equal(t, "1", get(dash, "metadata", "labels", "grafana_dashboard"))
	for _, m := range []string{"DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_GPU_TEMP"} {
		assert.Contains(t, get(dash, "data", "gpu.json"), m)
	}

	// The PrometheusRule waits for the release that installs its CRD.
	rule := registration(t, r, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", monitoring.RuleName)
	assert.True(t, mocktest.WaitsFor(rule, releaseType, "kube-prometheus-stack"), "%v", rule.RegisterRPC.GetDependencies())
	var alerts []string
	for _, g := range get(mocktest.Plain(rule), "spec", "groups").([]any) {
		for _, x := range get(g, "rules").([]any) {
			alerts = append(alerts, get(x, "alert").(string)+" for "+get(x, "for").(string)+": "+get(x, "expr").(string))
		}
	}
	assert.Contains(t, alerts, "GPUUtilisationHigh for 5m: avg by (Hostname, gpu, modelName) (DCGM_FI_DEV_GPU_UTIL) > 85")
	assert.Contains(t, alerts, "InferenceLatencyP99High for 5m: histogram_quantile(0.99, sum by (namespace, service, le) (rate(inference_request_duration_seconds_bucket[5m]))) > 0.5")
	assert.Contains(t, alerts, `InferenceErrorRateHigh for 5m: sum by (namespace, service) (rate(inference_requests_total{code=~"5.."}[5m])) / sum by (namespace, service) (rate(inference_requests_total[5m])) > 0.01`)
	assert.Contains(t, alerts, `PodPendingTooLong for 2m: sum by (namespace, pod) (kube_pod_status_phase{phase="Pending"}) > 0`)

	// Without a password one is generated: pulumi-random's result goes,
	// secret, into the Secret the chart reads, and the release waits for it.
	cfg := defaults()
	cfg.Monitoring.GrafanaAdminPassword = ""
	r = run(t, fixture{kind: config.ProviderKubeadm}, cfg)
	pw := registration(t, r, randomPasswordType, monitoring.GrafanaAdminSecret)
	assert.Equal(t, float64(monitoring.GrafanaPasswordLength), mocktest.Plain(pw)["length"])
	secret = registration(t, r, "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret)
	assert.True(t, secret.Inputs["stringData"].ContainsSecrets(), "the generated password is secret in the Secret's inputs")
	assert.Contains(t, secret.Inputs["stringData"].String(), "generated-"+monitoring.GrafanaAdminSecret, "the Secret holds the generated result")
	assert.True(t, mocktest.WaitsFor(secret, randomPasswordType, monitoring.GrafanaAdminSecret), "the Secret takes the generated result")
	assert.True(t, mocktest.WaitsFor(registration(t, r, releaseType, "kube-prometheus-stack"), "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret))
	assert.Nil(t, get(release(r, "kube-prometheus-stack"), "values", "prometheus", "prometheusSpec", "storageSpec", "volumeClaimTemplate", "spec", "storageClassName"),
		"no block provisioner: the cluster's default class")
	assert.Nil(t, get(release(r, "kube-prometheus-stack"), "values", "kubeControllerManager"))
	assert.Contains(t, strings.Join(addons.Notes(&cluster.Cluster{Kind: config.ProviderKubeadm}, cfg), "\n"), "grafanaAdminPassword")

	// With a password of the stack's, nothing random is made.
	r = run(t, fixture{kind: "eks"}, defaults())
	assert.Empty(t, r.ByType(randomPasswordType))
}

func TestLogging(t *testing.T) {
	r := run(t, fixture{kind: "gke", storage: true}, defaults())
	fb := release(r, "fluent-bit")
	require.NotNil(t, fb)
	v := fb["values"]
	assert.Equal(t, "DaemonSet", get(v, "kind"))
	// Fluent Bit runs on GPU nodes too: it tolerates every taint.
	for _, p := range testPools() {
		for _, taint := range p.Taints {
			assert.True(t, tolerates(get(v, "tolerations"), taint), "pool %s taint %s", p.Name, taint.Key)
		}
	}
	outputs := get(v, "config", "outputs").(string)
	assert.Contains(t, outputs, "Host logs-es-http.logging.svc")
	assert.Contains(t, outputs, "tls.verify On")
	assert.Contains(t, outputs, "HTTP_Passwd ${ELASTIC_PASSWORD}")
	assert.Contains(t, get(v, "config", "filters"), "Name kubernetes")
	assert.Equal(t, false, get(v, "testFramework", "enabled"))
	assert.Equal(t, true, fb["cleanupOnFail"])
	assert.Equal(t, float64(600), fb["timeout"])

	eck := release(r, "eck-operator")
	require.NotNil(t, eck)
	assert.Equal(t, versions.ECKOperator.Repo, get(eck, "repositoryOpts", "repo"))

	es := registration(t, r, "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "logs")
	kb := registration(t, r, "kubernetes:kibana.k8s.elastic.co/v1:Kibana", "logs-kibana")
	assert.True(t, mocktest.WaitsFor(es, releaseType, "eck-operator"))
	assert.True(t, mocktest.WaitsFor(kb, releaseType, "eck-operator"))
	assert.Equal(t, versions.ElasticStack, get(mocktest.Plain(es), "spec", "version"))
	claim := get(mocktest.Plain(es), "spec", "nodeSets").([]any)[0]
	assert.Equal(t, "100Gi", get(claim, "volumeClaimTemplates").([]any)[0].(map[string]any)["spec"].(map[string]any)["resources"].(map[string]any)["requests"].(map[string]any)["storage"])

	// Fluent Bit and the retention Job read the secrets ECK makes for the
	// Elasticsearch resource, so they wait for it.
	assert.True(t, mocktest.WaitsFor(registration(t, r, releaseType, "fluent-bit"), "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "logs"))
	job := registration(t, r, "kubernetes:batch/v1:Job", "logs-retention")
	assert.True(t, mocktest.WaitsFor(job, "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "logs"))
	script := get(mocktest.Plain(job), "spec", "template", "spec", "containers").([]any)[0].(map[string]any)["command"].([]any)[2].(string)
	assert.Contains(t, script, `"min_age":"7d"`)
	assert.Contains(t, script, `_index_template/mlkube-logs`)
}

func TestNamespacesCarryPodSecurityLabels(t *testing.T) {
	r := run(t, fixture{kind: config.ProviderKubeadm}, defaults())
	levels := map[string]string{}
	for _, a := range r.ByType("kubernetes:core/v1:Namespace") {
		ns := mocktest.Plain(a)
		name := get(ns, "metadata", "name").(string)
		levels[name] = get(ns, "metadata", "labels", labels.PodSecurityEnforce).(string)
		if levels[name] == "privileged" {
			assert.NotEmpty(t, get(ns, "metadata", "annotations", labels.PrivilegedReason), name)
		}
		// The one managed-by value every object mlkube applies carries.
		assert.Equal(t, "pulumi", get(ns, "metadata", "labels", labels.ManagedBy), name)
	}
	assert.Equal(t, map[string]string{
		"gpu-operator": "privileged", // driver, toolkit, device plugin
		"monitoring":   "privileged", // node exporter
		"logging":      "privileged", // Fluent Bit hostPath
		"metrics":      "restricted",
	}, levels)
	// Every release installs into a namespace it waits for and never creates.
	for _, a := range r.ByType(releaseType) {
		assert.Equal(t, false, mocktest.Plain(a)["createNamespace"], a.Name)
		assert.True(t, mocktest.WaitsFor(a, "kubernetes:core/v1:Namespace", mocktest.Plain(a)["namespace"].(string)), a.Name)
	}
}

// TestPolicySetPasses runs the policy set over everything the addons
// register on each cloud: Pod Security labels, CRD order, namespace first,
// pinned images, schedulable pods. No error finding is allowed.
func TestPolicySetPasses(t *testing.T) {
	for _, kind := range clouds {
		t.Run(kind, func(t *testing.T) {
			r := run(t, fixture{kind: kind, storage: true}, defaults())
			requireNoErrors(t, policy.Check(policy.Input{Pools: testPools(), Resources: policyResources(r)}))
		})
	}
}

func TestEveryChildUsesTheClusterProvider(t *testing.T) {
	r := run(t, fixture{kind: "eks"}, defaults())
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
		GPUOperator: config.GPUOperator{Addon: config.Addon{Enabled: off()}}, Autoscaler: config.Autoscaler{Addon: config.Addon{Enabled: off()}},
		MetricsServer: config.Addon{Enabled: off()}, PrometheusAdapter: config.Addon{Enabled: off()},
		Monitoring: config.Monitoring{Addon: config.Addon{Enabled: off()}}, Logging: config.Logging{Addon: config.Addon{Enabled: off()}},
	}
	r := run(t, fixture{kind: "eks"}, cfg)
	assert.Empty(t, r.ByType(releaseType))
}

func TestVersionOverrideAndValuesMerge(t *testing.T) {
	cfg := defaults()
	cfg.GPUOperator.Version = "v25.10.1"
	cfg.GPUOperator.Values = map[string]any{"driver": map[string]any{"version": "570.172.08"}}
	r := run(t, fixture{kind: config.ProviderKubeadm}, cfg)
	rel := release(r, "gpu-operator")
	assert.Equal(t, "v25.10.1", rel["version"])
	assert.Equal(t, "570.172.08", get(rel, "values", "driver", "version"))
	assert.Equal(t, true, get(rel, "values", "driver", "enabled"), "user values merge over computed ones")
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestHouseRules runs the house checks every component's tests run:
// children of each addon's component on the cluster's provider, strictly
// decodable, outputs registered once. Addon objects keep the logical names
// they shipped with (a prefix would change their URNs), so no prefix.
func TestHouseRules(t *testing.T) {
	components := []string{"mlkube:addons:GPUOperator", "mlkube:addons:Autoscaler", "mlkube:addons:Metrics", "mlkube:addons:Monitoring", "mlkube:addons:Logging"}
	for _, kind := range clouds {
		t.Run(kind, func(t *testing.T) {
			r := run(t, fixture{kind: kind, storage: true}, defaults())
			for _, typ := range components {
				if len(r.ByType(typ)) == 0 {
					continue // not installed on this cloud (the autoscaler where the cloud scales)
				}
				mocktest.CheckHouse(t, r, mocktest.House{Component: typ, Provider: "k8s"})
			}
		})
	}
}
