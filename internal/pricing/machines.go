package pricing

import (
	"fmt"

	"github.com/mlkube/mlkube/internal/datatable"
)

// MachineTable is one region's on-demand machine prices, read from one
// source on one date. Providers embed it as a CSV file (see
// ParseMachines and WithPriceFiles) so the rows stay data and the source stays beside them.
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
