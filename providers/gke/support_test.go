package gke

import (
	"testing"
	"time"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle/lifecycletest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var dec4 = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

func TestCalendarRowsMatchTheirSources(t *testing.T) {
	lifecycletest.CheckRows(t, calendar, []lifecycletest.Row{
		{Minor: "1.33", Released: "2025-06-03", EndStandard: "2026-08-03", EndExtended: "2027-06-03",
			InSource: "derived: release + 24 months"},
		{Minor: "1.36", Released: "2026-06-09", EndStandard: "2027-08-09", EndExtended: "2028-06-09",
			InSource: "release = Regular availability, endStandard = eol"},
	})
}

func TestSupport(t *testing.T) {
	cfg := func(version, channel string) *config.Config {
		c := &config.Config{Cluster: config.Cluster{Provider: Kind, Region: "us-central1", KubernetesVersion: version}, Today: dec4}
		if channel != "" {
			c.Cluster.Options = config.ProviderOptions{Path: "cluster.gke", Raw: map[string]any{"releaseChannel": channel}}
		}
		return c
	}
	for _, tc := range []struct {
		version, channel string
		refusal, warning string
	}{
		{version: "1.36"},
		{version: "1.36", channel: "STABLE"},
		{version: "1.33", refusal: "GKE offers Kubernetes 1.33 only in the Extended channel since 2026-08-03 (cluster.gke.releaseChannel: EXTENDED, an extra fee per cluster hour, until 2027-06-03); supported in the REGULAR channel: 1.35 to 1.36"},
		{version: "1.33", channel: "EXTENDED", warning: "the Extended channel keeps it until 2027-06-03 for an extra fee per cluster hour"},
		{version: "1.30", channel: "EXTENDED", refusal: "GKE no longer offers Kubernetes 1.30 in any channel (supported: 1.35 to 1.36)"},
	} {
		t.Run(tc.version+tc.channel, func(t *testing.T) {
			lifecycletest.CheckSupport(t, Provider.Support(cfg(tc.version, tc.channel)), tc.refusal, tc.warning)
		})
	}
}

// Stable takes a minor 2-3 months after Regular: a Stable stack on a minor
// that just reached Regular is warned, not refused (the dates are not
// sourced per channel).
func TestStableChannelLag(t *testing.T) {
	cfg := &config.Config{Cluster: config.Cluster{Provider: Kind, KubernetesVersion: "1.36",
		Options: config.ProviderOptions{Path: "cluster.gke", Raw: map[string]any{"releaseChannel": "STABLE"}}},
		Today: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}
	s := Provider.Support(cfg)
	assert.Empty(t, s.Refusal)
	require.Len(t, s.Warnings, 1)
	assert.Contains(t, s.Warnings[0], "Kubernetes 1.36 reached GKE's Regular channel on 2026-06-09")
	assert.Contains(t, s.Warnings[0], "before 2026-09-09")
	cfg.Today = dec4
	assert.Empty(t, Provider.Support(cfg).Warnings, "three months later it is in Stable")
}
