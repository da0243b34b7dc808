package pricing

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"

	"github.com/mlkube/mlkube/internal/datatable"
)

// MachineTable is one region's on-demand machine prices, read from one
// source on one date. Providers embed it as a CSV file (see
// ParseMachines) so the rows stay data and the source stays beside them.
type MachineTable struct {
	Source, Date string
	// Machines are per-hour prices by machine type, each carrying the
	// table's source and date.
	Machines map[string]Price
}

// machineSpec is the shape of a machine price file:
//
//	# source: where the prices were read
//	# date: when the source stated them
//	machine_type,usd_per_hour,note
//	m6i.large,0.096,
var machineSpec = datatable.Spec{
	Columns:  []string{"machine_type", "usd_per_hour", "note"},
	Optional: []string{"note"},
	Meta:     []string{"source", "date"},
}

// ParseMachines reads a machine price file (name is its path, for errors).
// A price that is missing, not a number or not above zero is an error
// naming file:line: a price table never prices a machine at zero.
func ParseMachines(name string, data []byte) (MachineTable, error) {
	machines := map[string]Price{}
	meta, err := datatable.Parse(name, data, machineSpec, func(r datatable.Row) error {
		usd, err := r.Float("usd_per_hour")
		if err != nil {
			return err
		}
		if usd <= 0 {
			return fmt.Errorf("usd_per_hour %v is not above zero", usd)
		}
		machines[r.Text("machine_type")] = Price{USD: usd, Unit: PerHour, Source: r.Meta("source"), Date: r.Meta("date")}
		return nil
	})
	if err != nil {
		return MachineTable{}, err
	}
	return MachineTable{Source: meta["source"], Date: meta["date"], Machines: machines}, nil
}

// machineFile is how a machine price file is named: prices-<region>.csv.
var machineFile = regexp.MustCompile(`^prices-([a-z0-9-]+)\.csv$`)

// WithMachineFiles returns c with the machine prices of every
// prices-<region>.csv file in files added to that region (files is the
// provider's embedded folder dir; dir names the files in errors). The
// catalog literal then keeps only what is not a table row: fees, volumes,
// spot range and notes.
func WithMachineFiles(dir string, files fs.FS, c Catalog) (Catalog, error) {
	names, err := fs.Glob(files, "*.csv")
	if err != nil {
		return Catalog{}, err
	}
	regions := maps.Clone(c.Regions)
	if regions == nil {
		regions = map[string]Region{}
	}
	for _, name := range names {
		path := dir + "/" + name
		m := machineFile.FindStringSubmatch(name)
		if m == nil {
			return Catalog{}, fmt.Errorf("%s: a machine price file is named prices-<region>.csv", path)
		}
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return Catalog{}, err
		}
		table, err := ParseMachines(path, data)
		if err != nil {
			return Catalog{}, err
		}
		r := regions[m[1]]
		if r.Machines != nil {
			return Catalog{}, fmt.Errorf("%s: region %s already has machine prices", path, m[1])
		}
		r.Machines = table.Machines
		regions[m[1]] = r
	}
	if len(names) == 0 {
		return Catalog{}, fmt.Errorf("%s: no machine price file", dir)
	}
	c.Regions = regions
	return c, nil
}

// MustWithMachineFiles is WithMachineFiles for a provider's embedded files:
// it runs at init, so a malformed row panics naming file:line and fails
// every test and every run instead of silently dropping a price.
func MustWithMachineFiles(dir string, files fs.FS, c Catalog) Catalog {
	c, err := WithMachineFiles(dir, files, c)
	if err != nil {
		panic(err)
	}
	return c
}
