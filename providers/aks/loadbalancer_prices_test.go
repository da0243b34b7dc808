package aks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"

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
// public IPv4 on the cluster's load balancer) are regional meters, so each
// region's rows quote a source that names that region's figure.
func TestLoadBalancerRowsMatchTheirSource(t *testing.T) {
	const lbMeter = `meter "Standard Included LB Rules and Outbound Rules" retailPrice 0.025 per 1 Hour`
	ips := map[string][]string{
		"eastus": {`(a Standard static public IP in eastus): "IP address (static, regional) 730 hours $3.65"`},
		"westeurope": {
			`in "West Europe": "IP address (static, regional) 730 hours $3.65"`,
			`"via prices.azure.com retail API (meter 'Standard IPv4 Static Public IP'), $0.005 in all three regions" (eastus, westeurope, uksouth)`,
		},
		"eastus2": {
			"region `eastus2`, read from the public Azure Retail Prices API on 2026-10-03",
			`"| 6 | NAT static public IP | Standard IPv4 Static Public IP | 0.005 /h | 730 h | 3.65 |"`,
		},
		"northeurope": {
			`armRegionName eq 'northeurope'`,
			`meterName == "Standard IPv4 Static Public IP"`,
			`"| Public IP, Standard static IPv4 | 730 h | €0.0044 / $0.005 per h | 3.21 | 3.65 |"`,
		},
		"westus3": {
			"USD pay-as-you-go list prices for `westus3`, captured 2026-06-01",
			`"| Public IP, Standard static | $0.005/hr | ~$4 | One per NAT Gateway or firewall. |"`,
			`run in westus3 (its target: "` + "`westus3`" + `, regular`,
			`"$0.005/hour for its Standard public IP"`,
		},
	}
	for region, r := range prices.Regions {
		lb, ok := r.Parts[typeManagedCluster][partOutboundLB]
		if assert.True(t, ok, region) {
			assert.Equal(t, 0.025, lb.USD, region)
			assert.Contains(t, lb.Source, lbMeter, region)
			assert.Contains(t, lb.Source, "armRegionName Global", region)
		}
		quoted, sourced := ips[region]
		addr, priced := r.Parts[typeManagedCluster][partOutboundIP]
		assert.Equal(t, sourced, priced, region)
		assert.Equal(t, sourced, r.LoadBalancer != nil, region)
		if !sourced || !priced || r.LoadBalancer == nil {
			continue
		}
		for _, p := range []pricing.Price{addr, *r.LoadBalancer} {
			assert.Equal(t, 0.005, p.USD, region)
			assert.Equal(t, pricing.PerHour, p.Unit, region)
			for _, q := range quoted {
				assert.Contains(t, p.Source, q, region)
			}
		}
		assert.Empty(t, r.GatewayLoadBalancers, "AKS runs Envoy Gateway: a Gateway is a Service of type LoadBalancer")
	}
	assert.Len(t, prices.Regions, 5)
}
