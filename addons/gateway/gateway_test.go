package gateway_test

import (
	"testing"

	"github.com/mlkube/mlkube/addons/gateway"
	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecide: the cloud's Gateway controller when the Cluster names one
// (mlkube applies the CRDs unless the cloud manages them), else Envoy
// Gateway, on node ports where LoadBalancer Services get no address.
func TestDecide(t *testing.T) {
	gke := &cluster.GatewayController{Class: "gke-l7-global-external-managed", CRDsManaged: true, PeerCIDRs: []string{"35.191.0.0/16"}}
	for _, tc := range []struct {
		name string
		cl   cluster.Cluster
		want gateway.Implementation
	}{
		{"cloud controller", cluster.Cluster{Shape: cluster.Shape{GatewayController: gke, Capabilities: cluster.Capabilities{LoadBalancers: true}}},
			gateway.Implementation{Cloud: gke, Class: gke.Class, PeerCIDRs: gke.PeerCIDRs}},
		{"load balancers", cluster.Cluster{Shape: cluster.Shape{Capabilities: cluster.Capabilities{LoadBalancers: true}}},
			gateway.Implementation{Class: gateway.EnvoyClass, ProxyNamespaces: []string{gateway.EnvoyNamespace}, CRDs: true}},
		{"no load balancers", cluster.Cluster{},
			gateway.Implementation{Class: gateway.EnvoyClass, ProxyNamespaces: []string{gateway.EnvoyNamespace}, CRDs: true, NodePort: true}},
	} {
		assert.Equal(t, tc.want, gateway.Decide(&tc.cl), tc.name)
	}
	assert.Len(t, gateway.Notes(&cluster.Cluster{}), 2, "Envoy Gateway, and node ports")
}

// TestListeners: HTTP on every host, and one HTTPS listener per host with
// a certificate (the first service's), sorted by host.
func TestListeners(t *testing.T) {
	got := gateway.Listeners([]gateway.Route{
		{Host: "b.example.com", Secret: "b-tls", SecretNamespace: "team-b"},
		{Host: "a.example.com", Secret: "a-tls", SecretNamespace: "team-a"},
		{Host: "b.example.com", Secret: "b-tls", SecretNamespace: "team-b"},
		{Host: "plain.example.com"},
		{Host: "*.apps.example.com", Secret: "w", SecretNamespace: "gw"},
	})
	assert.Equal(t, []gateway.Listener{
		gateway.HTTP,
		{Name: "https-wildcard.apps.example.com", Protocol: "HTTPS", Port: 443, Host: "*.apps.example.com", Secret: "w", SecretNamespace: "gw"},
		{Name: "https-a.example.com", Protocol: "HTTPS", Port: 443, Host: "a.example.com", Secret: "a-tls", SecretNamespace: "team-a"},
		{Name: "https-b.example.com", Protocol: "HTTPS", Port: 443, Host: "b.example.com", Secret: "b-tls", SecretNamespace: "team-b"},
	}, got)
	spec := gateway.GatewaySpec("envoy-gateway", got[2:3])
	l := spec["listeners"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"mode": "Terminate", "certificateRefs": []any{map[string]any{"kind": "Secret", "name": "a-tls", "namespace": "team-a"}}}, l["tls"])
	assert.Equal(t, "Selector", addontest.Get(l, "allowedRoutes", "namespaces", "from"), "only team namespaces attach routes")

	issuer, err := gateway.ClusterIssuer([]gateway.Route{{ClusterIssuer: "le"}, {}, {ClusterIssuer: "le"}})
	require.NoError(t, err)
	assert.Equal(t, "le", issuer)
	_, err = gateway.ClusterIssuer([]gateway.Route{{ClusterIssuer: "le"}, {ClusterIssuer: "vault"}})
	assert.ErrorContains(t, err, `"le" and "vault"`)
}

// TestCRDs: the standard channel of the pinned release, exactly the kinds
// mlkube's objects use.
func TestCRDs(t *testing.T) {
	crds, err := gateway.CRDs()
	require.NoError(t, err)
	var names []string
	for _, c := range crds {
		names = append(names, c.Name)
		ann := c.Metadata["annotations"].(map[string]any)
		assert.Equal(t, versions.GatewayAPI, ann["gateway.networking.k8s.io/bundle-version"], c.Name)
		assert.Equal(t, "standard", ann["gateway.networking.k8s.io/channel"], c.Name)
	}
	assert.Equal(t, []string{"gatewayclasses.gateway.networking.k8s.io", "gateways.gateway.networking.k8s.io",
		"httproutes.gateway.networking.k8s.io", "referencegrants.gateway.networking.k8s.io"}, names)
}

// TestHouse runs the house checks on the addon alone on every cloud
// (Envoy Gateway: the fixtures name no cloud Gateway controller).
func TestHouse(t *testing.T) {
	addontest.House(t, addontest.Addon{Type: gateway.TypeToken, Name: gateway.AddonName, Kinds: addontest.Clouds}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := gateway.New(ctx, "gateway", &gateway.Args{Cluster: cl, Routes: []gateway.Route{{Host: "m.example.com", Secret: "m-tls", SecretNamespace: "team"}}})
		return err
	})
}

// TestEnvoyValues: the controller image and pull policy the project's
// release stamps into its chart, following the chart version (a stack's
// addons.gateway.version included), so the chart built from its source
// renders and installs the same image.
func TestEnvoyValues(t *testing.T) {
	for _, v := range []string{versions.EnvoyGateway.Version, "v1.9.1"} {
		got := addontest.Get(gateway.EnvoyValues(v), "global", "images", "envoyGateway")
		assert.Equal(t, map[string]any{"image": "docker.io/envoyproxy/gateway:" + v, "pullPolicy": "IfNotPresent"}, got, v)
	}
	r := addontest.Run(t, addontest.Fixture{Kind: "eks"}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := gateway.New(ctx, "gateway", &gateway.Args{Cluster: cl, Config: config.Gateway{Addon: config.Addon{Version: "v1.9.1"}}})
		return err
	})
	rel := addontest.Release(r, versions.EnvoyGateway.Name)
	require.NotNil(t, rel)
	assert.Equal(t, "docker.io/envoyproxy/gateway:v1.9.1", addontest.Get(rel, "values", "global", "images", "envoyGateway", "image"))
}

// Where the cloud installs the Gateway API CRDs, the cluster serves the
// kinds of mlkube's four CRDs; where it does not (or there is no cloud
// controller), mlkube's own CRDs install them and nothing is served.
func TestServedKinds(t *testing.T) {
	for _, tc := range []struct {
		name string
		gc   *cluster.GatewayController
		want []string
	}{
		{"no cloud controller", nil, nil},
		{"cloud controller on mlkube's CRDs", &cluster.GatewayController{Class: "c"}, nil},
		{"cloud-managed CRDs", &cluster.GatewayController{Class: "c", CRDsManaged: true}, []string{
			"GatewayClass.gateway.networking.k8s.io", "Gateway.gateway.networking.k8s.io",
			"HTTPRoute.gateway.networking.k8s.io", "ReferenceGrant.gateway.networking.k8s.io",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := gateway.ServedKinds(tc.gc)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
