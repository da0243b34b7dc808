package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/pricing"
)

// row is one catalogue line: its number and text as they stand, and the
// columns a range is computed from.
type row struct {
	line        int
	text        string
	machine     string
	region      string
	price, spot float64
	hasSpot     bool
}

// ratio is what the row's spot instance costs as a fraction of on demand.
func (r row) ratio() float64 { return r.spot / r.price }

// fields splits one CSV line (GpuInfo is quoted and holds commas).
func fields(line string) []string {
	f, err := csv.NewReader(strings.NewReader(line)).Read()
	if err != nil {
		return nil
	}
	return f
}

// parseRow reads the columns InstanceType, Price, SpotPrice and Region of
// a line under header.
func parseRow(header []string, n int, line string) (row, error) {
	f := fields(line)
	if len(f) != len(header) {
		return row{}, fmt.Errorf("%d fields, the header has %d", len(f), len(header))
	}
	col := func(name string) string {
		if i := slices.Index(header, name); i >= 0 {
			return f[i]
		}
		return ""
	}
	r := row{line: n, text: line, machine: col("InstanceType"), region: col("Region")}
	price, err := strconv.ParseFloat(col("Price"), 64)
	if err != nil || price <= 0 {
		// A type without an on-demand price has no ratio either.
		return r, nil
	}
	r.price = price
	if s := col("SpotPrice"); s != "" {
		if r.spot, err = strconv.ParseFloat(s, 64); err != nil {
			return row{}, fmt.Errorf("SpotPrice %q is not a number", s)
		}
		r.hasSpot = r.spot > 0
	}
	return r, nil
}

// span is a family's range: the rows of its least and greatest ratio.
type span struct {
	family    string
	low, high row
}

// ranges is the span of each family over the rows of regions that have a
// spot price and whose Price is the one the plan bills (billed says so:
// a SpotPrice / Price against another on-demand figure would not hold for
// the table's), in the order the families were given; missing names the
// families no such row is of.
func ranges(rows []row, families, regions []string, billed func(row) bool) (spans []span, missing []string) {
	fams := map[string]bool{}
	for _, f := range families {
		fams[f] = true
	}
	byFamily := map[string]*span{}
	for _, r := range rows {
		if !r.hasSpot || !slices.Contains(regions, r.region) || !billed(r) {
			continue
		}
		fam, ok := pricing.FamilyOf(fams, r.machine)
		if !ok {
			continue
		}
		s := byFamily[fam]
		if s == nil {
			byFamily[fam] = &span{family: fam, low: r, high: r}
			continue
		}
		if r.ratio() < s.low.ratio() {
			s.low = r
		}
		if r.ratio() > s.high.ratio() {
			s.high = r
		}
	}
	for _, f := range families {
		if s, ok := byFamily[f]; ok {
			spans = append(spans, *s)
		} else {
			missing = append(missing, f)
		}
	}
	return spans, missing
}

// billedBy is whether a row's Price is the on-demand price c's tables
// bill its machine at in its region (to the tables' six decimals).
func billedBy(c pricing.Catalog) func(row) bool {
	return func(r row) bool {
		p, ok := c.Regions[r.region].Machines[r.machine]
		return ok && math.Abs(p.USD-r.price) <= 5e-7
	}
}

// Bounds are a span's low and high as spot.csv states them: three
// decimals, high capped at 1 (a spot instance's default maximum price is
// the on-demand price, so a listed spot price above it is never billed).
func (s span) Bounds() (low, high float64) {
	return pricing.SpotFraction(s.low.spot, s.low.price), math.Min(1, pricing.SpotFraction(s.high.spot, s.high.price))
}

// source says where a spot.csv row was computed from.
type source struct {
	file, commit, date string
	regions            []string
}

// write prints spot.csv to out and the rows behind each bound to evidence.
func write(out, evidence io.Writer, spans []span, src source) error {
	w := csv.NewWriter(out)
	fmt.Fprintf(out, "# Spot prices as a fraction of on demand, per machine family: the lowest and highest\n")
	fmt.Fprintf(out, "# SpotPrice / Price over the family's sizes in %s (every zone),\n", strings.Join(src.regions, ", "))
	fmt.Fprintf(out, "# skipping rows without a spot price or whose Price is not the one the price tables bill; high\n")
	fmt.Fprintf(out, "# capped at 1. Written by hack/spotrange; spot prices move: a range read on one day, not a quote.\n")
	if err := w.Write([]string{"family", "low", "high", "source", "date"}); err != nil {
		return err
	}
	for _, s := range spans {
		low, high := s.Bounds()
		text := fmt.Sprintf("skypilot-org/skypilot-catalog %s at %s, SpotPrice / Price of %s; high capped at 1.0: a spot instance never bills above on demand by default", src.file, src.commit, s.family)
		if err := w.Write([]string{s.family, strconv.FormatFloat(low, 'f', 3, 64), strconv.FormatFloat(high, 'f', 3, 64), text, src.date}); err != nil {
			return err
		}
		fmt.Fprintf(evidence, "%s low  line %d: %s\n%s high line %d: %s\n", s.family, s.low.line, s.low.text, s.family, s.high.line, s.high.text)
	}
	w.Flush()
	return w.Error()
}
