package gke

import (
	"testing"

	"github.com/mlkube/mlkube/addons/gateway"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/stretchr/testify/assert"
)

// TestGKEGatewayController: a stack that needs a Gateway turns on GKE's
// Gateway controller on the cluster, and the contract names its class,
// the CRDs GKE manages and the Google Front End ranges; the gateway addon
// then picks GKE's controller (no Envoy Gateway, no CRDs of its own). A
// stack without one leaves the cluster as it was.
func TestGKEGatewayController(t *testing.T) {
	on := true
	for _, tc := range []struct {
		name    string
		enabled *bool
		want    *cluster.GatewayController
		channel any
	}{
		{"no exposed service", nil, nil, nil},
		{"addons.gateway.enabled", &on,
			&cluster.GatewayController{Class: "gke-l7-global-external-managed", CRDsManaged: true, PeerCIDRs: []string{"35.191.0.0/16", "130.211.0.0/22"}},
			map[string]any{"channel": "CHANNEL_STANDARD"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t, "dev", devCluster, devPools)
			cfg.Addons.Gateway.Enabled = tc.enabled
			r := runNew(t, cfg)
			assert.NoError(t, r.Err)
			assert.Equal(t, tc.want, r.Cluster.GatewayController)
			assert.Equal(t, tc.channel, r.One(typeCluster, "ml").In["gatewayApiConfig"])
			d := gateway.Decide(r.Cluster)
			if tc.want == nil {
				assert.Equal(t, gateway.EnvoyClass, d.Class)
				return
			}
			assert.Equal(t, gateway.Implementation{Cloud: tc.want, Class: "gke-l7-global-external-managed", PeerCIDRs: tc.want.PeerCIDRs}, d,
				"GKE's controller: no Envoy Gateway, no proxies in the cluster, no CRDs of mlkube's")
		})
	}
}
