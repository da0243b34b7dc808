package aks

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/mlkube/mlkube/internal/pricing/pricingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	spotFile   = "catalogs/v6/azure/vms.csv"
	spotCommit = "098741e70562f65d7af1cceb81e33b284f742604"
)

// Each family's spot range in spot.csv against the SkyPilot catalogue rows
// that give its low and high.
func TestSpotRangesMatchTheirSource(t *testing.T) {
	rows := pricingtest.ReadSpotRows(t, "testdata/spot-source.txt")
	pricingtest.CheckSpot(t, prices, spotFile, spotCommit, rows)
}

// testdata/spot-rows.csv holds every row of the catalogue for the sizes our
// tables price in the regions it covers, as they stand: no row of a family
// lies outside the family's range, whose source states the highest ratio
// the rows show while the high itself is the cap, each row's Price is the one the tables
// bill, the number of points a family's source claims is the number of
// rows it rests on, and the H100 rows, left out of spot.csv, list a
// SpotPrice equal to Price (no spot quote).
func TestEverySourceRowLiesInItsFamilyRange(t *testing.T) {
	f, err := os.Open("testdata/spot-rows.csv")
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"InstanceType", "Price", "SpotPrice", "Region"},
		[]string{records[0][0], records[0][6], records[0][7], records[0][8]})

	points := map[string]int{}
	highest := map[string]float64{}
	h100 := 0
	for _, r := range records[1:] {
		machine, region := r[0], r[8]
		price, err1 := strconv.ParseFloat(r[6], 64)
		spot, err2 := strconv.ParseFloat(r[7], 64)
		require.NoError(t, err1, machine)
		require.NoError(t, err2, machine)
		if strings.Contains(machine, "_H100_") {
			h100++
			assert.Equal(t, price, spot, "%s %s: the H100 rows are left out for listing no discount", machine, region)
			continue
		}
		fam, ok := pricing.FamilyOf(prices.SpotFamilies, machine)
		if !assert.True(t, ok, "%s is in no family of spot.csv", machine) {
			continue
		}
		billed, ok := prices.Regions[region].Machines[machine]
		assert.True(t, ok && math.Abs(billed.USD-price) <= 5e-7, "%s %s: Price %v is not what the tables bill (%v)", machine, region, price, billed.USD)
		ratio := pricing.SpotFraction(spot, price)
		rng := prices.SpotFamilies[fam]
		assert.True(t, rng.Low <= ratio && ratio <= rng.High, "%s %s: %v outside %s's %v–%v", machine, region, ratio, fam, rng.Low, rng.High)
		points[fam]++
		highest[fam] = math.Max(highest[fam], ratio)
	}
	assert.Equal(t, 8, h100)
	assert.Equal(t, map[string]int{
		"Standard_D*[0-9]s_v5":    24,
		"Standard_D*[0-9]ds_v5":   24,
		"Standard_NC*as_T4_v3":    12,
		"Standard_NC*ads_A100_v4": 9,
		"Standard_ND96a*sr*_v4":   3,
		"Standard_NV*ads_A10_v5":  6,
	}, points)
	for fam, n := range points {
		assert.Contains(t, prices.SpotFamilies[fam].Source, fmt.Sprintf("%d points", n), fam)
		// The catalogue's highest ratio is stated, and the range's high is
		// the cap above it: a 2024 snapshot bounds no price of today.
		assert.Contains(t, prices.SpotFamilies[fam].Source, fmt.Sprintf("observed high %.3f, taken as 1.0", highest[fam]), fam)
		assert.Equal(t, 1.0, prices.SpotFamilies[fam].High, fam)
	}
}

// Which range each size of the tables is priced at: the family patterns
// hold the sizes of their series and no neighbour (AMD's Dasv5, the
// local-disk-less Dldsv5, the NV A10 v5 with more memory), and the H100
// sizes, with no spot quote, and the ND H200 v5, whose spot rows were never
// read, keep the cloud's range.
func TestSpotFamilyOfEachSize(t *testing.T) {
	for _, tc := range []struct{ machine, family string }{
		{"Standard_D2s_v5", "Standard_D*[0-9]s_v5"},
		{"Standard_D96s_v5", "Standard_D*[0-9]s_v5"},
		{"Standard_D4ds_v5", "Standard_D*[0-9]ds_v5"},
		{"Standard_NC4as_T4_v3", "Standard_NC*as_T4_v3"},
		{"Standard_NC64as_T4_v3", "Standard_NC*as_T4_v3"},
		{"Standard_NC24ads_A100_v4", "Standard_NC*ads_A100_v4"},
		{"Standard_ND96asr_v4", "Standard_ND96a*sr*_v4"},
		{"Standard_ND96asr_A100_v4", "Standard_ND96a*sr*_v4"},
		{"Standard_ND96amsr_A100_v4", "Standard_ND96a*sr*_v4"},
		{"Standard_NV6ads_A10_v5", "Standard_NV*ads_A10_v5"},
		{"Standard_D4as_v5", ""},
		{"Standard_D4lds_v5", ""},
		{"Standard_NV36adms_A10_v5", ""},
		{"Standard_NC80adis_H100_v5", ""},
		{"Standard_NC40ads_H100_v5", ""},
		{"Standard_ND96isr_H100_v5", ""},
		{"Standard_ND96isr_H200_v5", ""},
	} {
		fam, _ := pricing.FamilyOf(prices.SpotFamilies, tc.machine)
		assert.Equal(t, tc.family, fam, tc.machine)
		if tc.family == "" {
			assert.Equal(t, prices.Spot, prices.SpotFor(tc.machine), tc.machine)
		} else {
			assert.Equal(t, prices.SpotFamilies[tc.family], prices.SpotFor(tc.machine), tc.machine)
		}
	}
	for region, r := range prices.Regions {
		for machine := range r.Machines {
			_, ok := pricing.FamilyOf(prices.SpotFamilies, machine)
			assert.Equal(t, !strings.Contains(machine, "_H100_") && !strings.Contains(machine, "_H200_"), ok, "%s in %s", machine, region)
		}
	}
}
