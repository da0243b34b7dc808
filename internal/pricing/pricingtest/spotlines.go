package pricingtest

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
)

// SpotRow is a catalogue row (SkyPilot's vms.csv: InstanceType first,
// then Price, SpotPrice and Region in columns 6 to 8) that gives one bound
// of a family's spot range: Bound is "low" or "high".
type SpotRow struct {
	Family, Bound string
	Text          string
}

// ReadSpotRows reads a provider's testdata file of spot source rows: one
// "<family> <low|high> <catalogue row as it stands>" per line, blank lines
// and # comments skipped.
func ReadSpotRows(t *testing.T, path string) []SpotRow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []SpotRow
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, " ", 3)
		if len(parts) != 3 {
			t.Fatalf("%s:%d: want <family> <low|high> <row>", path, i+1)
		}
		out = append(out, SpotRow{Family: parts[0], Bound: parts[1], Text: parts[2]})
	}
	return out
}

// CheckSpot fails unless every family of the catalog's spot.csv is tied to
// the rows that give its low and high: each row is of the family and of a
// region the catalog prices, its Price is the catalog's on-demand price of
// that machine there (the catalogue still lists some types at an older
// price), the bound is its SpotPrice / Price to the table's three decimals
// (high capped at 1), and the family's source names file and commit. A
// family whose high is the cap, 1, needs no row for it.
func CheckSpot(t *testing.T, c pricing.Catalog, file, commit string, rows []SpotRow) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range rows {
		spot, ok := c.SpotFamilies[r.Family]
		if !ok {
			t.Errorf("%s: not a family of spot.csv", r.Family)
			continue
		}
		f, err := csv.NewReader(strings.NewReader(r.Text)).Read()
		if err != nil || len(f) < 9 {
			t.Errorf("%s %s: not a catalogue row: %q", r.Family, r.Bound, r.Text)
			continue
		}
		if !pricing.InFamily(r.Family, f[0]) {
			t.Errorf("%s %s: %s is not of the family", r.Family, r.Bound, f[0])
		}
		if _, ok := c.Regions[f[8]]; !ok {
			t.Errorf("%s %s: region %s is not one the tables price", r.Family, r.Bound, f[8])
		}
		price, err1 := strconv.ParseFloat(f[6], 64)
		spotPrice, err2 := strconv.ParseFloat(f[7], 64)
		if err1 != nil || err2 != nil || price <= 0 {
			t.Errorf("%s %s: no Price and SpotPrice in %q", r.Family, r.Bound, r.Text)
			continue
		}
		if billed, ok := c.Regions[f[8]].Machines[f[0]]; !ok || math.Abs(billed.USD-price) > 5e-7 {
			t.Errorf("%s %s: the row's Price %v is not the table's on-demand price of %s in %s (%v): its ratio does not hold for what the plan bills", r.Family, r.Bound, price, f[0], f[8], billed.USD)
		}
		ratio := pricing.SpotFraction(spotPrice, price)
		got := map[string]float64{"low": spot.Low, "high": spot.High}[r.Bound]
		if r.Bound == "high" {
			ratio = math.Min(1, ratio)
		}
		if !slices.Contains([]string{"low", "high"}, r.Bound) || got != ratio {
			t.Errorf("%s %s: spot.csv says %v, the row's SpotPrice / Price is %v", r.Family, r.Bound, got, ratio)
		}
		if !strings.Contains(spot.Source, file) || !strings.Contains(spot.Source, commit) {
			t.Errorf("%s: the source %q is not %s at %s", r.Family, spot.Source, file, commit)
		}
		seen[r.Family+" "+r.Bound] = true
	}
	for fam, spot := range c.SpotFamilies {
		for _, b := range []string{"low", "high"} {
			// A high of 1 is the cap itself (a spot VM never bills above
			// on demand by default), which no catalogue row need show.
			if !seen[fam+" "+b] && (b == "low" || spot.High < 1) {
				t.Errorf("%s: no source row for its %s", fam, b)
			}
		}
	}
}
