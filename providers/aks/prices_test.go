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
// (production's default), and a warning on Premium, whose fee has no
// sourced row yet, rather than the Standard fee.
func TestControlPlaneFeeByTier(t *testing.T) {
	for _, tc := range []struct {
		name, env, cluster, tier string
		usd                      float64
		priced                   bool
	}{
		{"dev default", "dev", devCluster, "", 0, true},
		{"production default", "production", prodCluster, "", 0.10, true},
		{"dev on Standard", "dev", devCluster, TierStandard, 0.10, true},
		{"production on Premium", "production", prodCluster, TierPremium, 0, false},
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
			assert.Equal(t, tc.priced, ok)
			assert.Equal(t, tc.usd, p.USD)
			if !tc.priced {
				assert.ErrorContains(t, err, `tier "Premium" has no price`)
				return
			}
			require.NoError(t, err)
			want := map[string]string{"dev": TierFree, "production": TierStandard}[tc.env]
			if tc.tier != "" {
				want = tc.tier
			}
			assert.Equal(t, want, tier)
		})
	}
}
