// Package pricingtest ties the rows of a provider's price tables to the
// lines of the sources they were read from, for the providers' tests.
package pricingtest

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
)

// Line is one machine price as its source states it: Text is the source
// line copied as it stands, File the source file it is in (the table's
// "# source:" header must name it) and Line its number there.
type Line struct {
	Region, Machine string
	File            string
	Line            int
	Text            string
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
		for _, m := range value.FindAllStringSubmatch(l.Text, -1) {
			if m[1] == "" || m[1] == l.Machine || m[1] == "onDemand" {
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
