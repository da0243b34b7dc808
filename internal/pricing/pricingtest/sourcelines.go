// Package pricingtest ties the rows of a provider's price tables to the
// lines of the sources they were read from, for the providers' tests.
package pricingtest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
)

// Line is one machine price as its source states it: Text is the source
// line copied as it stands, File the source file it is in (the table's
// "# source:" header must name it) and Line its number there.
//
// A CSV source (one machine, region and zone per row) names the price's
// column instead: Column is its index from 0, the line's first field must
// be the machine and another the region. Such a line is unique in its file
// by its machine, region and zone, so Line may be 0 where the file is too
// long to number (a 2.4 MB catalogue read a page at a time).
type Line struct {
	Region, Machine string
	File            string
	Line            int
	Text            string
	Column          int
}

// value finds the machine's price in a source line: `"m6i.large": 0.096000`
// in a generated Go map, `"onDemand": 1.212` or `hour: 29.38708` on a line
// of its own.
var value = regexp.MustCompile(`(?:"([^"]+)":\s*|hour:\s*)([0-9]+(?:\.[0-9]+)?)`)

// Check fails for each line whose price is not the table's row (to six
// decimals, the tables' precision) or whose table names another source.
func Check(t *testing.T, c pricing.Catalog, lines []Line) {
	t.Helper()
	for _, l := range lines {
		row, ok := c.Regions[l.Region].Machines[l.Machine]
		if !ok {
			t.Errorf("%s %s: no row", l.Region, l.Machine)
			continue
		}
		if !strings.Contains(row.Source, l.File) {
			t.Errorf("%s %s: the table's source %q is not %s", l.Region, l.Machine, row.Source, l.File)
		}
		want, found := -1.0, false
		if l.Column > 0 {
			want, found = csvPrice(l)
		}
		for _, m := range value.FindAllStringSubmatch(l.Text, -1) {
			if l.Column == 0 && (m[1] == "" || m[1] == l.Machine || m[1] == "onDemand") {
				want, _ = strconv.ParseFloat(m[2], 64)
				found = true
			}
		}
		if !found {
			t.Errorf("%s:%d states no price of %s: %q", l.File, l.Line, l.Machine, l.Text)
			continue
		}
		if d := row.USD - want; d > 5e-7 || d < -5e-7 {
			t.Errorf("%s %s: the table says %v, %s:%d says %v", l.Region, l.Machine, row.USD, l.File, l.Line, want)
		}
	}
}

// csvPrice is the price a CSV source line states for l's machine in l's
// region; found is false when the line is another machine's or region's.
func csvPrice(l Line) (usd float64, found bool) {
	fields := strings.Split(l.Text, ",")
	if len(fields) <= l.Column || fields[0] != l.Machine || !slices.Contains(fields[1:], l.Region) {
		return 0, false
	}
	usd, err := strconv.ParseFloat(fields[l.Column], 64)
	return usd, err == nil
}
