package lifecycle

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Phase is the support a minor has on a date.
type Phase int

const (
	// Unknown: the calendar does not list the minor and it is newer than
	// every listed one (a future minor, or one the calendar is too old
	// to know).
	Unknown Phase = iota
	// NotYet: listed, but released after the date.
	NotYet
	// Standard support.
	Standard
	// Extended (or long-term) support, past standard.
	Extended
	// Ended: past every support the source offers, or older than every
	// listed minor.
	Ended
)

func (p Phase) String() string {
	return [...]string{"unknown", "not yet released", "standard support", "extended support", "end of support"}[p]
}

// Verdict is what a calendar says about one minor on one date.
type Verdict struct {
	Minor Minor
	Phase Phase
	// Release is the minor's row (zero for Unknown, and for Ended minors
	// older than the calendar).
	Release Release
	// Supported are the minors in standard support on the date, oldest
	// first: the range a refusal names.
	Supported []Minor
	// Newest is the newest minor the calendar lists.
	Newest Minor
}

// Judge says which support minor has on the date on.
func (c *Calendar) Judge(m Minor, on time.Time) Verdict {
	v := Verdict{Minor: m, Newest: c.Newest()}
	for _, r := range c.Releases {
		if !on.Before(r.Released) && on.Before(r.EndStandard) {
			v.Supported = append(v.Supported, r.Minor)
		}
	}
	r, ok := c.Release(m)
	switch {
	case !ok && m.Compare(v.Newest) > 0:
		v.Phase = Unknown
	case !ok:
		v.Phase = Ended
	case on.Before(r.Released):
		v.Phase, v.Release = NotYet, r
	case on.Before(r.EndStandard):
		v.Phase, v.Release = Standard, r
	case !r.EndExtended.IsZero() && on.Before(r.EndExtended):
		v.Phase, v.Release = Extended, r
	default:
		v.Phase, v.Release = Ended, r
	}
	return v
}

// SupportedRange is "1.34 to 1.36", or "none" on a date past every row.
func (v Verdict) SupportedRange() string { return Range(v.Supported) }

// Range names consecutive minors as "1.34 to 1.36" (one as "1.36", none as
// "none").
func Range(ms []Minor) string {
	switch len(ms) {
	case 0:
		return "none"
	case 1:
		return ms[0].String()
	}
	return ms[0].String() + " to " + ms[len(ms)-1].String()
}

// Problem is the sentence that refuses a minor which is not released or
// not known, or "" when the minor is listed and released. Every source
// refuses those alike: a cluster cannot be created at a minor the source
// does not offer yet.
func (v Verdict) Problem(source string) string {
	switch v.Phase {
	case Unknown:
		return fmt.Sprintf("Kubernetes %s is not in the %s version calendar; the newest it knows is %s (supported now: %s)", v.Minor, source, v.Newest, v.SupportedRange())
	case NotYet:
		return fmt.Sprintf("Kubernetes %s is not released on %s until %s (supported now: %s)", v.Minor, source, day(v.Release.Released), v.SupportedRange())
	}
	return ""
}

// EnvToday names the environment variable that fixes the date the
// calendars are read on (YYYY-MM-DD): plans of a pull request's base and
// head, or a test, then agree whatever day they run.
const EnvToday = "MLKUBE_TODAY"

// Today is the date support is judged on: $MLKUBE_TODAY, else the current
// UTC day. A plan is deterministic for a given day.
func Today() (time.Time, error) {
	if s := strings.TrimSpace(os.Getenv(EnvToday)); s != "" {
		t, err := time.Parse(dateLayout, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s=%q is not a date (YYYY-MM-DD)", EnvToday, s)
		}
		return t, nil
	}
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), nil
}

// Day formats a date as the calendars write it.
func Day(t time.Time) string { return day(t) }
