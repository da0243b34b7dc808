package inference

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GatewayRef is the Gateway an ingress service's HTTPRoute attaches to.
type GatewayRef struct {
	// Name and Namespace of the Gateway.
	Name, Namespace string
	// After are the resources that install the Gateway API CRDs: the
	// route and its ReferenceGrant cannot be created before them.
	After []pulumi.Resource
}

// Gateway API group and versions of the objects the component registers.
const (
	gatewayGroup          = "gateway.networking.k8s.io"
	routeAPIVersion       = gatewayGroup + "/v1"
	referenceGrantVersion = gatewayGroup + "/v1beta1"
)

// CanaryAlways is the header value that sends a request to the canary
// when Canary.HeaderValue is empty (ingress-nginx's canary-by-header
// meaning, kept so clients need not change).
const CanaryAlways = "always"

// RouteBackend is one Service a route rule sends requests to.
type RouteBackend struct {
	Service string
	Port    int
	// Weight is the backend's share among the rule's backends; nil
	// leaves it out (the only backend of a rule gets every request).
	Weight *int
}

// RouteSpec is the HTTPRoute's spec: Path (a prefix) of Host on the
// Gateway to the stable Service and, with a canary, the canary's Service
// at Weight percent, and every request carrying the canary header to the
// canary alone. Both backends stay listed at 0 and 100, so promotion and a
// blue-green switch change one number.
func RouteSpec(gw GatewayRef, host, path string, stable, canary string, port int, k *Canary) map[string]any {
	match := func(header map[string]any) map[string]any {
		m := map[string]any{"path": map[string]any{"type": "PathPrefix", "value": path}}
		if header != nil {
			m["headers"] = []any{header}
		}
		return m
	}
	backend := func(b RouteBackend) map[string]any {
		m := map[string]any{"kind": "Service", "name": b.Service, "port": b.Port}
		if b.Weight != nil {
			m["weight"] = *b.Weight
		}
		return m
	}
	main := []any{backend(RouteBackend{Service: stable, Port: port})}
	var rules []any
	if k != nil {
		stableWeight, canaryWeight := 100-k.Weight, k.Weight
		main = []any{
			backend(RouteBackend{Service: stable, Port: port, Weight: &stableWeight}),
			backend(RouteBackend{Service: canary, Port: port, Weight: &canaryWeight}),
		}
		if k.Header != "" {
			value := k.HeaderValue
			if value == "" {
				value = CanaryAlways
			}
			rules = append(rules, map[string]any{
				"matches":     []any{match(map[string]any{"type": "Exact", "name": k.Header, "value": value})},
				"backendRefs": []any{backend(RouteBackend{Service: canary, Port: port})},
			})
		}
	}
	rules = append(rules, map[string]any{"matches": []any{match(nil)}, "backendRefs": main})
	spec := map[string]any{
		"parentRefs": []any{map[string]any{"group": gatewayGroup, "kind": "Gateway", "name": gw.Name, "namespace": gw.Namespace}},
		"rules":      rules,
	}
	if host != "" {
		spec["hostnames"] = []any{host}
	}
	return spec
}

// ReferenceGrantSpec lets Gateways of the Gateway's namespace read the
// TLS Secret of a service's namespace for their listener.
func ReferenceGrantSpec(gatewayNamespace, secret string) map[string]any {
	return map[string]any{
		"from": []any{map[string]any{"group": gatewayGroup, "kind": "Gateway", "namespace": gatewayNamespace}},
		"to":   []any{map[string]any{"group": "", "kind": "Secret", "name": secret}},
	}
}

// route registers the HTTPRoute (with the canary's Service as a weighted
// backend) and, when the listener reads the service's own TLS Secret, the
// ReferenceGrant that lets it.
func (b *builder) route(deps []pulumi.Resource) (*apiextensions.CustomResource, error) {
	e := b.a.Expose
	gw := *e.Gateway
	opts := []pulumi.ResourceOption{b.parent, pulumi.DependsOn(append(append([]pulumi.Resource{}, gw.After...), deps...))}
	if e.TLSSecret != "" && e.ClusterIssuer == "" && gw.Namespace != b.a.Namespace {
		if _, err := apiextensions.NewCustomResource(b.ctx, b.name+"-tls-grant", &apiextensions.CustomResourceArgs{
			ApiVersion:  pulumi.String(referenceGrantVersion),
			Kind:        pulumi.String("ReferenceGrant"),
			Metadata:    kube.Meta(b.obj+"-tls", b.a.Namespace, b.labels(), nil),
			OtherFields: kubernetes.UntypedArgs{"spec": ReferenceGrantSpec(gw.Namespace, e.TLSSecret)},
		}, opts...); err != nil {
			return nil, err
		}
	}
	return apiextensions.NewCustomResource(b.ctx, b.name+"-route", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String(routeAPIVersion),
		Kind:        pulumi.String("HTTPRoute"),
		Metadata:    kube.Meta(b.obj, b.a.Namespace, b.labels(), nil),
		OtherFields: kubernetes.UntypedArgs{"spec": RouteSpec(gw, e.Host, e.Path, b.obj, b.obj+"-canary", b.a.ServicePort, b.a.Canary())},
	}, opts...)
}
