package eks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Service of type LoadBalancer on EKS (Envoy Gateway's proxies for each
// Gateway too) gets a Classic Load Balancer from the cloud provider, as
// long as the AWS Load Balancer Controller leaves Services alone (its
// service mutator webhook off; on, it would give them Network Load
// Balancers and these rows would price the wrong one). Each region's row
// states the figure its source quotes (us-east-2's a Price List extract of
// 2026 that agrees with the other five); a region added without a sourced
// row names the load balancer as not priced.
func TestLoadBalancerRowsMatchTheirSource(t *testing.T) {
	assert.Equal(t, false, lbController("c", "us-east-1", "").Values["enableServiceMutatorWebhook"])
	quoted := map[string]struct {
		usd    float64
		quoted string
	}{
		"us-east-1":      {0.025, "Classic Load Balancer $0.025 per hour, us-east-1"},
		"eu-west-1":      {0.028, `(provider region eu-west-1, LoadBalancerType classic): "Classic load balancer 730 hours $20.44"`},
		"us-west-2":      {0.025, `pricing-elb.min.js (Copyright 2017), region us-west-2: perELBHour USD "0.025"`},
		"eu-central-1":   {0.030, `pricing-elb.min.js (Copyright 2017), region eu-central-1: perELBHour USD "0.030"`},
		"ap-northeast-1": {0.027, `pricing-elb.min.js (Copyright 2017), region ap-northeast-1: perELBHour USD "0.027"`},
		"us-east-2":      {0.025, `usage type containing LoadBalancerUsage, unit Hrs: the Classic Load Balancer hour), us-east-2: "classic_lb_hour" "us-east-2": 0.025`},
	}
	require.Len(t, prices.Regions, 6)
	for region, r := range prices.Regions {
		assert.Empty(t, r.GatewayLoadBalancers, "%s: EKS runs Envoy Gateway, a Gateway is a Service's load balancer", region)
		w, sourced := quoted[region]
		if !sourced {
			assert.Nil(t, r.LoadBalancer, region)
			continue
		}
		require.NotNil(t, r.LoadBalancer, region)
		assert.Equal(t, w.usd, r.LoadBalancer.USD, region)
		assert.Contains(t, r.LoadBalancer.Source, w.quoted, region)
	}
}
