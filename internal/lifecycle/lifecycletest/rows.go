// Package lifecycletest holds the check every provider's version calendar
// test runs: its rows say what their sources say.
package lifecycletest

import (
	"testing"

	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Row is a calendar row as its source states it: the dates (YYYY-MM-DD,
// EndExtended "" where the source offers none) and a phrase of its source
// column, where the source's own wording of those dates is quoted.
type Row struct{ Minor, Released, EndStandard, EndExtended, InSource string }

// CheckRows fails t for every row the calendar lists otherwise, so a date
// edited without its source (or the reverse) fails.
func CheckRows(t *testing.T, c *lifecycle.Calendar, rows []Row) {
	t.Helper()
	for _, want := range rows {
		m, ok := lifecycle.ParseMinor(want.Minor)
		require.True(t, ok, want.Minor)
		r, ok := c.Release(m)
		require.True(t, ok, "%s lists %s", c.Name, want.Minor)
		ext := ""
		if !r.EndExtended.IsZero() {
			ext = lifecycle.Day(r.EndExtended)
		}
		assert.Equal(t, []string{want.Released, want.EndStandard, want.EndExtended}, []string{lifecycle.Day(r.Released), lifecycle.Day(r.EndStandard), ext}, want.Minor)
		assert.Contains(t, r.Source, want.InSource, want.Minor)
	}
}
