package pricing_test

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const spotHead = "family,low,high,source,date\n"

// A machine takes its family's spot range (the longest family it is in: a
// prefix followed by - or ., or a path.Match pattern for names that do not
// split, like Azure's), and a machine of no listed family the cloud's.
func TestSpotFor(t *testing.T) {
	fams, err := pricing.ParseSpot("spot.csv", []byte(spotHead+
		"a2-highgpu,0.452,0.6,yml,2026-07-30\na2,0.3,0.5,other,2026\ng5,0.2,0.7,p,2026\n"+
		"Standard_NC*as_T4_v3,0.25,0.5,t4,2026\nStandard_NC*ads_A100_v4,0.3,0.6,a100,2026\n"+
		"Standard_D*s_v5,0.15,0.4,dsv5,2026\nStandard_D*ds_v5,0.16,0.45,ddsv5,2026\n"))
	require.NoError(t, err)
	c := pricing.Catalog{Spot: pricing.Spot{Low: 0.09, High: 0.4, Source: "cloud"}, SpotFamilies: fams}
	for _, tc := range []struct {
		machine string
		want    pricing.Spot
	}{
		{"a2-highgpu-8g", pricing.Spot{Low: 0.452, High: 0.6, Source: "yml (2026-07-30)"}},
		{"a2-ultragpu-1g", pricing.Spot{Low: 0.3, High: 0.5, Source: "other (2026)"}},
		{"g5.2xlarge", pricing.Spot{Low: 0.2, High: 0.7, Source: "p (2026)"}},
		{"g5x.large", pricing.Spot{Low: 0.09, High: 0.4, Source: "cloud"}},
		{"g5g.xlarge", pricing.Spot{Low: 0.09, High: 0.4, Source: "cloud"}},
		{"n2-standard-8", pricing.Spot{Low: 0.09, High: 0.4, Source: "cloud"}},
		{"Standard_NC4as_T4_v3", pricing.Spot{Low: 0.25, High: 0.5, Source: "t4 (2026)"}},
		{"Standard_NC64as_T4_v3", pricing.Spot{Low: 0.25, High: 0.5, Source: "t4 (2026)"}},
		{"Standard_NC24ads_A100_v4", pricing.Spot{Low: 0.3, High: 0.6, Source: "a100 (2026)"}},
		// Both D patterns match D4ds_v5; the longer one is its family.
		{"Standard_D4ds_v5", pricing.Spot{Low: 0.16, High: 0.45, Source: "ddsv5 (2026)"}},
		{"Standard_D4s_v5", pricing.Spot{Low: 0.15, High: 0.4, Source: "dsv5 (2026)"}},
		// A pattern matches the whole name: another generation is not in it.
		{"Standard_D4s_v6", pricing.Spot{Low: 0.09, High: 0.4, Source: "cloud"}},
		{"Standard_NC4as_T4_v3_promo", pricing.Spot{Low: 0.09, High: 0.4, Source: "cloud"}},
	} {
		assert.Equal(t, tc.want, c.SpotFor(tc.machine), tc.machine)
	}
}

func TestInFamily(t *testing.T) {
	for _, tc := range []struct {
		family, machine string
		want            bool
	}{
		{"g5", "g5.xlarge", true},
		{"g5", "g5g.xlarge", false},
		{"g5", "g5", false},
		{"n2-standard", "n2-standard-8", true},
		{"n2", "n2d-standard-8", false},
		{"Standard_NC*as_T4_v3", "Standard_NC16as_T4_v3", true},
		{"Standard_NC*as_T4_v3", "Standard_NC16ads_A10_v4", false},
		{"Standard_ND*asr_v4", "Standard_ND96asr_v4", true},
		{"Standard_ND*asr_v4", "Standard_ND96amsr_A100_v4", false},
	} {
		assert.Equal(t, tc.want, pricing.InFamily(tc.family, tc.machine), "%s in %s", tc.machine, tc.family)
	}
}

func TestParseSpotRejects(t *testing.T) {
	for row, want := range map[string]string{
		"g2,0,0.5,s,2026\n":                      `spot.csv:2: g2: low 0 and high 0.5 are not fractions 0 < low <= high <= 1 of the on-demand price`,
		"g2,0.6,0.5,s,2026\n":                    `spot.csv:2: g2: low 0.6 and high 0.5 are not fractions 0 < low <= high <= 1 of the on-demand price`,
		"g2,0.4,1.2,s,2026\n":                    `spot.csv:2: g2: low 0.4 and high 1.2 are not fractions 0 < low <= high <= 1 of the on-demand price`,
		"g2,0.4,0.5,s,July\n":                    `spot.csv:2: g2: date "July" is not YYYY, YYYY-MM or YYYY-MM-DD`,
		"g2,0.4,0.5,,2026-07\n":                  `spot.csv:2: source is empty`,
		"Standard_NC[4as_T4_v3,0.4,0.5,s,2026\n": `spot.csv:2: Standard_NC[4as_T4_v3: family is not a prefix or a path.Match pattern: syntax error in pattern`,
	} {
		_, err := pricing.ParseSpot("spot.csv", []byte(spotHead+row))
		assert.EqualError(t, err, want, row)
	}
}
