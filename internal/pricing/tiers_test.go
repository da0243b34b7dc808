package pricing_test

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A type@tier row lands in Region.Tiers, may state a zero fee, and a
// provisioner@disk-type volume row keeps its whole key.
func TestParseFeesTiers(t *testing.T) {
	got, err := pricing.ParseFees("fees-r1.csv", []byte(feeHead+`resource,mc@Free,0,hour,free page,2026
resource,mc@Standard,0.10,hour,tier page,2026
volume,pd@pd-ssd,0.17,GB-month,disk page,2026-07-30
`))
	require.NoError(t, err)
	assert.Equal(t, map[string]map[string]pricing.Price{"mc": {
		"Free":     {USD: 0, Unit: pricing.PerHour, Source: "free page", Date: "2026"},
		"Standard": {USD: 0.10, Unit: pricing.PerHour, Source: "tier page", Date: "2026"},
	}}, got.Tiers)
	assert.Nil(t, got.Resources)
	assert.Equal(t, 0.17, got.Volumes["pd@pd-ssd"].USD)

	for _, tc := range []struct{ name, rows, want string }{
		{"zero without tier", "resource,mc,0,hour,s,2026\n", `fees-r1.csv:2: resource mc: usd 0 is not above zero`},
		{"negative tier", "resource,mc@Free,-1,hour,s,2026\n", `fees-r1.csv:2: resource mc@Free: usd -1 is not above zero`},
		{"zero volume tier", "volume,pd@x,0,GB-month,s,2026\n", `fees-r1.csv:2: volume pd@x: usd 0 is not above zero`},
		{"empty tier", "resource,mc@,0.1,hour,s,2026\n", `fees-r1.csv:2: resource mc@: key "mc@": only a resource or volume row names a tier, as type@tier or provisioner@disk-type`},
		{"both", "resource,mc,0.1,hour,s,2026\nresource,mc@Free,0,hour,s,2026\n", `fees-r1.csv: mc has a price without a tier and prices by tier: one or the other`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pricing.ParseFees("fees-r1.csv", []byte(feeHead+tc.rows))
			assert.EqualError(t, err, tc.want)
		})
	}
}

// ResourcePrice takes the row of the tier TierOf names; a tier without a row
// is an error naming the tiers there are, never another tier's fee.
func TestResourcePrice(t *testing.T) {
	p := func(usd float64) pricing.Price { return pricing.Price{USD: usd, Unit: pricing.PerHour, Source: "s"} }
	r := pricing.Region{
		Resources: map[string]pricing.Price{"nat": p(0.045)},
		Tiers:     map[string]map[string]pricing.Price{"mc": {"Free": p(0), "Standard": p(0.10)}},
	}
	c := pricing.Catalog{TierOf: func(typ string, in map[string]any) string { s, _ := in["tier"].(string); return s }}
	for _, tc := range []struct {
		name, typ, tier string
		wantUSD         float64
		wantOK          bool
		wantErr         string
	}{
		{"untiered", "nat", "", 0.045, true, ""},
		{"standard", "mc", "Standard", 0.10, true, ""},
		{"free is zero, not standard", "mc", "Free", 0, true, ""},
		{"unpriced tier", "mc", "Premium", 0, false, `mc is priced by tier (Free, Standard), and tier "Premium" has no price`},
		{"no fee", "vpc", "", 0, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, tier, ok, err := c.ResourcePrice(r, tc.typ, map[string]any{"tier": tc.tier})
			assert.Equal(t, tc.wantOK, ok)
			assert.Equal(t, tc.wantUSD, got.USD)
			if tc.wantErr != "" {
				assert.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			if tc.typ == "mc" {
				assert.Equal(t, tc.tier, tier)
			}
		})
	}
}

// A class's disk type is the parameter its driver reads it from, so a
// Filestore class is priced by its service tier and a class that names
// none by its provisioner alone.
func TestDiskType(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params map[string]string
		want   string
	}{
		{"EBS and PD", map[string]string{"type": "gp3", "fsType": "ext4"}, "gp3"},
		{"Azure disk", map[string]string{"skuName": "Premium_LRS", "cachingMode": "ReadOnly"}, "Premium_LRS"},
		{"Filestore", map[string]string{"tier": "standard", "network": "vpc-1"}, "standard"},
		{"EFS", map[string]string{"provisioningMode": "efs-ap", "fileSystemId": "fs-1"}, ""},
		{"none", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, pricing.DiskType(tc.params))
		})
	}
}
