package pricing

import (
	"fmt"
	"strings"

	"github.com/mlkube/mlkube/internal/datatable"
)

// spotSpec is the shape of a provider's spot.csv: the range of the spot
// price as a fraction of on demand, per machine family, each row with the
// source it was computed from and its date:
//
//	family,low,high,source,date
//	g2-standard,0.441,0.6,"pricing.yml hour_spot/hour, 4 regions",2026-07-30
var spotSpec = datatable.Spec{
	Columns: []string{"family", "low", "high", "source", "date"},
	Key:     []string{"family"},
}

// ParseSpot reads a spot file (name is its path, for errors). A fraction
// outside (0, 1] or a low above its high is an error naming file:line.
func ParseSpot(name string, data []byte) (map[string]Spot, error) {
	out := map[string]Spot{}
	_, err := datatable.Parse(name, data, spotSpec, func(row datatable.Row) error {
		low, err := row.Float("low")
		if err != nil {
			return err
		}
		high, err := row.Float("high")
		if err != nil {
			return err
		}
		if low <= 0 || high > 1 || low > high {
			return fmt.Errorf("low %v and high %v are not fractions 0 < low <= high <= 1 of the on-demand price", low, high)
		}
		if d := row.Text("date"); !feeDate.MatchString(d) {
			return fmt.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", d)
		}
		out[row.Text("family")] = Spot{Low: low, High: high, Source: row.Text("source") + " (" + row.Text("date") + ")"}
		return nil
	})
	return out, err
}

// SpotFor is the spot range of a machine type: its family's (the longest
// family the type starts with, followed by - or .), else the cloud's.
func (c Catalog) SpotFor(machineType string) Spot {
	best := ""
	for fam := range c.SpotFamilies {
		if len(fam) > len(best) && (strings.HasPrefix(machineType, fam+"-") || strings.HasPrefix(machineType, fam+".")) {
			best = fam
		}
	}
	if best != "" {
		return c.SpotFamilies[best]
	}
	return c.Spot
}
