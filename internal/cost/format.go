package cost

import (
	"fmt"
	"strings"
)

// USD formats dollars with thousands separators and cents: $12,345.67.
func USD(x float64) string {
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	s := fmt.Sprintf("%.2f", x)
	whole, cents, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + "$" + b.String() + "." + cents
}

// Range formats a monthly range; one figure when both ends agree.
func Range(lo, hi float64) string {
	if lo == hi {
		return USD(lo)
	}
	return USD(lo) + "–" + USD(hi)
}

// OwnHardware stands for the price of machines paid for elsewhere (an
// adopted cluster, the team's own servers): they have no list price, which
// is no zero and no gap in a table either.
const OwnHardware = "own hardware, no list price"

// Summary is the estimate in one phrase, for plan-all and diff summaries.
func (e *Estimate) Summary() string {
	if e == nil {
		return "not estimated"
	}
	s := Range(e.MonthlyMin, e.MonthlyMax) + "/month"
	switch {
	case e.OwnHardware != "" && e.MonthlyMax == 0:
		return OwnHardware
	case e.OwnHardware != "":
		s += " (own hardware: stack prices only)"
	case len(e.Unpriced) > 0 && e.MonthlyMax == 0:
		return fmt.Sprintf("not priced (%d warning(s), the first: %s)", len(e.Unpriced), e.Unpriced[0])
	case len(e.Unpriced) > 0:
		s += fmt.Sprintf(" (partial: %d item(s) not priced)", len(e.Unpriced))
	}
	return s
}
