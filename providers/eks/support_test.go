package eks

import (
	"testing"
	"time"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/mlkube/mlkube/internal/lifecycle/lifecycletest"
	"github.com/stretchr/testify/assert"
)

var dec4 = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// Each row says what its source says: the dates are in the source column
// as the source wrote them, so a date edited alone fails here.
func TestCalendarRowsMatchTheirSources(t *testing.T) {
	lifecycletest.CheckRows(t, calendar, []lifecycletest.Row{
		{Minor: "1.33", Released: "2025-05-29", EndStandard: "2026-07-29", EndExtended: "2027-07-29",
			InSource: "May 29, 2025 / July 29, 2026 / July 29, 2027"},
		{Minor: "1.34", Released: "2025-10-02", EndStandard: "2026-12-02", EndExtended: "2027-12-02",
			InSource: "October 2, 2025 / December 2, 2026 / December 2, 2027"},
		{Minor: "1.35", Released: "2026-01-28", EndStandard: "2027-03-27", EndExtended: "2028-03-27",
			InSource: "March 27, 2027 / March 27, 2028"},
		{Minor: "1.36", Released: "2026-06-02", EndStandard: "2027-08-02", EndExtended: "2028-08-02",
			InSource: "amazon-eks.md @a70eca3"},
	})
}

func TestSupport(t *testing.T) {
	cfg := func(version string) *config.Config {
		return &config.Config{Cluster: config.Cluster{Provider: Kind, Region: "us-east-1", KubernetesVersion: version}, Today: dec4}
	}
	for _, tc := range []struct {
		version  string
		refusal  string
		warning  string
		extended bool
	}{
		{version: "1.36"},
		{version: "1.35"},
		{version: "1.33", extended: true,
			warning: "Kubernetes 1.33 left EKS standard support on 2026-07-29: the cluster runs in extended support until 2027-07-29 at $0.60 instead of $0.10 per cluster hour (+$365 a month); upgrade one minor at a time to 1.35 to 1.36"},
		{version: "1.34", extended: true, warning: "left EKS standard support on 2026-12-02"},
		{version: "1.30", refusal: "Kubernetes 1.30 is past the end of EKS extended support; EKS creates and keeps only 1.35 to 1.36 (standard) and 1.32 to 1.34 (extended support) (upgrade one minor at a time)"},
		{version: "1.37", refusal: "Kubernetes 1.37 is not in the EKS version calendar; the newest it knows is 1.36 (supported now: 1.35 to 1.36)"},
	} {
		t.Run(tc.version, func(t *testing.T) {
			s := Provider.Support(cfg(tc.version))
			lifecycletest.CheckSupport(t, s, tc.refusal, tc.warning)
			assert.Equal(t, tc.extended, s.Extended)
			t.Setenv(lifecycle.EnvToday, "2026-12-04")
			want := tierStandard
			if tc.extended {
				want = tierExtended
			}
			assert.Equal(t, want, tierOf(clusterType, map[string]any{"version": tc.version}), "the control plane's fee tier")
		})
	}
}

// Every minor EKS still runs has a cluster autoscaler image: the addon
// refuses a minor without one, so a calendar row added without its image
// would fail only at deploy.
func TestAutoscalerCoversTheCalendar(t *testing.T) {
	for _, r := range calendar.Releases {
		if calendar.Judge(r.Minor, dec4).Phase == lifecycle.Ended {
			continue
		}
		_, err := versions.AutoscalerTag(r.Minor.String())
		assert.NoError(t, err, r.Minor.String())
	}
}
