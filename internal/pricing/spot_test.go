package pricing_test

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const spotHead = "family,low,high,source,date\n"

// A machine takes its family's spot range (the longest family it starts
// with), and a machine of no listed family the cloud's.
func TestSpotFor(t *testing.T) {
	fams, err := pricing.ParseSpot("spot.csv", []byte(spotHead+"a2-highgpu,0.452,0.6,yml,2026-07-30\na2,0.3,0.5,other,2026\ng5,0.2,0.7,p,2026\n"))
	require.NoError(t, err)
	c := pricing.Catalog{Spot: pricing.Spot{Low: 0.09, High: 0.4, Source: "cloud"}, SpotFamilies: fams}
	for machine, want := range map[string]pricing.Spot{
		"a2-highgpu-8g":  {Low: 0.452, High: 0.6, Source: "yml (2026-07-30)"},
		"a2-ultragpu-1g": {Low: 0.3, High: 0.5, Source: "other (2026)"},
		"g5.2xlarge":     {Low: 0.2, High: 0.7, Source: "p (2026)"},
		"g5x.large":      {Low: 0.09, High: 0.4, Source: "cloud"},
		"n2-standard-8":  {Low: 0.09, High: 0.4, Source: "cloud"},
	} {
		assert.Equal(t, want, c.SpotFor(machine), machine)
	}
}

func TestParseSpotRejects(t *testing.T) {
	for row, want := range map[string]string{
		"g2,0,0.5,s,2026\n":     `spot.csv:2: g2: low 0 and high 0.5 are not fractions 0 < low <= high <= 1 of the on-demand price`,
		"g2,0.6,0.5,s,2026\n":   `spot.csv:2: g2: low 0.6 and high 0.5 are not fractions 0 < low <= high <= 1 of the on-demand price`,
		"g2,0.4,1.2,s,2026\n":   `spot.csv:2: g2: low 0.4 and high 1.2 are not fractions 0 < low <= high <= 1 of the on-demand price`,
		"g2,0.4,0.5,s,July\n":   `spot.csv:2: g2: date "July" is not YYYY, YYYY-MM or YYYY-MM-DD`,
		"g2,0.4,0.5,,2026-07\n": `spot.csv:2: source is empty`,
	} {
		_, err := pricing.ParseSpot("spot.csv", []byte(spotHead+row))
		assert.EqualError(t, err, want, row)
	}
}
