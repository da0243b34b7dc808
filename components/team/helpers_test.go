package team

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBindingSlug(t *testing.T) {
	label := regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	groups := []string{
		"ml-engineers", "ML-Engineers", "acme:ml/platform", "team@example.com",
		"3f2504e0-4f89-11d3-9a0c-0305e82c3301", "::", "a-group-name-that-is-much-longer-than-forty-characters-in-total",
	}
	seen := map[string]string{}
	for _, g := range groups {
		s := bindingSlug(g)
		assert.Equal(t, s, bindingSlug(g), "stable")
		assert.Regexp(t, label, s, g)
		assert.LessOrEqual(t, len("ml-engineer-"+s), 63, g)
		if prev, dup := seen[s]; dup {
			t.Errorf("%q and %q share slug %q", prev, g, s)
		}
		seen[s] = g
	}
	assert.Regexp(t, `^acme-ml-platform-[0-9a-f]{8}$`, bindingSlug("acme:ml/platform"))
}

func TestQuotaHard(t *testing.T) {
	q := withDefaults("t", Args{Quota: Quota{GPUs: 8, CPU: "64", Memory: "256Gi", Storage: "2Ti", LimitsMemory: "512Gi"}}).Quota
	assert.Equal(t, map[string]string{
		"requests.nvidia.com/gpu": "8",
		"requests.cpu":            "64",
		"requests.memory":         "256Gi",
		"limits.memory":           "512Gi",
		"requests.storage":        "2Ti",
		"pods":                    "200",
	}, quotaHard(q))
	zero := quotaHard(withDefaults("t", Args{}).Quota)
	assert.Equal(t, "0", zero["requests.nvidia.com/gpu"], "no GPUs unless granted")
	_, limitsGPU := zero["limits.nvidia.com/gpu"]
	assert.False(t, limitsGPU, "extended resources are quota'd by request only")
	hard := quotaHard(Quota{GPUs: 2, GPUResources: []string{"nvidia.com/gpu", "nvidia.com/mig-1g.10gb"}, Pods: 1})
	assert.Equal(t, "2", hard["requests.nvidia.com/mig-1g.10gb"], "the resource mixed-MIG pods request is capped")
	assert.Equal(t, "2", hard["requests.nvidia.com/gpu"])
}

func TestNamespaceLabels(t *testing.T) {
	l := namespaceLabels(withDefaults("vision", Args{}))
	for _, mode := range []string{"enforce", "audit", "warn"} {
		assert.Equal(t, "restricted", l["pod-security.kubernetes.io/"+mode])
		assert.Equal(t, "latest", l["pod-security.kubernetes.io/"+mode+"-version"])
	}
	assert.Equal(t, "true", l[TeamNamespaceLabel])
	assert.Equal(t, "vision", l[TeamLabel])
	assert.Equal(t, "baseline", namespaceLabels(withDefaults("v", Args{PodSecurity: Baseline}))["pod-security.kubernetes.io/enforce"])
}

func TestEngineerRules(t *testing.T) {
	granted := map[string][]string{}
	for _, r := range engineerRules() {
		for _, g := range r.apiGroups {
			assert.NotEqual(t, "rbac.authorization.k8s.io", g, "no RBAC")
			for _, res := range r.resources {
				granted[g+"/"+res] = r.verbs
			}
		}
	}
	_, secrets := granted["/secrets"]
	assert.False(t, secrets, "no secrets")
	assert.Equal(t, readVerbs, granted["networking.k8s.io/networkpolicies"], "cannot open the namespace")
	for _, res := range []string{"apps/deployments", "batch/jobs", "batch/cronjobs", "/services", "/configmaps", "/persistentvolumeclaims", "autoscaling/horizontalpodautoscalers"} {
		assert.Contains(t, granted[res], "create", res)
	}
	assert.Contains(t, granted["/pods/exec"], "create")
	assert.Contains(t, granted["/pods/log"], "get")
	assert.Contains(t, granted["/events"], "list")
}
