package cost

import (
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/policy"
)

const typeHelmRelease = "kubernetes:helm.sh/v3:Release"

// loadBalancers names the cloud load balancers a resource asks for: a
// Service of type LoadBalancer, or a Helm release whose values give one of
// its Services that type (ingress-nginx's controller.service), which the
// plan does not see as a Service unless the chart is rendered.
func loadBalancers(r *policy.Resource) []string {
	if r.Type == typeService {
		if t, _ := policy.Get(r.Inputs, "spec", "type").(string); t == "LoadBalancer" {
			return []string{"Service " + r.Name}
		}
		return nil
	}
	if r.Type != typeHelmRelease {
		return nil
	}
	var out []string
	var walk func(v any, path []string)
	walk = func(v any, path []string) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if t, _ := m["type"].(string); t == "LoadBalancer" && len(path) > 0 && strings.HasSuffix(strings.ToLower(path[len(path)-1]), "service") {
			out = append(out, "Service "+strings.Join(path, ".")+" of release "+r.Name)
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(m[k], append(path, k))
		}
	}
	walk(r.Inputs["values"], nil)
	return out
}
