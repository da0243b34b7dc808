package cost

import (
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/policy"
)

const (
	typeHelmRelease  = "kubernetes:helm.sh/v3:Release"
	typeGateway      = "kubernetes:gateway.networking.k8s.io/v1:Gateway"
	typeGatewayClass = "kubernetes:gateway.networking.k8s.io/v1:GatewayClass"
	typeEnvoyProxy   = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy"
)

// loadBalancer is one cloud load balancer a planned resource asks for.
// class is the GatewayClass of a Gateway's, empty for a Service's.
type loadBalancer struct {
	name, class string
}

// loadBalancers names the cloud load balancers a resource asks for: a
// Service of type LoadBalancer; a Helm release whose values give one of
// its Services that type (ingress-nginx's controller.service), which the
// plan does not see as a Service unless the chart is rendered; or a
// Gateway, which its controller puts behind one load balancer at run time
// (GKE's own class a Google Application Load Balancer, Envoy Gateway a
// Service of type LoadBalancer per Gateway), unless its class has the
// proxies listen on node ports (nodePortClasses).
func loadBalancers(r *policy.Resource, nodePortClasses map[string]bool) []loadBalancer {
	switch r.Type {
	case typeService:
		if t, _ := policy.Get(r.Inputs, "spec", "type").(string); t == "LoadBalancer" {
			return []loadBalancer{{name: "Service " + r.Name}}
		}
		return nil
	case typeGateway:
		class, _ := policy.Get(r.Inputs, "spec", "gatewayClassName").(string)
		if nodePortClasses[class] {
			return nil
		}
		return []loadBalancer{{name: "Gateway " + objectName(r), class: class}}
	case typeHelmRelease:
		return releaseLoadBalancers(r)
	}
	return nil
}

// releaseLoadBalancers are the Services a release's values make
// LoadBalancers: a map with type LoadBalancer under a key ending in
// "service".
func releaseLoadBalancers(r *policy.Resource) []loadBalancer {
	var out []loadBalancer
	var walk func(v any, path []string)
	walk = func(v any, path []string) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if t, _ := m["type"].(string); t == "LoadBalancer" && len(path) > 0 && strings.HasSuffix(strings.ToLower(path[len(path)-1]), "service") {
			out = append(out, loadBalancer{name: "Service " + strings.Join(path, ".") + " of release " + r.Name})
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

// nodePortClasses are the planned GatewayClasses whose parameters (an
// EnvoyProxy of the plan) give the proxies' Service a type other than
// LoadBalancer: their Gateways get no cloud load balancer. A class the
// plan does not hold (the cloud's own) or one without parameters does.
func nodePortClasses(rs []policy.Resource) map[string]bool {
	serviceType := map[string]string{}
	for _, r := range rs {
		if r.Type == typeEnvoyProxy {
			t, _ := policy.Get(r.Inputs, "spec", "provider", "kubernetes", "envoyService", "type").(string)
			serviceType[objectName(&r)] = t
		}
	}
	out := map[string]bool{}
	for _, r := range rs {
		if r.Type != typeGatewayClass {
			continue
		}
		kind, _ := policy.Get(r.Inputs, "spec", "parametersRef", "kind").(string)
		name, _ := policy.Get(r.Inputs, "spec", "parametersRef", "name").(string)
		ns, _ := policy.Get(r.Inputs, "spec", "parametersRef", "namespace").(string)
		if t := serviceType[ns+"/"+name]; kind == "EnvoyProxy" && t != "" && t != "LoadBalancer" {
			class, _ := policy.Get(r.Inputs, "metadata", "name").(string)
			out[class] = true
		}
	}
	return out
}

// objectName is namespace/name of a Kubernetes object of the plan, or its
// resource name where the inputs carry no metadata name.
func objectName(r *policy.Resource) string {
	if name, _ := policy.Get(r.Inputs, "metadata", "name").(string); name == "" {
		return r.Name
	}
	return policy.Object(r.Inputs).Name()
}
