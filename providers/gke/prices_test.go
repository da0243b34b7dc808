package gke

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fee file names types and provisioners as literal values: the cluster
// type must be the one New registers and a provisioner one of those the
// storage classes use, so renaming either fails here instead of dropping a
// price from the estimate.
func TestFeeKeysAreTheProvidersOwn(t *testing.T) {
	types, provisioners := prices.FeeKeys()
	assert.Equal(t, []string{"gcp:compute/routerNat:RouterNat", typeCluster}, types)
	r := devRun(t)
	for _, typ := range types {
		assert.Len(t, r.All(typ), 1, typ)
	}
	assert.Subset(t, []string{persistentDiskProvisioner, filestoreProvisioner}, provisioners)
}

// Each disk type a volume row prices is the type of one of the block
// storage classes, so a class whose type changes fails here instead of
// falling back to another disk's price.
func TestVolumeRowsAreTheClassesDiskTypes(t *testing.T) {
	s := storage(false, "")
	classes := map[string]bool{}
	for _, c := range []string{pricing.DiskType(s.Fast.Parameters), pricing.DiskType(s.Standard.Parameters)} {
		classes[persistentDiskProvisioner+"@"+c] = true
	}
	for region, r := range prices.Regions {
		for key := range r.Volumes {
			assert.True(t, classes[key], "%s: %s is no storage class's disk", region, key)
		}
		assert.Len(t, r.Volumes, 2, "%s prices both classes", region)
	}
}

// The cluster fee is the row of the tier its location makes it: the dev
// stack's zonal cluster (covered by the monthly credit) pays nothing, the
// regional production cluster $0.10 an hour.
func TestClusterFeeByLocation(t *testing.T) {
	for _, tc := range []struct {
		name, env, cluster, region, tier string
		usd                              float64
	}{
		{"zonal dev", "dev", devCluster, "us-central1", "zonal", 0},
		{"regional production", "production", prodCluster, "europe-west4", "regional", 0.10},
		{"regional dev", "dev", strings.Replace(devCluster, `"zonal":true`, `"zonal":false`, 1), "us-central1", "regional", 0.10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runNew(t, testConfig(t, tc.env, tc.cluster, devPools))
			require.NoError(t, r.Err)
			cl := r.All(typeCluster)
			require.Len(t, cl, 1)
			p, tier, ok, err := prices.ResourcePrice(prices.Regions[tc.region], typeCluster, cl[0].In)
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, tc.tier, tier)
			assert.Equal(t, tc.usd, p.USD)
		})
	}
}
