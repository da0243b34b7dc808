package gke

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
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

// Each disk type or Filestore tier a volume row prices is that of one of
// the storage classes, so a class whose type or tier changes fails here
// instead of falling back to another disk's price; every region prices
// both block classes.
func TestVolumeRowsAreTheClassesDiskTypes(t *testing.T) {
	s := storage(true, "")
	block := []string{volumeKey(s.Fast), volumeKey(s.Standard)}
	classes := append([]string{volumeKey(*s.Shared)}, block...)
	for region, r := range prices.Regions {
		for key := range r.Volumes {
			assert.Contains(t, classes, key, "%s: %s is no storage class's disk", region, key)
		}
		for _, key := range block {
			assert.Contains(t, r.Volumes, key, "%s prices both block classes", region)
		}
	}
}

// volumeKey is the Volumes key that prices a class's claims.
func volumeKey(c cluster.StorageClass) string {
	return c.Provisioner + "@" + pricing.DiskType(c.Parameters)
}

// The shared class's Filestore tier (standard: Basic HDD) has the price its
// sources quote where a source names the region's figure: us-central1, the
// hourly rate times 730 hours, billing a share at least the 100 GiB the CSI
// driver provisions at the least. Every other region of the tables has no
// row, because no source read names its Basic HDD price (a us-central1 or
// us-west1 figure is no source for it), so its shares are named as not
// priced (the README lists them). Each region is listed here, so a region
// added to the tables states which it is.
func TestFilestoreMatchesItsSource(t *testing.T) {
	key := volumeKey(*storage(true, "vpc").Shared)
	assert.Equal(t, filestoreProvisioner+"@standard", key)
	for _, tc := range []struct {
		region string
		// perHour is the source's USD per GiB-hour; zero where no source
		// names the region's price.
		perHour float64
		usd     float64
		quoted  []string
	}{
		{"us-central1", 0.000219178, 0.16, []string{
			`"BASIC_HDD": 0.000219178 per GiB-hour`,
			`"more expensive (0.25 / GB vs 0.16 / GB)"`,
			`Basic HDD (on GKE) 100 GiB to 63.9 TiB`,
			`defaultTierMinSize = 100 * util.Gb`,
		}},
		{region: "us-east4"},
		{region: "europe-west4"},
		{region: "asia-southeast1"},
	} {
		t.Run(tc.region, func(t *testing.T) {
			r, ok := prices.Regions[tc.region]
			require.True(t, ok)
			p, ok := r.Volumes[key]
			if tc.perHour == 0 {
				assert.False(t, ok, "no source names %s's Basic HDD price", tc.region)
				return
			}
			require.True(t, ok, "%s prices %s", tc.region, key)
			assert.Equal(t, tc.usd, p.USD)
			assert.Equal(t, pricing.PerGBMonth, p.Unit)
			assert.Equal(t, 100, p.MinGiB)
			assert.InDelta(t, p.USD, tc.perHour*730, 0.0005, "the hourly rate the source quotes, by the month")
			for _, quoted := range tc.quoted {
				assert.Contains(t, p.Source, quoted)
			}
		})
	}
	assert.Len(t, prices.Regions, 4, "a region added to the tables is listed above")
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
