package plan

import (
	"fmt"
	"github.com/mlkube/mlkube/internal/pricing"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mlkube/mlkube/internal/cost"
)

// writeCost prints the monthly estimate: the range, a table of pools at min
// and max, a table of the other items, what is not priced and why the
// figure is a range.
func writeCost(w io.Writer, e *cost.Estimate) {
	if e == nil {
		return
	}
	fmt.Fprintf(w, "\nMonthly cost (USD, %d h, list prices): %s", e.HoursPerMonth, e.Summary())
	if e.OnDemandMonthlyMax != e.MonthlyMax || e.OnDemandMonthlyMin != e.MonthlyMin {
		fmt.Fprintf(w, "; all on demand %s", cost.Range(e.OnDemandMonthlyMin, e.OnDemandMonthlyMax))
	}
	fmt.Fprintln(w)
	if e.OwnHardware != "" {
		fmt.Fprintf(w, "  %s\n", e.OwnHardware)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(e.Pools) > 0 {
		fmt.Fprintln(tw, "  pool\tmachine\tnodes\tcapacity\tper node\tmin/month\tmax/month")
		for _, p := range e.Pools {
			capacity, unit := "on-demand", "not priced"
			lo, hi := cost.USD(p.MonthlyMin), cost.USD(p.MonthlyMax)
			if p.Machine == nil && e.OwnHardware != "" {
				capacity, unit, lo, hi = "own hardware", "no list price", "—", "—"
			}
			if p.Spot {
				capacity = "spot"
				if p.SpotHigh > 0 {
					capacity = fmt.Sprintf("spot %.0f–%.0f%%", p.SpotLow*100, p.SpotHigh*100)
				}
			}
			if len(p.Tiers) > 0 {
				capacity = strings.Join(p.Tiers, " → ")
			}
			machine := p.MachineType
			if n := len(p.MachineTypes); n > 1 {
				machine = fmt.Sprintf("%s +%d", p.MachineType, n-1)
			}
			if p.Machine != nil {
				unit = p.Machine.String()
				if p.MachineMax != nil && p.MachineMax.USD != p.Machine.USD {
					unit += " to " + p.MachineMax.String()
				}
				if p.Disk != nil {
					unit += fmt.Sprintf(" + %d GB disk", p.DiskGB)
					if p.DiskTier != "" {
						unit += " (" + p.DiskTier + ")"
					}
				}
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d–%d\t%s\t%s\t%s\t%s\n", p.Pool, machine, p.NodesMin, p.NodesMax, capacity, unit, lo, hi)
		}
	}
	tw.Flush()
	if len(e.Items) > 0 {
		fmt.Fprintln(tw, "  item\tquantity\tunit price\tper month")
		for _, it := range e.Items {
			qty := fmt.Sprintf("%g", it.Quantity)
			if it.Price.Unit == pricing.PerGBMonth {
				qty += " GB"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", it.Item, qty, it.Price.String(), cost.USD(it.Monthly))
		}
	}
	tw.Flush()
	for _, u := range e.Unpriced {
		fmt.Fprintf(w, "  not priced: %s\n", u)
	}
	for _, a := range e.Assumptions {
		fmt.Fprintf(w, "  assumes: %s\n", a)
	}
}
