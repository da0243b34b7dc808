package inference

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
)

const (
	tRoute = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"
	tGrant = "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant"
)

var testGateway = GatewayRef{Name: "mlkube", Namespace: "mlkube-gateway"}

// weights are the rule's backends as name=weight (-1: no weight given).
func weights(rule any) map[string]int {
	out := map[string]int{}
	for _, b := range rule.(map[string]any)["backendRefs"].([]any) {
		m := b.(map[string]any)
		w := -1
		switch v := m["weight"].(type) {
		case int:
			w = v
		case float64: // as the mock engine records numbers
			w = int(v)
		}
		out[m["name"].(string)] = w
	}
	return out
}

// A canary is a weighted backend of the stable's rule; blue-green is the
// same at 0 or 100 (both backends stay, so a switch changes one number);
// the canary header gets a rule of its own in front, sending to the canary
// alone.
func TestRouteSpecWeights(t *testing.T) {
	for _, tc := range []struct {
		name   string
		canary *Canary
		rules  []map[string]int
		header map[string]any
	}{
		{"no canary", nil, []map[string]int{{"m": -1}}, nil},
		{"10% canary", &Canary{Weight: 10}, []map[string]int{{"m": 90, "m-canary": 10}}, nil},
		{"blue-green before the switch", &Canary{Weight: 0}, []map[string]int{{"m": 100, "m-canary": 0}}, nil},
		{"blue-green after the switch", &Canary{Weight: 100}, []map[string]int{{"m": 0, "m-canary": 100}}, nil},
		{"header, any value", &Canary{Weight: 5, Header: "X-Canary"},
			[]map[string]int{{"m-canary": -1}, {"m": 95, "m-canary": 5}},
			map[string]any{"type": "Exact", "name": "X-Canary", "value": CanaryAlways}},
		{"header with a value", &Canary{Header: "X-Track", HeaderValue: "beta"},
			[]map[string]int{{"m-canary": -1}, {"m": 100, "m-canary": 0}},
			map[string]any{"type": "Exact", "name": "X-Track", "value": "beta"}},
	} {
		spec := RouteSpec(testGateway, "models.example.com", "/models/m", "m", "m-canary", 80, tc.canary)
		rules := spec["rules"].([]any)
		require.Len(t, rules, len(tc.rules), tc.name)
		for i, want := range tc.rules {
			assert.Equal(t, want, weights(rules[i]), "%s: rule %d", tc.name, i)
			match := rules[i].(map[string]any)["matches"].([]any)[0].(map[string]any)
			assert.Equal(t, map[string]any{"type": "PathPrefix", "value": "/models/m"}, match["path"], tc.name)
		}
		if tc.header != nil {
			match := rules[0].(map[string]any)["matches"].([]any)[0].(map[string]any)
			assert.Equal(t, []any{tc.header}, match["headers"], tc.name)
		}
		assert.Equal(t, []any{"models.example.com"}, spec["hostnames"], tc.name)
		assert.Equal(t, []any{map[string]any{"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "mlkube", "namespace": "mlkube-gateway"}},
			spec["parentRefs"], tc.name)
	}
	assert.NotContains(t, RouteSpec(testGateway, "", "/", "m", "m-canary", 80, nil), "hostnames", "no host: every host")
}

// runRoute is run for a service with Gateway API objects, which have no
// k8s.io/api type to decode strictly: the house checks without it.
func runRoute(t *testing.T, name string, args *Args) *mocktest.Recorder {
	t.Helper()
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := NewInferenceService(ctx, name, args, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	mocktest.CheckHouse(t, rec, mocktest.House{Component: TypeToken, Prefix: name + "-", Provider: mocktest.ProviderName, Labels: mocktest.Recommended})
	return rec
}

func gatewayArgs() *Args {
	a := validArgs()
	a.Name = "sentiment"
	a.Expose = Expose{
		Type: ExposeIngress, Host: "models.example.com", Path: "/models/sentiment", TLSSecret: "models-tls",
		Gateway: &GatewayRef{Name: testGateway.Name, Namespace: testGateway.Namespace},
		Canary:  &Canary{Image: "r/m:2.0", Weight: 10, Header: "X-Canary"},
	}
	return &a
}

// With a Gateway the service gets an HTTPRoute (the canary's Service a
// weighted backend of it) and no Ingress; the listener may read the
// team's TLS Secret through a ReferenceGrant; the route waits for both
// Services. KeepIngress keeps both Ingress objects beside the route.
func TestGatewayRouteInsteadOfIngress(t *testing.T) {
	rec := runRoute(t, "sentiment", gatewayArgs())
	assert.Empty(t, rec.ByType(tIngress), "no Ingress on the Gateway")
	route := rec.One(t, tRoute)
	spec := mocktest.Plain(route)["spec"].(map[string]any)
	rules := spec["rules"].([]any)
	require.Len(t, rules, 2)
	assert.Equal(t, map[string]int{"sentiment": 90, "sentiment-canary": 10}, weights(rules[1]))
	assert.True(t, hasDep(mocktest.Waits(route), "sentiment-service"), "the route waits for the stable Service")
	assert.True(t, hasDep(mocktest.Waits(route), "sentiment-canary-service"), "and for the canary's")
	grant := mocktest.Plain(rec.One(t, tGrant))
	assert.Equal(t, []any{map[string]any{"group": "", "kind": "Secret", "name": "models-tls"}}, grant["spec"].(map[string]any)["to"])
	assert.Len(t, rec.ByType(tDeployment), 2, "stable and canary")

	keep := gatewayArgs()
	keep.Expose.KeepIngress, keep.Expose.CanaryAnnotations, keep.Expose.IngressClass = true, true, "nginx"
	rec = runRoute(t, "sentiment", keep)
	assert.Len(t, rec.ByType(tIngress), 2, "stable and canary Ingress kept beside the route")
	assert.Len(t, rec.ByType(tRoute), 1)

	issued := gatewayArgs()
	issued.Expose.ClusterIssuer, issued.Expose.TLSSecret = "letsencrypt", ""
	rec = runRoute(t, "sentiment", issued)
	assert.Empty(t, rec.ByType(tGrant), "cert-manager writes an issued certificate into the Gateway's namespace")
}

func TestGatewayArgsRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(a *Args)
		field string
	}{
		{"gateway on a clusterIP service", func(a *Args) { a.Expose = Expose{Type: ExposeClusterIP, Gateway: &testGateway} }, "Expose.Gateway: "},
		{"gateway name", func(a *Args) { a.Expose.Gateway = &GatewayRef{Name: "Bad_Name", Namespace: "gw"} }, "Expose.Gateway.Name: "},
		{"gateway namespace", func(a *Args) { a.Expose.Gateway = &GatewayRef{Name: "gw", Namespace: "Bad_NS"} }, "Expose.Gateway.Namespace: "},
		{"keep ingress without gateway", func(a *Args) { a.Expose.Gateway, a.Expose.KeepIngress, a.Expose.Canary = nil, true, nil }, "Expose.KeepIngress: "},
		{"canary without gateway or nginx", func(a *Args) { a.Expose.Gateway = nil }, "Expose.Canary: "},
	} {
		a := gatewayArgs()
		tc.edit(a)
		assert.ErrorContains(t, Validate("sentiment", *a), tc.field, tc.name)
	}
	assert.NoError(t, Validate("sentiment", *gatewayArgs()), "a canary needs no ingress-nginx on the Gateway")
}

// TestRecreateOnASingleReadWriteOnceReplica: only a fixed single replica
// on a volume that attaches to one node drops the surge rollout.
func TestRecreateOnASingleReadWriteOnceReplica(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Args
		want bool
	}{
		{"one replica, ReadWriteOnce volume", Args{Replicas: 1, Model: Model{Volume: "w"}}, true},
		{"one replica, shared volume", Args{Replicas: 1, Model: Model{Volume: "w", SharedVolume: true}}, false},
		{"two replicas", Args{Replicas: 2, Model: Model{Volume: "w"}}, false},
		{"autoscaled from one", Args{Replicas: 1, Model: Model{Volume: "w"}, Autoscaling: &Autoscaling{Min: 1, Max: 1}}, false},
		{"one replica, downloaded model", Args{Replicas: 1, Model: Model{Source: "s3://b/m"}}, false},
	} {
		assert.Equal(t, tc.want, Recreates(tc.a), tc.name)
	}
	a := validArgs()
	a.Replicas, a.Model = 1, Model{Volume: "weights"}
	rec := run(t, "one", &a)
	d := mocktest.Decode[appsv1.Deployment](t, rec.One(t, tDeployment))
	assert.Equal(t, appsv1.RecreateDeploymentStrategyType, d.Spec.Strategy.Type)
	assert.Nil(t, d.Spec.Strategy.RollingUpdate)
}
