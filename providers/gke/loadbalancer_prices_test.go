package gke

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each region's load balancer rows state the figure their source quotes:
// a Service of type LoadBalancer is a passthrough Network Load Balancer
// whose regional forwarding rule costs what the region's line of
// Cyclenerd's pricing.yml at e708efd0 says (lines 37521–37591, e.g.
// "            us-east4:" then "              hour: 0.028" under
// compute.network.lb.rule.min.cost), and a Gateway of the class mlkube
// names (gatewayClass) a global external Application Load Balancer, whose
// global forwarding rule costs the same everywhere. No other class has a
// row: a renamed class fails here instead of being priced as a Service.
func TestLoadBalancerRowsMatchTheirSource(t *testing.T) {
	const global = `"First 5 forwarding rules $0.025 Per Hour"`
	for _, tc := range []struct {
		region string
		usd    float64
		quoted string
	}{
		{"us-central1", 0.025, "compute.network.lb.rule.min.cost.us-central1.hour: 0.025"},
		{"us-east4", 0.028, "compute.network.lb.rule.min.cost.us-east4.hour: 0.028"},
		{"europe-west4", 0.0275, "compute.network.lb.rule.min.cost.europe-west4.hour: 0.0275"},
		{"asia-southeast1", 0.028, "compute.network.lb.rule.min.cost.asia-southeast1.hour: 0.028"},
	} {
		region, usd := tc.region, tc.usd
		t.Run(region, func(t *testing.T) {
			r, ok := prices.Regions[region]
			require.True(t, ok)
			require.NotNil(t, r.LoadBalancer)
			assert.Equal(t, usd, r.LoadBalancer.USD)
			assert.Contains(t, r.LoadBalancer.Source, "pricing.yml at e708efd0d2e6fad4bab4a7a5ed7cdd87c2df7c95")
			assert.Contains(t, r.LoadBalancer.Source, tc.quoted)

			require.Len(t, r.GatewayLoadBalancers, 1)
			gw, ok := r.GatewayLoadBalancers[gatewayClass]
			require.True(t, ok, "the row is keyed by the class the Gateway names")
			assert.Equal(t, 0.025, gw.USD)
			assert.Contains(t, gw.Source, global)
			assert.Equal(t, gw, *r.GatewayLoadBalancer(gatewayClass))
		})
	}
	assert.Len(t, prices.Regions, 4)
}
