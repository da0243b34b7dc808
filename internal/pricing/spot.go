package pricing

import (
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/mlkube/mlkube/internal/datatable"
)

// spotSpec is the shape of a provider's spot.csv: the range of the spot
// price as a fraction of on demand, per machine family, each row with the
// source it was computed from and its date:
//
//	family,low,high,source,date
//	g2-standard,0.441,0.6,"pricing.yml hour_spot/hour, 4 regions",2026-07-30
//	Standard_NC*as_T4_v3,0.2,0.5,"...",2026-12-05
//
// A family is the start of its machine types' names (see InFamily) or, for
// a cloud whose sizes do not split at - or . (Azure's Standard_NC4as_T4_v3),
// a path.Match pattern.
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
		if _, err := path.Match(row.Text("family"), ""); err != nil {
			return fmt.Errorf("family is not a prefix or a path.Match pattern: %v", err)
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
// family it is in, see FamilyOf), else the cloud's.
func (c Catalog) SpotFor(machineType string) Spot {
	if fam, ok := FamilyOf(c.SpotFamilies, machineType); ok {
		return c.SpotFamilies[fam]
	}
	return c.Spot
}

// FamilyOf is the family of families that machineType is in; of several,
// the longest is the most specific (a2-highgpu before a2). It is the one
// rule both the estimate and hack/spotrange, which computes the ranges,
// use.
func FamilyOf[V any](families map[string]V, machineType string) (string, bool) {
	best := ""
	for fam := range families {
		if len(fam) > len(best) && InFamily(fam, machineType) {
			best = fam
		}
	}
	return best, best != ""
}

// InFamily reports whether machineType is of family: a pattern family
// (one with *, ? or [) matches the whole name as path.Match does; any
// other is the start of the name followed by - or . (g5 holds g5.xlarge,
// not g5g.xlarge; a2-highgpu holds a2-highgpu-8g).
func InFamily(family, machineType string) bool {
	if strings.ContainsAny(family, "*?[") {
		ok, err := path.Match(family, machineType)
		return ok && err == nil
	}
	return strings.HasPrefix(machineType, family+"-") || strings.HasPrefix(machineType, family+".")
}

// SpotFraction is a spot price as a fraction of its on-demand price, to
// the three decimals spot.csv states: the one rounding the generator, the
// source checks and the tables share.
func SpotFraction(spot, onDemand float64) float64 {
	return math.Round(spot/onDemand*1000) / 1000
}
