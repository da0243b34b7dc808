package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/charts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adapterRule is one prometheus-adapter custom rule as the plan renders it.
type adapterRule struct {
	series    string
	as        string
	overrides map[string]any
}

func adapterRules(t *testing.T, p *Plan) map[string]adapterRule {
	t.Helper()
	rel := find(p, "kubernetes:helm.sh/v3:Release", "prometheus-adapter")
	require.NotNil(t, rel, "the stack installs prometheus-adapter")
	rules := rel.Inputs["values"].(map[string]any)["rules"].(map[string]any)
	require.Equal(t, false, rules["default"], "only mlkube's rules are served")
	out := map[string]adapterRule{}
	for _, r := range rules["custom"].([]any) {
		m := r.(map[string]any)
		name := m["name"].(map[string]any)
		out[name["as"].(string)] = adapterRule{
			series:    m["seriesQuery"].(string),
			as:        name["as"].(string),
			overrides: m["resources"].(map[string]any)["overrides"].(map[string]any),
		}
	}
	return out
}

// TestHPAMetricsAreServedByTheAdapter: every Pods metric an HPA of the
// workstation stack reads is a rule of the adapter release the same plan
// renders, under the same name, with its namespace and pod labels mapped
// to the namespace and pod resources the HPA asks about; GPU utilisation
// comes from DCGM, whose scrape keeps the GPU pod's own labels.
func TestHPAMetricsAreServedByTheAdapter(t *testing.T) {
	sf, cfg := stackFile(t, "workstation")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	served := adapterRules(t, p)

	hpa := find(p, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "ml-llm-hpa")
	require.NotNil(t, hpa)
	var pods []string
	for _, m := range hpa.Inputs["spec"].(map[string]any)["metrics"].([]any) {
		spec := m.(map[string]any)
		if spec["type"] != "Pods" {
			continue
		}
		name := spec["pods"].(map[string]any)["metric"].(map[string]any)["name"].(string)
		pods = append(pods, name)
		rule, ok := served[name]
		require.True(t, ok, "the HPA reads %s, which the adapter does not serve", name)
		assert.Equal(t, map[string]any{"resource": "namespace"}, rule.overrides["namespace"], name)
		assert.Equal(t, map[string]any{"resource": "pod"}, rule.overrides["pod"], name)
		assert.Contains(t, rule.series, `namespace!=""`, name)
		assert.Contains(t, rule.series, `pod!=""`, name)
		assert.Equal(t, "AverageValue", spec["pods"].(map[string]any)["target"].(map[string]any)["type"], name)
	}
	assert.Equal(t, []string{"gpu_utilisation", "inference_queue_length"}, pods)
	assert.True(t, strings.HasPrefix(served["gpu_utilisation"].series, "DCGM_FI_DEV_GPU_UTIL{"), served["gpu_utilisation"].series)

	mon := find(p, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "gpu-operator-dcgm-exporter")
	require.NotNil(t, mon, "DCGM is scraped")
	endpoint := mon.Inputs["spec"].(map[string]any)["endpoints"].([]any)[0].(map[string]any)
	assert.Equal(t, true, endpoint["honorLabels"], "without honorLabels the pod label names the exporter, not the GPU's pod")

	behavior := hpa.Inputs["spec"].(map[string]any)["behavior"].(map[string]any)
	assert.EqualValues(t, 30, behavior["scaleUp"].(map[string]any)["stabilizationWindowSeconds"])
	assert.EqualValues(t, 600, behavior["scaleDown"].(map[string]any)["stabilizationWindowSeconds"])
}

// TestServingStack: the seed set-ups of the serving stack, as the plan
// has them.
func TestServingStack(t *testing.T) {
	sf, cfg := stackFile(t, "serving")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	for _, f := range p.Findings {
		assert.NotEqual(t, "error", f.Severity, "%s: %s", f.Policy, f.Message)
	}

	svc := find(p, "kubernetes:core/v1:Service", "serving-tf-serving-service")
	require.NotNil(t, svc)
	spec := svc.Inputs["spec"].(map[string]any)
	assert.Equal(t, "NodePort", spec["type"])
	assert.EqualValues(t, 30050, spec["ports"].([]any)[0].(map[string]any)["nodePort"])
	assert.Equal(t, "PreferClose", spec["trafficDistribution"])

	// Three models under one host by path: one HTTPRoute each on the
	// cluster's Gateway, no Ingress and no ingress-nginx object at all.
	paths := map[string]string{}
	for _, name := range []string{"sentiment", "classification", "embedding"} {
		route := find(p, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "serving-"+name+"-route")
		require.NotNil(t, route, name)
		s := route.Inputs["spec"].(map[string]any)
		assert.Equal(t, []any{map[string]any{"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "mlkube", "namespace": "mlkube-gateway"}}, s["parentRefs"], name)
		rules := s["rules"].([]any)
		match := rules[len(rules)-1].(map[string]any)["matches"].([]any)[0].(map[string]any)["path"].(map[string]any)
		paths[fmt.Sprint(s["hostnames"].([]any)[0], match["value"])] = name
		assert.True(t, waitsFor(p, route, "crd-httproutes.gateway.networking.k8s.io"), "%s: the route waits for its CRD", name)
	}
	assert.Equal(t, map[string]string{
		"models.example.com/models/sentiment":      "sentiment",
		"models.example.com/models/classification": "classification",
		"models.example.com/models/embedding":      "embedding",
	}, paths)
	for _, r := range p.Resources {
		assert.NotEqual(t, "kubernetes:networking.k8s.io/v1:Ingress", r.Type, r.URN)
		assert.NotContains(t, strings.ToLower(r.Name), "nginx", r.URN)
	}

	// The 10% canary: the weighted rule, behind the header's own rule.
	route := find(p, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "serving-sentiment-route")
	rules := route.Inputs["spec"].(map[string]any)["rules"].([]any)
	require.Len(t, rules, 2)
	assert.Equal(t, []any{
		map[string]any{"kind": "Service", "name": "sentiment", "port": float64(80), "weight": float64(90)},
		map[string]any{"kind": "Service", "name": "sentiment-canary", "port": float64(80), "weight": float64(10)},
	}, rules[1].(map[string]any)["backendRefs"])

	// TLS on the listener: the host's certificate, read through a grant.
	gw := find(p, "kubernetes:gateway.networking.k8s.io/v1:Gateway", "mlkube")
	require.NotNil(t, gw)
	listeners := gw.Inputs["spec"].(map[string]any)["listeners"].([]any)
	require.Len(t, listeners, 2, "HTTP, and HTTPS for models.example.com")
	https := listeners[1].(map[string]any)
	assert.Equal(t, "models.example.com", https["hostname"])
	assert.Equal(t, []any{map[string]any{"kind": "Secret", "name": "models-example-com-tls", "namespace": "serving"}},
		https["tls"].(map[string]any)["certificateRefs"])
	require.NotNil(t, find(p, "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant", "serving-sentiment-tls-grant"))

	dep := find(p, "kubernetes:apps/v1:Deployment", "serving-sentiment-canary-deployment")
	require.NotNil(t, dep)
	assert.Contains(t, fmt.Sprint(dep.Inputs["spec"]), "mlkube-models/sentiment/v8 /models", "the canary downloads the new model")
	assert.Contains(t, fmt.Sprint(dep.Inputs["spec"]), "name:MODEL_VERSION value:v8")

	rel := find(p, "kubernetes:helm.sh/v3:Release", "gateway-helm")
	require.NotNil(t, rel, "ingress services bring Envoy Gateway")
	assert.Equal(t, "oci://docker.io/envoyproxy/gateway-helm", rel.Inputs["chart"])
	proxy := find(p, "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy", "mlkube-nodeport")
	require.NotNil(t, proxy, "an adopted cluster without load balancers: the proxies on node ports")
}

// waitsFor: r depends on the resource named name.
func waitsFor(p *Plan, r *Resource, name string) bool {
	for _, d := range r.DependsOn {
		if strings.HasSuffix(d, "::"+name) {
			return true
		}
	}
	return false
}

// TestServingStackVPA: the serving stack sizes sentiment with a VPA that
// recreates pods (its HPA scales on request rate and queue length, not
// CPU or memory) and only recommends for classification, which has no
// HPA; both VPAs wait for their Deployment and for the release that
// installs their CRD, and the release runs the updater and the webhook.
func TestServingStackVPA(t *testing.T) {
	sf, cfg := stackFile(t, "serving")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	for _, tc := range []struct {
		service string
		mode    string
		policy  map[string]any
	}{
		{"sentiment", "Recreate", map[string]any{
			"containerName": "server", "mode": "Auto", "controlledResources": []any{"cpu", "memory"}, "controlledValues": "RequestsAndLimits",
			"minAllowed": map[string]any{"cpu": "50m", "memory": "64Mi"}, "maxAllowed": map[string]any{"cpu": "500m", "memory": "512Mi"},
		}},
		{"classification", "Off", map[string]any{
			"containerName": "server", "mode": "Auto", "controlledResources": []any{"cpu", "memory"}, "controlledValues": "RequestsAndLimits",
		}},
	} {
		vpa := find(p, "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler", "serving-"+tc.service+"-vpa")
		require.NotNil(t, vpa, tc.service)
		spec := vpa.Inputs["spec"].(map[string]any)
		assert.Equal(t, map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": tc.service}, spec["targetRef"], tc.service)
		assert.Equal(t, map[string]any{"updateMode": tc.mode}, spec["updatePolicy"], tc.service)
		policies := spec["resourcePolicy"].(map[string]any)["containerPolicies"].([]any)
		assert.Equal(t, []any{tc.policy, map[string]any{"containerName": "*", "mode": "Off"}}, policies, tc.service)
		assert.True(t, waitsFor(p, vpa, "vertical-pod-autoscaler"), "%s: the VPA waits for the release that installs its CRD", tc.service)
		assert.True(t, waitsFor(p, vpa, "serving-"+tc.service+"-deployment"), "%s: and for its Deployment", tc.service)
	}
	assert.Nil(t, find(p, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "serving-classification-hpa"), "vertical alone adds no HPA")
	require.NotNil(t, find(p, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "serving-sentiment-hpa"))

	rel := find(p, "kubernetes:helm.sh/v3:Release", "vertical-pod-autoscaler")
	require.NotNil(t, rel)
	values := rel.Inputs["values"].(map[string]any)
	assert.Equal(t, true, values["updater"].(map[string]any)["enabled"], "Recreate needs the updater")
	assert.Equal(t, true, values["admissionController"].(map[string]any)["enabled"], "and the webhook that sets requests")
	assert.Equal(t, "vpa", rel.Inputs["namespace"])
}

// TestServingStackRendersEnvoyGateway: Envoy Gateway's chart, built from
// its source with only a values template, renders into the serving plan
// with the controller image its release stamps, so the policies check its
// objects like every other chart's.
func TestServingStackRendersEnvoyGateway(t *testing.T) {
	if charts.Find(charts.CacheDir(), versions.EnvoyGateway.Name, versions.EnvoyGateway.Version) == "" {
		t.Skipf("chart cache %s lacks %s %s (hack/charts-sources.txt)", charts.CacheDir(), versions.EnvoyGateway.Name, versions.EnvoyGateway.Version)
	}
	sf, cfg := stackFile(t, "serving")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	dep := find(p, "kubernetes:apps/v1:Deployment", "envoy-gateway-system/envoy-gateway")
	require.NotNil(t, dep, "the controller's Deployment is rendered")
	assert.True(t, dep.Rendered)
	assert.Contains(t, fmt.Sprint(dep.Inputs["spec"]), "image:docker.io/envoyproxy/gateway:v1.9.0")
	for _, f := range p.Findings {
		if strings.Contains(f.URN, "gateway-helm") {
			assert.NotEqual(t, "error", f.Severity, "%s: %s", f.Policy, f.Message)
		}
	}
}
