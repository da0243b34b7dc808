package aks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/pricing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fee file names the cluster's resource type as a literal value,
// API version included: it must be the type New registers, so a new
// apiVersion fails here instead of dropping the fee from the estimate.
func TestFeeKeysAreTheProvidersTypes(t *testing.T) {
	types, provisioners := prices.FeeKeys()
	assert.Equal(t, []string{typeManagedCluster}, types)
	assert.Equal(t, []string{diskProvisioner, fileProvisioner}, provisioners)
	st := storage()
	for _, c := range []*cluster.StorageClass{&st.Fast, &st.Standard, st.Shared} {
		volume := c.Provisioner + "@" + pricing.DiskType(c.Parameters)
		_, tiered := prices.Regions["eastus"].VolumeTiers[volume]
		_, perGB := prices.Regions["eastus"].Volumes[volume]
		assert.True(t, tiered || perGB, "%s: the classes storage() makes are what eastus prices", volume)
	}
	assert.Equal(t, st.Fast.Provisioner+"@"+pricing.DiskType(st.Fast.Parameters), osDiskTiers, "OS disks are Premium SSD, as the fast class")
}

// Each disk row states the figure its source quotes for that tier in its
// own region (a figure from another region is no source: P4 is $5.28 in
// eastus, $5.81 in westeurope), and a PVC or OS disk of N GiB pays the
// smallest tier of at least N GiB.
func TestDiskTiersMatchTheirSource(t *testing.T) {
	for _, tc := range []struct {
		region, volume, tier string
		gib                  int
		usd                  float64
		quoted               string
	}{
		{"eastus", "Premium_LRS", "P4", 32, 5.28, `"Storage (P4, LRS) 1 months $5.28"`},
		{"eastus", "Premium_LRS", "P6", 64, 10.21, `"64 GiB -> P6  $10.21/mo" (East US retail, verified 2026-08-09)`},
		{"eastus", "Premium_LRS", "P10", 128, 19.71, "P10 (128 GB) $19.71"},
		{"eastus", "Premium_LRS", "P15", 256, 38.01, `meter "P15 LRS Disk" (Premium SSD Managed Disks) RetailPrice 38.01`},
		{"eastus", "Premium_LRS", "P20", 512, 73.22, "P20 (512 GB) $73.22"},
		{"eastus", "Premium_LRS", "P30", 1024, 135.17, "P30 (1,024 GB) $135.17"},
		{"eastus", "StandardSSD_LRS", "E4", 32, 2.40, `"Storage (E4, LRS) 1 months $2.40"`},
		{"eastus", "StandardSSD_LRS", "E6", 64, 4.80, `"Std SSD LRS: E4 $2.40/mo, E6 $4.80, E10 $9.60"`},
		{"eastus", "StandardSSD_LRS", "E10", 128, 9.60, `meter "E10 LRS Disk" (Standard SSD Managed Disks) retailPrice 9.60`},
		{"eastus", "StandardSSD_LRS", "E30", 1024, 76.80, `"Storage (E30, LRS) 1 months $76.80"`},
		{"westeurope", "Premium_LRS", "P4", 32, 5.81, `"West Europe": "Storage (P4, LRS) 1 months $5.81"`},
		{"westeurope", "Premium_LRS", "P6", 64, 11.23, `seed_catalog(region: str = "westeurope") disk tiers (a fixture): ("P6", 64, 240, 11.23)`},
		{"westeurope", "Premium_LRS", "P10", 128, 21.68, `westeurope, 2026-09)"): meter "P10 LRS Disk" (Premium SSD Managed Disks) unitPrice 21.68`},
		{"westeurope", "Premium_LRS", "P15", 256, 41.81, `("P15", 256, 1100, 41.81)`},
		{"westeurope", "Premium_LRS", "P20", 512, 80.54, `West Europe region ("27 — Cloud deployment: AWS and Azure", written 2026-08-04): "A 512 GiB P20 is $80.54/mo"`},
		{"westeurope", "Premium_LRS", "P30", 1024, 148.68, `("P30", 1024, 5000, 148.68)`},
		{"westeurope", "StandardSSD_LRS", "E4", 32, 2.40, `"West Europe": "Storage (E4, LRS) 1 months $2.40"`},
		{"westeurope", "StandardSSD_LRS", "E6", 64, 4.80, `West Europe and North Europe: "| Standard SSD E6 | USD 4.80/month | USD 4.80/month |"`},
		{"westeurope", "StandardSSD_LRS", "E10", 128, 9.60, `"armRegionName":"westeurope","location":"EU West" ... "meterName":"E10 LRS Disk"`},
		{"westeurope", "StandardSSD_LRS", "E10", 128, 9.60, `"name: 'westeurope'" ... "'E4 LRS': 2.4, 'E6 LRS': 4.8, 'E10 LRS': 9.6, 'E15 LRS': 19.2"`},
		{"westeurope", "StandardSSD_LRS", "E30", 1024, 76.80, `westeurope, 2026-09)"): meter "E30 LRS Disk" (Standard SSD Managed Disks) unitPrice 76.8`},
		{"northeurope", "Premium_LRS", "P4", 32, 5.28, "Premium SSD P4 (~30 GiB) | 3 | €4.63 / $5.28 per mo"},
		{"northeurope", "Premium_LRS", "P6", 64, 10.21, "Premium SSD P6 (64 GiB) | 1 | €8.96 / $10.21 per mo"},
		{"northeurope", "Premium_LRS", "P15", 256, 38.01, "Premium SSD P15 (256 GiB) | 1 | €33.36 / $38.01 per mo"},
		{"northeurope", "StandardSSD_LRS", "E6", 64, 4.80, `North Europe "| Standard SSD E6 | USD 4.80/month | USD 4.80/month |"`},
		{"eastus2", "Premium_LRS", "P6", 64, 9.2801, `region eastus2, read 2026-10-03`},
		{"eastus2", "Premium_LRS", "P10", 128, 17.92, `eastus2, 2026-08-30, as a public deployment-verification note records it (it links viscalyx/Kravhantering): "P10 LRS Premium SSD base disk | $17.92/month"`},
		{"eastus2", "StandardSSD_LRS", "E6", 64, 4.80, `eastus2, 2026-08-30, as the same deployment-verification note records it: "E6 LRS Standard SSD base disk | $4.80/month"`},
		{"eastus2", "Premium_LRS", "P15", 256, 34.56, `on 2026-09-27 for East US 2, USD, Premium SSD Managed Disks LRS disk meters": "| P15 | $34.56 | $0.04734 |"`},
		{"eastus2", "Premium_LRS", "P20", 512, 66.56, `on 2026-09-27 for East US 2, USD, Premium SSD Managed Disks LRS disk meters": "| P20 | $66.56 | $0.09118 |"`},
		{"westus3", "Premium_LRS", "P10", 128, 17.92, `Premium LRS P10 OS disk"; "The timestamped Azure Retail Prices API meter for a regular Windows ` + "`Standard_D16ads_v5` VM in `westus3`" + ` was **$1.56/hour USD**"): "The separately recorded meters were $0.045/hour for Standard NAT Gateway, $0.005/hour for its Standard public IP, $17.92/month for the P10 LRS OS disk"`},
		{"eastus2", "Premium_LRS", "P30", 1024, 122.88, `on 2026-09-27 for East US 2, USD, Premium SSD Managed Disks LRS disk meters": "| P30 | $122.88 | $0.16833 |"`},
	} {
		t.Run(tc.region+"/"+tc.tier, func(t *testing.T) {
			got, ok, err := prices.Regions[tc.region].Tier(diskProvisioner+"@"+tc.volume, float64(tc.gib))
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tc.tier, got.Name)
			assert.Equal(t, tc.usd, got.Price.USD)
			assert.Equal(t, pricing.PerDiskMonth, got.Price.Unit)
			assert.Contains(t, got.Price.Source, tc.quoted)
		})
	}
}

// westeurope's Premium SSD tiers up to P20 are also in a second source,
// a price list checked against the retail API, whose unrounded figure each
// row rounds to the cent.
func TestWestEuropeDiskTiersAgreeWithASecondSource(t *testing.T) {
	for _, tc := range []struct {
		tier      string
		gib       int
		unrounded float64
		listed    string
	}{
		{"P4", 32, 5.8072, `"P4  = { eastus = 5.2795, westeurope = 5.8072, uksouth = 6.3879 }"`},
		{"P6", 64, 11.2272, `"P6  = { eastus = 10.207, westeurope = 11.2272, uksouth = 12.3499 }"`},
		{"P10", 128, 21.68, `"P10 = { eastus = 19.71, westeurope = 21.68, uksouth = 23.848 }"`},
		{"P15", 256, 41.811428, `"P15 = { eastus = 38.012142, westeurope = 41.811428, uksouth = 45.992571 }"`},
		{"P20", 512, 80.54, `"P20 = { eastus = 73.22, westeurope = 80.54, uksouth = 88.594 }"`},
	} {
		t.Run(tc.tier, func(t *testing.T) {
			got, ok, err := prices.Regions["westeurope"].Tier(diskProvisioner+"@Premium_LRS", float64(tc.gib))
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tc.tier, got.Name)
			assert.Contains(t, got.Price.Source, "geawilliamsUK/TerraTofuGUi definitions/prices/azure.toml")
			assert.Contains(t, got.Price.Source, tc.listed)
			assert.Contains(t, tc.listed, fmt.Sprintf("westeurope = %g,", tc.unrounded))
			assert.InDelta(t, tc.unrounded, got.Price.USD, 0.005, "the row is the listed figure to the cent")
		})
	}
}

// eastus2's P10 and P30 are each in two sources read from the retail API
// on different days, which agree to the cent.
func TestEastUS2DiskTiersAgreeWithASecondSource(t *testing.T) {
	for _, tc := range []struct {
		tier   string
		gib    int
		usd    float64
		quotes []string // one per source, each in East US 2
	}{
		{"P10", 128, 17.92, []string{
			`eastus2, 2026-08-30, as a public deployment-verification note records it (it links viscalyx/Kravhantering): "P10 LRS Premium SSD base disk | $17.92/month"`,
			`on 2026-09-27 for East US 2, USD, Premium SSD Managed Disks LRS disk meters": "| P10 | $17.92 | $0.02455 |"`,
		}},
		{"P30", 1024, 122.88, []string{
			`on 2026-09-27 for East US 2, USD, Premium SSD Managed Disks LRS disk meters": "| P30 | $122.88 | $0.16833 |"`,
			`"Región de referencia | East US 2", "Fecha de corte de precios | 7 de octubre de 2026", prices from the Azure Retail Prices API): "Storage | Premium SSD P30 LRS / P40 LRS / P30 ZRS | $122.88 / $235.52 / $184.32 por mes"`,
		}},
	} {
		t.Run(tc.tier, func(t *testing.T) {
			got, ok, err := prices.Regions["eastus2"].Tier(diskProvisioner+"@Premium_LRS", float64(tc.gib))
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tc.tier, got.Name)
			assert.Equal(t, tc.usd, got.Price.USD)
			for _, q := range tc.quotes {
				assert.Contains(t, got.Price.Source, q)
				assert.Contains(t, q, fmt.Sprintf("$%.2f", tc.usd), "each quote states the row's figure")
			}
		})
	}
}

// A premium Azure Files share pays its region's "Premium LRS Provisioned"
// figure per provisioned GiB, at least 100 GiB; a region without a sourced
// row prices no share.
func TestFilesMatchTheirSource(t *testing.T) {
	want := map[string]struct {
		usd    float64
		quoted string
	}{
		"eastus":      {0.16, `meter "Premium LRS Provisioned" 0.16 per 1 GB/Month`},
		"westeurope":  {0.192, `"premium_LRS = { eastus = 0.16, westeurope = 0.192, uksouth = 0.176 }"`},
		"eastus2":     {0.16, `"retailPrice":0.16,"unitPrice":0.16,"armRegionName":"eastus2","location":"US East 2" ... "meterName":"Premium LRS Provisioned"`},
		"northeurope": {0.176, `"retailPrice":0.176,"unitPrice":0.176,"armRegionName":"northeurope","location":"EU North" ... "meterName":"Premium LRS Provisioned"`},
	}
	for region, r := range prices.Regions {
		files, ok := r.Volumes[fileProvisioner+"@Premium_LRS"]
		w, sourced := want[region]
		if !assert.Equal(t, sourced, ok, region) || !sourced {
			continue
		}
		assert.Equal(t, w.usd, files.USD, region)
		assert.Equal(t, pricing.PerGBMonth, files.Unit, region)
		assert.Equal(t, 100, files.MinGiB, region)
		assert.Contains(t, files.Source, w.quoted, region)
		assert.Contains(t, files.Source, "100 GiB to 102,400 GiB", region)
	}
}

// A size whose tier has no sourced row in its region is a named gap, never
// the next priced tier up: the tiers each region still lacks.
func TestDiskTierGapsAreNamed(t *testing.T) {
	for _, tc := range []struct {
		region, volume string
		gib            float64
		want           string
	}{
		{"eastus", "StandardSSD_LRS", 200, "200 GiB falls in a disk.csi.azure.com@StandardSSD_LRS tier below E30 (1024 GiB) that has no price"},
		{"westeurope", "StandardSSD_LRS", 2048, "2048 GiB is larger than the largest disk.csi.azure.com@StandardSSD_LRS tier priced, E30 (1024 GiB)"},
		{"northeurope", "Premium_LRS", 2048, "2048 GiB is larger than the largest disk.csi.azure.com@Premium_LRS tier priced, P30 (1024 GiB)"},
		{"westus3", "Premium_LRS", 64, "64 GiB falls in a disk.csi.azure.com@Premium_LRS tier below P10 (128 GiB) that has no price"},
		{"westus3", "Premium_LRS", 200, "200 GiB is larger than the largest disk.csi.azure.com@Premium_LRS tier priced, P10 (128 GiB)"},
		{"eastus2", "Premium_LRS", 2048, "2048 GiB is larger than the largest disk.csi.azure.com@Premium_LRS tier priced, P30 (1024 GiB)"},
	} {
		t.Run(fmt.Sprintf("%s/%s/%g", tc.region, tc.volume, tc.gib), func(t *testing.T) {
			_, ok, err := prices.Regions[tc.region].Tier(diskProvisioner+"@"+tc.volume, tc.gib)
			assert.True(t, ok)
			assert.EqualError(t, err, tc.want)
		})
	}
	_, ok, err := prices.Regions["westus3"].Tier(diskProvisioner+"@StandardSSD_LRS", 64)
	assert.NoError(t, err)
	assert.False(t, ok, "westus3 prices no Standard SSD tier")
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
