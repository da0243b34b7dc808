// Package lifecycle is the Kubernetes version calendar of each cluster
// source: when each minor was released there, when its standard support
// ends and when its extended (or long-term) support ends, every row with
// where it was read and when. The providers own their calendars beside
// their prices (providers/<kind>/versions.csv); the upstream calendar,
// which kubeadm and adopted clusters follow, is here.
//
// A calendar answers one question, Judge: on a date, what support does a
// minor have? What a source does with the answer (refuse to create the
// cluster, or create it and charge extended support) is the provider's
// rule.
package lifecycle

import (
	"fmt"
	"slices"
	"time"

	"github.com/mlkube/mlkube/internal/datatable"
)

// dateLayout is how the calendars write dates.
const dateLayout = "2006-01-02"

// StaleAfter is how old a calendar may be before the plan says so: the
// clouds add a minor about every four months, so a calendar older than
// this is missing at least one.
const StaleAfter = 6 * 30 * 24 * time.Hour

// Release is one minor on one source.
type Release struct {
	Minor Minor
	// Released is when the source made it generally available.
	Released time.Time
	// EndStandard is the end of standard support (upstream: end of life).
	EndStandard time.Time
	// EndExtended is the end of extended or long-term support; zero when
	// the source offers none for this minor.
	EndExtended time.Time
	// Source and Date say where the row's dates were read and when that
	// source was published.
	Source, Date string
}

// Calendar is one source's releases, oldest first.
type Calendar struct {
	// Name is the file it was read from, for messages.
	Name string
	// Checked is when the rows were last checked against their sources.
	Checked time.Time
	// Extended says what extended support means on this source.
	Extended string
	Releases []Release
}

// spec is the shape of a calendar file:
//
//	# checked: 2026-12-04
//	# extended: extended support, 12 more months at $0.60 per cluster hour
//	minor,released,endStandard,endExtended,source,date
//	1.36,2026-05-28,2027-07-28,2028-07-28,"docs.aws.amazon.com ...",2026-11
var spec = datatable.Spec{
	Columns:  []string{"minor", "released", "endStandard", "endExtended", "source", "date"},
	Optional: []string{"endExtended"},
	Meta:     []string{"checked", "extended"},
}

// Parse reads a calendar file (name is its path, for errors). Dates out of
// order within a row, a minor listed out of order or twice, and a minor
// that is not one are errors naming file:line.
func Parse(name string, data []byte) (*Calendar, error) {
	c := &Calendar{Name: name}
	meta, err := datatable.Parse(name, data, spec, func(row datatable.Row) error {
		m, ok := ParseMinor(row.Text("minor"))
		if !ok || row.Text("minor") != m.String() {
			return fmt.Errorf("minor %q is not a minor version such as 1.36", row.Text("minor"))
		}
		r := Release{Minor: m, Source: row.Text("source"), Date: row.Text("date")}
		for _, f := range []struct {
			col string
			to  *time.Time
		}{{"released", &r.Released}, {"endStandard", &r.EndStandard}, {"endExtended", &r.EndExtended}} {
			s := row.Text(f.col)
			if s == "" {
				continue
			}
			t, err := time.Parse(dateLayout, s)
			if err != nil {
				return fmt.Errorf("%s %q is not a date (YYYY-MM-DD)", f.col, s)
			}
			*f.to = t
		}
		if !r.EndStandard.After(r.Released) {
			return fmt.Errorf("endStandard %s is not after released %s", day(r.EndStandard), day(r.Released))
		}
		if !r.EndExtended.IsZero() && !r.EndExtended.After(r.EndStandard) {
			return fmt.Errorf("endExtended %s is not after endStandard %s", day(r.EndExtended), day(r.EndStandard))
		}
		if n := len(c.Releases); n > 0 && c.Releases[n-1].Minor.Compare(m) >= 0 {
			return fmt.Errorf("minor %s follows %s: list minors oldest first", m, c.Releases[n-1].Minor)
		}
		c.Releases = append(c.Releases, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c.Checked, err = time.Parse(dateLayout, meta["checked"]); err != nil {
		return nil, fmt.Errorf("%s: checked %q is not a date (YYYY-MM-DD)", name, meta["checked"])
	}
	c.Extended = meta["extended"]
	return c, nil
}

// MustParse is Parse for an embedded calendar: a malformed row is a bug,
// so it panics at init naming file:line, failing every test and run.
func MustParse(name string, data []byte) *Calendar {
	c, err := Parse(name, data)
	if err != nil {
		panic(err)
	}
	return c
}

// Release returns the row of a minor.
func (c *Calendar) Release(m Minor) (Release, bool) {
	i := slices.IndexFunc(c.Releases, func(r Release) bool { return r.Minor == m })
	if i < 0 {
		return Release{}, false
	}
	return c.Releases[i], true
}

// Newest is the newest minor the calendar lists.
func (c *Calendar) Newest() Minor { return c.Releases[len(c.Releases)-1].Minor }

// Stale reports whether the calendar was checked more than StaleAfter
// before on.
func (c *Calendar) Stale(on time.Time) bool { return on.Sub(c.Checked) > StaleAfter }

// day formats a date for messages.
func day(t time.Time) string { return t.Format(dateLayout) }
