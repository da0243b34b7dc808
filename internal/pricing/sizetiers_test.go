package pricing_test

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// volumeTier rows land smallest first under their volume, whatever their
// order in the file; a volume key ending :GiB is that volume's minimum.
func TestParseFeesSizeTiers(t *testing.T) {
	got, err := pricing.ParseFees("fees-r1.csv", []byte(feeHead+`volumeTier,disk@Premium_LRS:P15:256,38.01,disk-month,p15 page,2026
volumeTier,disk@Premium_LRS:P10:128,19.71,disk-month,p10 page,2026
volume,file@Premium_LRS:100,0.16,GB-month,files page,2026-07-24
volume,efs,0.30,GB-month,efs page,2026
`))
	require.NoError(t, err)
	tier := func(name string, gib int, usd float64, src string) pricing.SizeTier {
		return pricing.SizeTier{Name: name, GiB: gib, Price: pricing.Price{USD: usd, Unit: pricing.PerDiskMonth, Source: src, Date: "2026"}}
	}
	assert.Equal(t, map[string][]pricing.SizeTier{"disk@Premium_LRS": {tier("P10", 128, 19.71, "p10 page"), tier("P15", 256, 38.01, "p15 page")}}, got.VolumeTiers)
	assert.Equal(t, map[string]pricing.Price{
		"file@Premium_LRS": {USD: 0.16, Unit: pricing.PerGBMonth, Source: "files page", Date: "2026-07-24", MinGiB: 100},
		"efs":              {USD: 0.30, Unit: pricing.PerGBMonth, Source: "efs page", Date: "2026"},
	}, got.Volumes)

	for _, tc := range []struct{ name, rows, want string }{
		{"tier without size", "volumeTier,disk@P:P10,19.71,disk-month,s,2026\n", `fees-r1.csv:2: volumeTier disk@P:P10: key "disk@P:P10": a volumeTier row's key is provisioner@disk-type:TIER:GiB`},
		{"tier without disk type", "volumeTier,disk:P10:128,19.71,disk-month,s,2026\n", `fees-r1.csv:2: volumeTier disk:P10:128: key "disk:P10:128": a volumeTier row's key is provisioner@disk-type:TIER:GiB`},
		{"tier size not a number", "volumeTier,disk@P:P10:12B,19.71,disk-month,s,2026\n", `fees-r1.csv:2: volumeTier disk@P:P10:12B: key "disk@P:P10:12B": the tier's size "12B" is not a whole number of GiB above zero`},
		{"tier per GB", "volumeTier,disk@P:P10:128,0.15,GB-month,s,2026\n", `fees-r1.csv:2: volumeTier disk@P:P10:128: unit "GB-month": a volumeTier is priced per disk-month`},
		{"two tiers of a size", "volumeTier,disk@P:P10:128,19.71,disk-month,s,2026\nvolumeTier,disk@P:X10:128,9,disk-month,s,2026\n", `fees-r1.csv:3: volumeTier disk@P:X10:128: disk@P: tiers P10 and X10 are both 128 GiB`},
		{"minimum not a number", "volume,file@P:lots,0.16,GB-month,s,2026\n", `fees-r1.csv:2: volume file@P:lots: key "file@P:lots": a volume row's key is provisioner[@disk-type][:least billed GiB]`},
		{"priced twice", "volume,file@P:100,0.16,GB-month,s,2026\nvolume,file@P,0.2,GB-month,s,2026\n", `fees-r1.csv:3: volume file@P: file@P is priced twice`},
		{"per GB and by tier", "volume,disk@P,0.1,GB-month,s,2026\nvolumeTier,disk@P:P10:128,19.71,disk-month,s,2026\n", `fees-r1.csv: disk@P has a price per GB-month and prices by size tier: one or the other`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pricing.ParseFees("fees-r1.csv", []byte(feeHead+tc.rows))
			assert.EqualError(t, err, tc.want)
		})
	}
}

// A disk is billed as the smallest tier that holds it: a size between two
// tiers pays the larger, a size on a tier's edge that tier, a fraction of a
// GiB over an edge the next one up. Tiers double, so a disk that would fit
// half of its tier belongs to an unpriced smaller one: a gap, not P6's
// price for a 10 GiB disk, nor P15's for one that needs the missing P20.
func TestTier(t *testing.T) {
	p := pricing.Price{Unit: pricing.PerDiskMonth, Source: "s"}
	r := pricing.Region{VolumeTiers: map[string][]pricing.SizeTier{"disk@P": {
		{Name: "P6", GiB: 64, Price: p}, {Name: "P10", GiB: 128, Price: p}, {Name: "P15", GiB: 256, Price: p}, {Name: "P30", GiB: 1024, Price: p},
	}}}
	for _, tc := range []struct {
		name   string
		volume string
		gib    float64
		tier   string
		ok     bool
		err    string
	}{
		{"above half the smallest", "disk@P", 33, "P6", true, ""},
		{"half the smallest", "disk@P", 32, "", true, "32 GiB falls in a disk@P tier below P6 (64 GiB) that has no price"},
		{"on an edge", "disk@P", 128, "P10", true, ""},
		{"between two", "disk@P", 200, "P15", true, ""},
		{"just over an edge", "disk@P", 128.2, "P15", true, ""},
		{"in a missing tier", "disk@P", 300, "", true, "300 GiB falls in a disk@P tier below P30 (1024 GiB) that has no price"},
		{"above a missing tier", "disk@P", 600, "P30", true, ""},
		{"above the largest", "disk@P", 2048, "", true, "2048 GiB is larger than the largest disk@P tier priced, P30 (1024 GiB)"},
		{"no tiers", "disk@S", 10, "", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok, err := r.Tier(tc.volume, tc.gib)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.tier, got.Name)
			if tc.err == "" {
				assert.NoError(t, err)
			} else {
				assert.EqualError(t, err, tc.err)
			}
		})
	}
}
