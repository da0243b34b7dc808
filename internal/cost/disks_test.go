package cost

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tieredCatalog bills block disks by size tier (nodes' root disks too) and
// shared volumes per GB with a 100 GiB minimum, as Azure does.
var tieredCatalog = &pricing.Catalog{
	NodeDiskTiers: "disk@Premium_LRS",
	Regions: map[string]pricing.Region{"r1": {
		Machines: map[string]pricing.Price{"cpu.large": hourly(0.1)},
		VolumeTiers: map[string][]pricing.SizeTier{"disk@Premium_LRS": {
			{Name: "P6", GiB: 64, Price: diskMonth(10)}, {Name: "P10", GiB: 128, Price: diskMonth(20)}, {Name: "P15", GiB: 256, Price: diskMonth(38)},
		}},
		Volumes: map[string]pricing.Price{"file@Premium_LRS": {USD: 0.16, Unit: pricing.PerGBMonth, Source: "test", MinGiB: 100}},
	}},
}

// A claim of N GiB on a tiered disk pays its smallest tier of at least N
// GiB, one disk per copy; a shared volume below its service's minimum pays
// the minimum; a claim above every tier is a named gap, never a wrong tier.
func TestVolumesBySizeTierAndMinimum(t *testing.T) {
	class := func(name, prov, sku string) policy.Resource {
		return custom(typeStorageClass, name, map[string]any{"metadata": map[string]any{"name": name}, "provisioner": prov, "parameters": map[string]any{"skuName": sku}})
	}
	statefulSet := custom("kubernetes:apps/v1:StatefulSet", "es", map[string]any{"spec": map[string]any{"replicas": 3.0, "volumeClaimTemplates": []any{
		map[string]any{"metadata": map[string]any{"name": "data"}, "spec": map[string]any{"accessModes": []any{"ReadWriteOnce"}, "storageClassName": "fast",
			"resources": map[string]any{"requests": map[string]any{"storage": "100Gi"}}}},
	}}})
	e, warns := Compute(Input{Kind: "cloud", Catalog: tieredCatalog, Region: "r1", Resources: []policy.Resource{
		class("fast", "disk", "Premium_LRS"), class("shared", "file", "Premium_LRS"),
		pvc("small", "50Gi", "fast"), pvc("edge", "128Gi", "fast"), pvc("huge", "1Ti", "fast"), statefulSet,
		pvc("notes", "10Gi", "shared"), pvc("data", "2Ti", "shared"),
	}})
	type row struct {
		qty, monthly float64
	}
	items := map[string]row{}
	for _, it := range e.Items {
		items[it.Item] = row{it.Quantity, it.Monthly}
	}
	// 50 GiB → P6 $10; 128 GiB → P10 $20; 3 × 100 GiB → 3 × P10 $60;
	// 10 GiB shared → 100 GiB minimum × 0.16 = $16; 2 TiB → 2048 × 0.16 = $327.68.
	assert.Equal(t, map[string]row{
		"volume small (P6, 64 GiB)": {1, 10}, "volume edge (P10, 128 GiB)": {1, 20}, "volume es/data (P10, 128 GiB)": {3, 60},
		"volume notes (billed at the 100 GiB minimum)": {100, 16}, "volume data": {2048, 327.68},
	}, items)
	require.Len(t, warns, 1)
	assert.Equal(t, `volume huge (class "fast"): 1024 GiB is larger than the largest disk@Premium_LRS tier priced, P15 (256 GiB)`, warns[0].Message)
	assert.Equal(t, "urn:huge", warns[0].URN)
}

// A pool's root disk is priced per GB, or as the tier the catalog bills
// root disks by; where the region prices neither, the pool's machines are
// still priced and the disk is a named gap in the estimate, never left out
// in silence; so is a disk above every tier or in an unpriced smaller one.
// Own hardware has no disk to price.
func TestRootDisks(t *testing.T) {
	pool := config.NodePool{Name: "cpu", MachineType: "cpu.large", Min: 1, Max: 2, DiskGB: 100}
	noDisk := &pricing.Catalog{Regions: map[string]pricing.Region{"r1": {Machines: map[string]pricing.Price{"cpu.large": hourly(0.1)}}}}
	own := &pricing.Catalog{OwnHardware: "your servers", Regions: noDisk.Regions}
	big, small := pool, pool
	big.DiskGB, small.DiskGB = 512, 20
	for _, tc := range []struct {
		name     string
		cat      *pricing.Catalog
		pool     config.NodePool
		min, max float64
		tier     string
		warn     string
	}{
		// 0.1 × 730 = 73 a node, + 100 GB × 0.1 = 10.
		{"per GB", testCatalog, pool, 83, 166, "", ""},
		// + one P10 (128 GiB) at $20 a node.
		{"by tier", tieredCatalog, pool, 93, 186, "P10, 128 GiB", ""},
		{"no price", noDisk, pool, 73, 146, "", `root disk of node pool "cpu" (100 GB) has no cloud price in "r1"`},
		{"above every tier", tieredCatalog, big, 73, 146, "", `root disk of node pool "cpu" (512 GB): 512 GiB is larger than the largest disk@Premium_LRS tier priced, P15 (256 GiB)`},
		// 20 GiB belongs to a tier below P6 that the table lacks: a gap, not P6's price.
		{"below the smallest tier", tieredCatalog, small, 73, 146, "", `root disk of node pool "cpu" (20 GB): 20 GiB falls in a disk@Premium_LRS tier below P6 (64 GiB) that has no price`},
		{"own hardware", own, pool, 0, 0, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, warns := Compute(Input{Kind: "cloud", Catalog: tc.cat, Region: "r1", Pools: []config.NodePool{tc.pool}})
			require.Len(t, e.Pools, 1)
			assert.Equal(t, [2]float64{tc.min, tc.max}, [2]float64{e.Pools[0].MonthlyMin, e.Pools[0].MonthlyMax})
			assert.Equal(t, tc.tier, e.Pools[0].DiskTier)
			if tc.warn == "" {
				assert.Empty(t, warns)
				return
			}
			require.Len(t, warns, 1)
			assert.Equal(t, tc.warn, warns[0].Message)
			assert.Equal(t, []string{tc.warn}, e.Unpriced, "the total says it is partial")
		})
	}
}
