package cost

import (
	"testing"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cluster priced by tier pays its own tier's row; a class's volumes pay
// their disk type's row, and a class whose type has none its provisioner's.
func TestTiersAndDiskTypes(t *testing.T) {
	cat := &pricing.Catalog{
		TierOf: func(_ string, in map[string]any) string { s, _ := policy.Get(in, "sku", "tier").(string); return s },
		Regions: map[string]pricing.Region{"r1": {
			Machines: map[string]pricing.Price{},
			Tiers:    map[string]map[string]pricing.Price{"cloud:cluster": {"Free": hourly(0), "Standard": hourly(0.1)}},
			Volumes:  map[string]pricing.Price{"pd@pd-ssd": gbMonth(0.17), "pd@pd-balanced": gbMonth(0.1), "pd": gbMonth(0.04)},
		}},
	}
	class := func(name, typ string) policy.Resource {
		return custom(typeStorageClass, name, map[string]any{"metadata": map[string]any{"name": name}, "provisioner": "pd", "parameters": map[string]any{"type": typ}})
	}
	cluster := func(name, tier string) policy.Resource {
		return custom("cloud:cluster", name, map[string]any{"sku": map[string]any{"tier": tier}})
	}
	e, warns := Compute(Input{Kind: "cloud", Catalog: cat, Region: "r1", DefaultProvisioner: "pd", DefaultDiskType: "pd-balanced",
		Resources: []policy.Resource{
			cluster("dev", "Free"), cluster("prod", "Standard"), cluster("lts", "Premium"),
			class("fast", "pd-ssd"), class("cold", "pd-standard"),
			pvc("scratch", "100Gi", "fast"), pvc("archive", "100Gi", "cold"), pvc("data", "100Gi", ""),
		}})
	items := map[string]float64{}
	for _, it := range e.Items {
		items[it.Item] = it.Monthly
	}
	// Standard 0.1 × 730 = 73; Free 0; 100 GB × 0.17, × 0.04 (no pd-standard row), × 0.1 (default class).
	assert.Equal(t, map[string]float64{
		"cloud:cluster dev (Free)": 0, "cloud:cluster prod (Standard)": 73,
		"volume scratch": 17, "volume archive": 4, "volume data": 10,
	}, items)
	require.Len(t, warns, 1)
	assert.Equal(t, `cloud:cluster lts: cloud:cluster is priced by tier (Free, Standard), and tier "Premium" has no price`, warns[0].Message)
	assert.Equal(t, "urn:lts", warns[0].URN)
}
