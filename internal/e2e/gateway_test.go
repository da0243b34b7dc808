//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// gatewayStack serves three models under one host on the Gateway.
const gatewayStack = "serving"

// TestGatewayRoutes applies the Gateway API CRDs the serving stack carries
// (pinned standard channel) and then its GatewayClass, Gateway,
// ReferenceGrants and HTTPRoutes to the real API server, whose CRD schemas
// and CEL rules validate them, and reads the routes back: three paths of
// one host, the canary a 10% backend behind its header rule, and HTTPS
// on the host's listener. No Gateway controller runs here, so what is
// checked is what the API server accepts and stores, not the traffic.
func TestGatewayRoutes(t *testing.T) {
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	ctx := context.Background()
	p, _ := planStack(t, "../..", gatewayStack)
	cp := startControlPlane(t, tools)

	var crds, gatewayObjects []policy.Object
	ap, err := NewApplier(cp)
	require.NoError(t, err)
	for _, o := range p.ProgramObjects() {
		apiVersion, _ := o["apiVersion"].(string)
		group, _, _ := strings.Cut(apiVersion, "/")
		switch {
		case o.Kind() == "Namespace":
			require.NoError(t, applyWithRetry(ctx, ap, o), "Namespace %s", o.Name())
		case o.Kind() == "CustomResourceDefinition" && strings.HasSuffix(o.Name(), ".gateway.networking.k8s.io"):
			crds = append(crds, o)
		case group == "gateway.networking.k8s.io":
			gatewayObjects = append(gatewayObjects, o)
		}
	}
	require.Len(t, crds, 4, "GatewayClass, Gateway, HTTPRoute and ReferenceGrant CRDs")
	for _, o := range crds {
		require.NoError(t, applyWithRetry(ctx, ap, o), "CRD %s", o.Name())
	}

	// A fresh discovery once the CRDs are served (the applier caches it).
	deadline := time.Now().Add(waitFor)
	for {
		ap, err = NewApplier(cp)
		require.NoError(t, err)
		served := true
		for _, o := range gatewayObjects {
			served = served && ap.Served(o)
		}
		if served {
			break
		}
		require.True(t, time.Now().Before(deadline), "the Gateway API CRDs were not served within %s", waitFor)
		time.Sleep(time.Second)
	}
	kinds := map[string]int{}
	for _, o := range gatewayObjects {
		require.NoError(t, applyWithRetry(ctx, ap, o), "API server rejected %s %s", o.Kind(), o.Name())
		kinds[o.Kind()]++
	}
	require.Equal(t, map[string]int{"GatewayClass": 1, "Gateway": 1, "HTTPRoute": 3, "ReferenceGrant": 3}, kinds)

	dc, err := dynamic.NewForConfig(cp.Config)
	require.NoError(t, err)
	gv := schema.GroupVersion{Group: "gateway.networking.k8s.io", Version: "v1"}
	got, err := dc.Resource(gv.WithResource("httproutes")).Namespace("serving").Get(ctx, "sentiment", metav1.GetOptions{})
	require.NoError(t, err)
	raw, _ := json.Marshal(got.Object["spec"])
	var spec struct {
		Hostnames []string `json:"hostnames"`
		Rules     []struct {
			Matches []struct {
				Headers []struct{ Name, Value string } `json:"headers"`
			} `json:"matches"`
			BackendRefs []struct {
				Name   string `json:"name"`
				Weight *int   `json:"weight"`
			} `json:"backendRefs"`
		} `json:"rules"`
	}
	require.NoError(t, json.Unmarshal(raw, &spec))
	require.Equal(t, []string{"models.example.com"}, spec.Hostnames)
	require.Len(t, spec.Rules, 2, "the canary header's rule, then the weighted rule")
	require.Equal(t, "X-Canary", spec.Rules[0].Matches[0].Headers[0].Name)
	weights := map[string]int{}
	for _, b := range spec.Rules[1].BackendRefs {
		weights[b.Name] = *b.Weight
	}
	require.Equal(t, map[string]int{"sentiment": 90, "sentiment-canary": 10}, weights)

	gw, err := dc.Resource(gv.WithResource("gateways")).Namespace("mlkube-gateway").Get(ctx, "mlkube", metav1.GetOptions{})
	require.NoError(t, err)
	listeners, _ := gw.Object["spec"].(map[string]any)["listeners"].([]any)
	https := 0
	for _, l := range listeners {
		if l.(map[string]any)["protocol"] == "HTTPS" {
			https++
		}
	}
	require.Equal(t, 1, https, "one HTTPS listener for models.example.com")
}
