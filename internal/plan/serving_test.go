package plan

import (
	"fmt"
	"strings"
	"testing"

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

	paths := map[string]string{}
	for _, name := range []string{"sentiment", "classification", "embedding"} {
		ing := find(p, "kubernetes:networking.k8s.io/v1:Ingress", "serving-"+name+"-ingress")
		require.NotNil(t, ing, name)
		s := ing.Inputs["spec"].(map[string]any)
		assert.Equal(t, "nginx", s["ingressClassName"], name)
		rule := s["rules"].([]any)[0].(map[string]any)
		path := rule["http"].(map[string]any)["paths"].([]any)[0].(map[string]any)
		paths[fmt.Sprint(rule["host"], path["path"])] = name
		assert.Nil(t, ing.Inputs["metadata"].(map[string]any)["annotations"], "a stable Ingress is no canary")
	}
	assert.Equal(t, map[string]string{
		"models.example.com/models/sentiment":      "sentiment",
		"models.example.com/models/classification": "classification",
		"models.example.com/models/embedding":      "embedding",
	}, paths)

	canary := find(p, "kubernetes:networking.k8s.io/v1:Ingress", "serving-sentiment-canary-ingress")
	require.NotNil(t, canary)
	assert.Equal(t, map[string]any{
		"nginx.ingress.kubernetes.io/canary":           "true",
		"nginx.ingress.kubernetes.io/canary-weight":    "10",
		"nginx.ingress.kubernetes.io/canary-by-header": "X-Canary",
	}, canary.Inputs["metadata"].(map[string]any)["annotations"])
	backend := canary.Inputs["spec"].(map[string]any)["rules"].([]any)[0].(map[string]any)["http"].(map[string]any)["paths"].([]any)[0].(map[string]any)["backend"].(map[string]any)
	assert.Equal(t, "sentiment-canary", backend["service"].(map[string]any)["name"], "the canary route reaches the canary's Service")
	dep := find(p, "kubernetes:apps/v1:Deployment", "serving-sentiment-canary-deployment")
	require.NotNil(t, dep)
	assert.Contains(t, fmt.Sprint(dep.Inputs["spec"]), "mlkube-models/sentiment/v8 /models", "the canary downloads the new model")
	assert.Contains(t, fmt.Sprint(dep.Inputs["spec"]), "name:MODEL_VERSION value:v8")

	rel := find(p, "kubernetes:helm.sh/v3:Release", "ingress-nginx")
	require.NotNil(t, rel, "ingress services bring the controller")
	svcType := rel.Inputs["values"].(map[string]any)["controller"].(map[string]any)["service"].(map[string]any)["type"]
	assert.Equal(t, "NodePort", svcType, "an adopted cluster without load balancers")
}
