package aks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fee file names the cluster's resource type as a literal value,
// API version included: it must be the type New registers, so a new
// apiVersion fails here instead of dropping the fee from the estimate.
func TestFeeKeysAreTheProvidersTypes(t *testing.T) {
	types, provisioners := prices.FeeKeys()
	assert.Equal(t, []string{typeManagedCluster}, types)
	assert.Empty(t, provisioners, "no volume prices yet; a provisioner added must be %s or %s", diskProvisioner, fileProvisioner)
}

// The control-plane fee is the row of the tier the cluster New registers
// is set to: nothing on Free (the dev default), $0.10 an hour on Standard
// (production's default), $0.60 on Premium (Standard plus long-term
// support), never another tier's fee.
func TestControlPlaneFeeByTier(t *testing.T) {
	for _, tc := range []struct {
		name, env, cluster, tier string
		usd                      float64
	}{
		{"dev default", "dev", devCluster, "", 0},
		{"production default", "production", prodCluster, "", 0.10},
		{"dev on Standard", "dev", devCluster, TierStandard, 0.10},
		{"dev on Premium", "dev", devCluster, TierPremium, 0.60},
		{"production on Premium", "production", prodCluster, TierPremium, 0.60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl := tc.cluster
			if tc.tier != "" {
				cl = strings.Replace(cl, `"aks":{`, `"aks":{"tier":"`+tc.tier+`",`, 1)
			}
			r := runNew(t, testConfig(t, tc.env, cl, devPools))
			require.NoError(t, r.Err)
			mcs := r.All(typeManagedCluster)
			require.Len(t, mcs, 1)
			region := "eastus"
			if tc.env == "production" {
				region = "westeurope"
			}
			p, tier, ok, err := prices.ResourcePrice(prices.Regions[region], typeManagedCluster, mcs[0].In)
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, tc.usd, p.USD)
			want := map[string]string{"dev": TierFree, "production": TierStandard}[tc.env]
			if tc.tier != "" {
				want = tc.tier
			}
			assert.Equal(t, want, tier)
		})
	}
}

// Every region's fee file has the three tiers at the fee its source line
// states: the row's source quotes the figure it was read as.
func TestTierFeesMatchTheirSource(t *testing.T) {
	want := map[string]struct {
		usd    float64
		quoted string
	}{
		TierFree:     {0, "Free tier $0 per cluster/hour"},
		TierStandard: {0.10, "Standard tier $0.10 per cluster/hour"},
		TierPremium:  {0.60, "Premium tier $0.60 per cluster per hour"},
	}
	require.Len(t, prices.Regions, 5, "eastus, eastus2, westus3, westeurope, northeurope")
	for region, r := range prices.Regions {
		tiers := r.Tiers[typeManagedCluster]
		assert.Len(t, tiers, len(want), region)
		for tier, w := range want {
			p, ok := tiers[tier]
			if !assert.True(t, ok, "%s %s", region, tier) {
				continue
			}
			assert.Equal(t, w.usd, p.USD, "%s %s", region, tier)
			assert.Contains(t, p.Source, w.quoted, "%s %s", region, tier)
		}
	}
}
