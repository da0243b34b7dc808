package lifecycle

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testCalendar = `# a test calendar
# checked: 2026-12-04
# extended: 12 more months at a fee
minor,released,endStandard,endExtended,source,date
1.33,2025-05-29,2026-07-29,2027-07-29,"src a",2025-12
1.34,2025-10-02,2026-12-02,2027-12-02,"src b",2025-12
1.35,2026-01-28,2027-03-27,,"src c",2026-08
1.36,2026-06-02,2027-08-02,2028-08-02,"src d",2026-08
`

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestJudge(t *testing.T) {
	c, err := Parse("test.csv", []byte(testCalendar))
	require.NoError(t, err)
	for _, tc := range []struct {
		minor, on string
		phase     Phase
		supported string
	}{
		{"1.36", "2026-12-04", Standard, "1.35 to 1.36"},
		{"1.34", "2026-12-01", Standard, "1.34 to 1.36"},
		{"1.34", "2026-12-02", Extended, "1.35 to 1.36"}, // the end day belongs to the next phase
		{"1.33", "2026-12-04", Extended, "1.35 to 1.36"},
		{"1.33", "2027-07-29", Ended, "1.36"},
		{"1.35", "2027-03-27", Ended, "1.36"}, // no extended support for this row
		{"1.36", "2026-06-01", NotYet, "1.33 to 1.35"},
		{"1.37", "2026-12-04", Unknown, "1.35 to 1.36"},
		{"1.29", "2026-12-04", Ended, "1.35 to 1.36"},
		{"1.36", "2028-08-02", Ended, "none"},
	} {
		t.Run(tc.minor+"@"+tc.on, func(t *testing.T) {
			m, ok := ParseMinor(tc.minor)
			require.True(t, ok)
			v := c.Judge(m, date(tc.on))
			assert.Equal(t, tc.phase, v.Phase, v.Phase.String())
			assert.Equal(t, tc.supported, v.SupportedRange())
			assert.Equal(t, "1.36", v.Newest.String())
		})
	}
}

func TestProblem(t *testing.T) {
	c, err := Parse("test.csv", []byte(testCalendar))
	require.NoError(t, err)
	v := c.Judge(Minor{1, 37}, date("2026-12-04"))
	assert.Equal(t, "Kubernetes 1.37 is not in the EKS version calendar; the newest it knows is 1.36 (supported now: 1.35 to 1.36)", v.Problem("EKS"))
	v = c.Judge(Minor{1, 36}, date("2026-05-01"))
	assert.Equal(t, "Kubernetes 1.36 is not released on EKS until 2026-06-02 (supported now: 1.33 to 1.35)", v.Problem("EKS"))
	assert.Empty(t, c.Judge(Minor{1, 33}, date("2026-12-04")).Problem("EKS"), "extended support is the provider's to judge")
}

func TestParseRefuses(t *testing.T) {
	head := "# checked: 2026-12-04\n# extended: none\nminor,released,endStandard,endExtended,source,date\n"
	for name, tc := range map[string]struct{ rows, want string }{
		"not a minor":         {"1.36.1,2026-01-01,2027-01-01,,s,2026\n", `minor "1.36.1" is not a minor version`},
		"bad date":            {"1.36,2026-13-01,2027-01-01,,s,2026\n", `released "2026-13-01" is not a date`},
		"end before release":  {"1.36,2026-01-01,2025-01-01,,s,2026\n", "endStandard 2025-01-01 is not after released 2026-01-01"},
		"extended before std": {"1.36,2026-01-01,2027-01-01,2026-06-01,s,2026\n", "endExtended 2026-06-01 is not after endStandard 2027-01-01"},
		"out of order":        {"1.36,2026-01-01,2027-01-01,,s,2026\n1.35,2025-01-01,2026-01-01,,s,2026\n", "minor 1.35 follows 1.36"},
		"twice":               {"1.36,2026-01-01,2027-01-01,,s,2026\n1.36,2026-01-01,2027-01-01,,s,2026\n", "is already on line"},
		"no source":           {"1.36,2026-01-01,2027-01-01,,,2026\n", "source is empty"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("x.csv", []byte(head+tc.rows))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "x.csv:"), "names the file: %v", err)
		})
	}
}

func TestStale(t *testing.T) {
	c, err := Parse("test.csv", []byte(testCalendar))
	require.NoError(t, err)
	assert.False(t, c.Stale(date("2027-05-01")))
	assert.True(t, c.Stale(date("2027-06-15")))
}

func TestToday(t *testing.T) {
	t.Setenv(EnvToday, "2027-01-02")
	d, err := Today()
	require.NoError(t, err)
	assert.Equal(t, date("2027-01-02"), d)
	t.Setenv(EnvToday, "tomorrow")
	_, err = Today()
	assert.ErrorContains(t, err, "MLKUBE_TODAY")
}

// The upstream calendar's rows say what kubernetes.io/releases says; a
// row edited without its source fails here.
func TestUpstreamRows(t *testing.T) {
	for _, tc := range []struct{ minor, released, eol, source string }{
		{"1.33", "2025-04-23", "2026-06-28", "kubernetes.io/releases/1.33/ (End Of Life Date 2026-06-28"},
		{"1.36", "2026-04-22", "2027-06-28", "End Of Life Date 2027-06-28"},
		{"1.37", "2026-08-26", "2027-10-28", "1.37.0 released 2026-08-26; End Of Life Date 2027-10-28"},
	} {
		m, _ := ParseMinor(tc.minor)
		r, ok := Upstream.Release(m)
		require.True(t, ok, tc.minor)
		assert.Equal(t, tc.released, Day(r.Released), tc.minor)
		assert.Equal(t, tc.eol, Day(r.EndStandard), tc.minor)
		assert.Contains(t, r.Source, tc.source, tc.minor)
		assert.True(t, r.EndExtended.IsZero(), "upstream has no extended support")
	}
	assert.Equal(t, "1.37", Upstream.Newest().String())
}
