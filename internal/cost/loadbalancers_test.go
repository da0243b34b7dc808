package cost

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ingress controller's load balancer is priced from its release's
// values (controller.service.type), once; a release whose Services are not
// LoadBalancers, and one rendered from the chart, add none.
func TestReleaseLoadBalancers(t *testing.T) {
	release := func(name, svcType string) policy.Resource {
		return custom(typeHelmRelease, name, map[string]any{"values": map[string]any{"controller": map[string]any{
			"replicaCount": 2.0, "service": map[string]any{"type": svcType, "externalTrafficPolicy": "Local"}}}})
	}
	rendered := custom(typeService, "ingress-nginx-controller", map[string]any{"spec": map[string]any{"type": "LoadBalancer"}})
	rendered.Rendered = true
	e, warns := Compute(Input{Kind: "cloud", Catalog: testCatalog, Region: "r1",
		Resources: []policy.Resource{release("ingress-nginx", "LoadBalancer"), release("internal", "NodePort"), rendered}})
	assert.Empty(t, warns)
	items := map[string]float64{}
	for _, it := range e.Items {
		items[it.Item] = it.Monthly
	}
	// 0.02 × 730 = 14.6.
	assert.Equal(t, map[string]float64{"load balancer of Service controller.service of release ingress-nginx": 14.6}, items)
}

// gatewayPlan is what the gateway addon plans: a Gateway of class, and,
// for Envoy Gateway, its GatewayClass with the EnvoyProxy that sets the
// proxies' Service type (proxyService empty: no EnvoyProxy).
func gatewayPlan(class, proxyService string) []policy.Resource {
	gw := custom(typeGateway, "mlkube", map[string]any{
		"metadata": map[string]any{"name": "mlkube", "namespace": "mlkube-gateway"},
		"spec":     map[string]any{"gatewayClassName": class},
	})
	if proxyService == "" {
		return []policy.Resource{gw}
	}
	proxy := custom(typeEnvoyProxy, "mlkube-nodeport", map[string]any{
		"metadata": map[string]any{"name": "mlkube-nodeport", "namespace": "envoy-gateway-system"},
		"spec": map[string]any{"provider": map[string]any{"type": "Kubernetes",
			"kubernetes": map[string]any{"envoyService": map[string]any{"type": proxyService}}}},
	})
	gc := custom(typeGatewayClass, class, map[string]any{
		"metadata": map[string]any{"name": class},
		"spec": map[string]any{"controllerName": "gateway.envoyproxy.io/gatewayclass-controller", "parametersRef": map[string]any{
			"group": "gateway.envoyproxy.io", "kind": "EnvoyProxy", "name": "mlkube-nodeport", "namespace": "envoy-gateway-system"}},
	})
	return []policy.Resource{gw, proxy, gc}
}

// A Gateway on a cloud is one load balancer: the cloud's own class at its
// class's row (GKE's global forwarding rule), Envoy Gateway's at a
// Service's row (each Gateway is one Service of type LoadBalancer), none
// when its EnvoyProxy puts the proxies on node ports; unpriced, it is a
// gap named by the Gateway, never a zero; on hardware paid for elsewhere,
// nothing.
func TestGatewayLoadBalancers(t *testing.T) {
	region := testCatalog.Regions["r1"]
	region.GatewayLoadBalancers = map[string]pricing.Price{"cloud-l7": hourly(0.025)}
	withClass := &pricing.Catalog{Regions: map[string]pricing.Region{"r1": region}}
	noLB := &pricing.Catalog{Regions: map[string]pricing.Region{"r1": {Machines: region.Machines}}}
	const item = "load balancer of Gateway mlkube-gateway/mlkube"
	for _, tc := range []struct {
		name      string
		cat       *pricing.Catalog
		resources []policy.Resource
		monthly   float64 // 0: no item
		warning   string
	}{
		{"the cloud's own class", withClass, gatewayPlan("cloud-l7", ""), 18.25, ""}, // 0.025 × 730
		{"Envoy Gateway, default Service", withClass, gatewayPlan("envoy-gateway", ""), 14.6, ""},
		{"Envoy Gateway, EnvoyProxy says LoadBalancer", withClass, gatewayPlan("envoy-gateway", "LoadBalancer"), 14.6, ""},
		{"Envoy Gateway on node ports", withClass, gatewayPlan("envoy-gateway", "NodePort"), 0, ""},
		{"no price", noLB, gatewayPlan("envoy-gateway", ""), 0, `the load balancer of Gateway mlkube-gateway/mlkube has no cloud price in "r1"`},
		{"own hardware", &pricing.Catalog{OwnHardware: "adopted"}, gatewayPlan("envoy-gateway", ""), 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, warns := Compute(Input{Kind: "cloud", Catalog: tc.cat, Region: "r1", Resources: tc.resources})
			items := map[string]float64{}
			for _, it := range e.Items {
				items[it.Item] = it.Monthly
			}
			if tc.monthly > 0 {
				assert.Equal(t, map[string]float64{item: tc.monthly}, items)
			} else {
				assert.Empty(t, items)
			}
			if tc.warning == "" {
				assert.Empty(t, warns)
				return
			}
			require.Len(t, warns, 1)
			assert.Equal(t, "urn:mlkube", warns[0].URN)
			assert.Equal(t, tc.warning, warns[0].Message)
			assert.Equal(t, []string{tc.warning}, e.Unpriced)
		})
	}
}

// The parts a provider says a resource brings with it are items of their
// own, each at its row; a part without a row is a named gap.
func TestResourceParts(t *testing.T) {
	region := testCatalog.Regions["r1"]
	region.Parts = map[string]map[string]pricing.Price{"cloud:cluster": {"outbound load balancer": hourly(0.025)}}
	cat := &pricing.Catalog{Regions: map[string]pricing.Region{"r1": region}, PartsOf: func(typ string, inputs map[string]any) []string {
		if typ != "cloud:cluster" || inputs["outbound"] != "lb" {
			return nil
		}
		return []string{"outbound load balancer", "outbound public IPv4"}
	}}
	e, warns := Compute(Input{Kind: "cloud", Catalog: cat, Region: "r1", Resources: []policy.Resource{
		custom("cloud:cluster", "c", map[string]any{"outbound": "lb"}),
		custom("cloud:cluster", "nat", map[string]any{"outbound": "nat"}),
	}})
	items := map[string]float64{}
	for _, it := range e.Items {
		items[it.Item] = it.Monthly
	}
	assert.Equal(t, map[string]float64{
		"cloud:cluster c": 73, "cloud:cluster nat": 73,
		"outbound load balancer of cloud:cluster c": 18.25,
	}, items)
	require.Len(t, warns, 1)
	assert.Equal(t, `the outbound public IPv4 of cloud:cluster c has no cloud price in "r1"`, warns[0].Message)
}

// The Gateway, GatewayClass and EnvoyProxy resources of real plans
// (testdata/gateway-*.json: dev-eks, dev-gke and dev-aks with their llm
// service exposed through ingress, and the serving stack, whose proxies
// listen on node ports) priced with each provider's own fee files: one
// load balancer per Gateway, at the row of the controller that serves it
// (GKE's global forwarding rule in us-east4, not the region's $0.028
// regional rule), no gap in any region of the tables (an unpriced one is
// TestGatewayLoadBalancers' "no price"), and none on node ports.
func TestPlannedGatewayLoadBalancers(t *testing.T) {
	for _, tc := range []struct {
		fixture, kind, region string
		monthly               float64 // 0: no item
	}{
		{"eks", "eks", "us-east-1", 18.25},      // Classic LB 0.025 × 730
		{"eks", "eks", "us-west-2", 18.25},      // the same Classic LB rate in Oregon
		{"eks", "eks", "ap-northeast-1", 19.71}, // Classic LB 0.027 × 730 in Tokyo
		{"eks", "eks", "us-east-2", 18.25},      // and 0.025 in Ohio
		{"gke", "gke", "us-east4", 18.25},       // global forwarding rule 0.025 × 730
		{"aks", "aks", "eastus", 3.65},          // a public IPv4 on the cluster's load balancer, 0.005 × 730
		{"aks", "aks", "westeurope", 3.65},      // the same in West Europe
		{"aks", "aks", "northeurope", 3.65},     // and in North Europe
		{"serving", "eks", "us-east-1", 0},
	} {
		t.Run(tc.fixture+"/"+tc.region, func(t *testing.T) {
			data, err := os.ReadFile("testdata/gateway-" + tc.fixture + ".json")
			require.NoError(t, err)
			var rs []policy.Resource
			require.NoError(t, json.Unmarshal(data, &rs))
			dir := "../../providers/" + tc.kind
			cat, err := pricing.WithPriceFiles(dir, priceFilesOf(t, dir), pricing.Catalog{})
			require.NoError(t, err)
			e, warns := Compute(Input{Kind: tc.kind, Catalog: &cat, Region: tc.region, Resources: rs})
			var items []ItemCost
			for _, it := range e.Items {
				if strings.HasPrefix(it.Item, "load balancer of ") {
					items = append(items, it)
				}
			}
			if tc.monthly > 0 {
				require.Len(t, items, 1)
				assert.Equal(t, "load balancer of Gateway mlkube-gateway/mlkube", items[0].Item)
				assert.Equal(t, tc.monthly, items[0].Monthly)
			} else {
				assert.Empty(t, items)
			}
			assert.Empty(t, warns)
		})
	}
}
