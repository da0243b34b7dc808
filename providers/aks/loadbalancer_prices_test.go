package aks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every cluster New registers sends its nodes out through a Standard Load
// Balancer with one public IPv4 that AKS creates: the cluster brings both
// with it as parts the estimate prices; a cluster with another outbound
// type (a NAT gateway, user-defined routing) brings neither.
func TestOutboundLoadBalancerIsPartOfTheCluster(t *testing.T) {
	for _, env := range []string{"dev", "production"} {
		t.Run(env, func(t *testing.T) {
			cl := devCluster
			if env == "production" {
				cl = prodCluster
			}
			r := runNew(t, testConfig(t, env, cl, devPools))
			require.NoError(t, r.Err)
			mcs := r.All(typeManagedCluster)
			require.Len(t, mcs, 1)
			assert.Equal(t, []string{partOutboundLB, partOutboundIP}, prices.PartsOf(typeManagedCluster, mcs[0].In))
		})
	}
	nat := map[string]any{"networkProfile": map[string]any{"outboundType": "managedNATGateway"}}
	assert.Empty(t, prices.PartsOf(typeManagedCluster, nat))
	assert.Empty(t, prices.PartsOf("azure-native:network:PublicIPAddress", nil))
}

// The outbound load balancer's row in every region states the Global meter
// its source quotes (Azure publishes one price for the first five rules
// everywhere); the public IPv4 and a Service's load balancer (its own
// public IPv4 on the cluster's load balancer) are sourced for eastus only,
// so elsewhere they are gaps the plan names.
func TestLoadBalancerRowsMatchTheirSource(t *testing.T) {
	const lbMeter = `meter "Standard Included LB Rules and Outbound Rules" retailPrice 0.025 per 1 Hour`
	const ip = `"IP address (static, regional) 730 hours $3.65"`
	for region, r := range prices.Regions {
		lb, ok := r.Parts[typeManagedCluster][partOutboundLB]
		if assert.True(t, ok, region) {
			assert.Equal(t, 0.025, lb.USD, region)
			assert.Contains(t, lb.Source, lbMeter, region)
			assert.Contains(t, lb.Source, "armRegionName Global", region)
		}
		addr, priced := r.Parts[typeManagedCluster][partOutboundIP]
		assert.Equal(t, region == "eastus", priced, region)
		assert.Equal(t, region == "eastus", r.LoadBalancer != nil, region)
		if region != "eastus" {
			continue
		}
		assert.Equal(t, 0.005, addr.USD)
		assert.Contains(t, addr.Source, ip)
		require.NotNil(t, r.LoadBalancer)
		assert.Equal(t, 0.005, r.LoadBalancer.USD)
		assert.Contains(t, r.LoadBalancer.Source, ip)
		assert.Empty(t, r.GatewayLoadBalancers, "AKS runs Envoy Gateway: a Gateway is a Service of type LoadBalancer")
	}
	assert.Len(t, prices.Regions, 5)
}
