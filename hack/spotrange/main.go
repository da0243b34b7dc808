// Command spotrange writes a provider's spot.csv from SkyPilot's VM
// catalogue (skypilot-org/skypilot-catalog catalogs/v7/<cloud>/vms.csv: one
// row per instance type, region and, on AWS, zone, with its on-demand Price
// and its SpotPrice), so the spot ranges can be regenerated and checked:
//
//	go run ./hack/spotrange -catalogue vms.csv -commit 001367d2... -date 2026-12-05 \
//	    -regions us-east-1,us-west-2 -families g5,g6 -tables providers/eks > providers/eks/spot.csv
//
// A family's low and high are the least and the greatest SpotPrice / Price
// over its sizes in those regions (every zone); a row with no spot price, or
// whose Price is not the one the provider's tables bill (the catalogue still
// lists p4d and p5 at their prices before the 2025 cut), is skipped, and
// high is capped at 1, for a spot instance never bills above
// the on-demand price by default. The rows that give each bound are
// printed to stderr as they stand, with their line numbers, for the
// provider's source test. Families use pricing.InFamily, the rule the
// estimate reads spot.csv with.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/mlkube/mlkube/internal/pricing"
)

func main() {
	catalogue := flag.String("catalogue", "", "path of the catalogue's vms.csv")
	file := flag.String("file", "catalogs/v7/aws/vms.csv", "the catalogue file's path in its repository, for the source")
	commit := flag.String("commit", "", "the catalogue's commit")
	date := flag.String("date", "", "when the catalogue was read (YYYY-MM-DD)")
	regions := flag.String("regions", "", "comma-separated regions of the provider's price tables")
	families := flag.String("families", "", "comma-separated families (prefixes or path.Match patterns)")
	tables := flag.String("tables", "", "the provider's folder of price tables (providers/eks): only rows whose Price they bill count")
	flag.Parse()
	if *catalogue == "" || *commit == "" || *date == "" || *regions == "" || *families == "" || *tables == "" {
		flag.Usage()
		os.Exit(2)
	}
	f, err := os.Open(*catalogue)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	rows, err := readCatalogue(f)
	if err != nil {
		fail(fmt.Errorf("%s: %w", *catalogue, err))
	}
	billed, err := machineTables(*tables)
	if err != nil {
		fail(err)
	}
	spans, missing := ranges(rows, split(*families), split(*regions), billedBy(billed))
	src := source{file: *file, commit: *commit, date: *date, regions: split(*regions)}
	if err := write(os.Stdout, os.Stderr, spans, src); err != nil {
		fail(err)
	}
	for _, fam := range missing {
		fmt.Fprintf(os.Stderr, "%s: no row with a spot price and the tables' on-demand price in these regions; it keeps the cloud's range\n", fam)
	}
}

// machineTables reads the machine prices of a provider's folder
// (prices-<region>[.<part>].csv) by region; its fees and other tables are
// not needed here.
func machineTables(dir string) (pricing.Catalog, error) {
	names, err := filepath.Glob(filepath.Join(dir, "prices-*.csv"))
	if err != nil {
		return pricing.Catalog{}, err
	}
	c := pricing.Catalog{Regions: map[string]pricing.Region{}}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return pricing.Catalog{}, err
		}
		t, err := pricing.ParseMachines(name, data)
		if err != nil {
			return pricing.Catalog{}, err
		}
		region, _, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), "prices-"), ".csv"), ".")
		r := c.Regions[region]
		if r.Machines == nil {
			r.Machines = map[string]pricing.Price{}
		}
		maps.Copy(r.Machines, t.Machines)
		c.Regions[region] = r
	}
	return c, nil
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "spotrange:", err)
	os.Exit(1)
}

// readCatalogue reads every row of a catalogue, keeping each line's text
// and number (from 1, the header's).
func readCatalogue(r io.Reader) ([]row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	var header []string
	var rows []row
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if header == nil {
			header = fields(line)
			continue
		}
		r, err := parseRow(header, n, line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		rows = append(rows, r)
	}
	if header == nil {
		return nil, fmt.Errorf("empty")
	}
	return rows, sc.Err()
}
