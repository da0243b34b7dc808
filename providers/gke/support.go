package gke

import (
	_ "embed"
	"fmt"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
)

//go:embed versions.csv
var versionsCSV []byte

// calendar is GKE's version calendar: availability in the Regular channel,
// end of standard support and end of the Extended channel per minor.
var calendar = lifecycle.MustParse("providers/gke/versions.csv", versionsCSV)

// channelStable is the production default channel, which takes a new
// minor last; stableLagMonths is how long after the Regular channel it
// may (the calendar dates Regular availability).
const (
	channelStable   = "STABLE"
	stableLagMonths = 3
)

// channelExtended is the release channel that keeps a minor past standard
// support, for an extra fee during that period.
const channelExtended = "EXTENDED"

// Support: past standard support GKE offers a minor only in the Extended
// channel; a stack on another channel is refused with the way to keep it.
func Support(cfg *config.Config) lifecycle.Support {
	s := lifecycle.Start(calendar, "GKE", cfg.Cluster.KubernetesVersion, cfg.Today)
	v := s.Verdict
	if s.Refusal != "" {
		return s
	}
	o, _ := options(cfg) // a bad cluster.gke is Validate's to report
	if v.Phase == lifecycle.Standard {
		if o.ReleaseChannel == channelStable && cfg.Today.Before(v.Release.Released.AddDate(0, stableLagMonths, 0)) {
			s.Warnings = append(s.Warnings, fmt.Sprintf("Kubernetes %s reached GKE's Regular channel on %s; a minor reaches the Stable channel 2-3 months after Regular (cloud.google.com/kubernetes-engine/docs/concepts/release-channels, read 2026-12-04), so a new cluster in Stable may not be offered it before %s",
				v.Minor, lifecycle.Day(v.Release.Released), lifecycle.Day(v.Release.Released.AddDate(0, stableLagMonths, 0))))
		}
		return s
	}
	switch {
	case v.Phase == lifecycle.Extended && o.ReleaseChannel == channelExtended:
		s.Extended = true
		s.Warnings = append(s.Warnings, fmt.Sprintf("Kubernetes %s left GKE standard support on %s: the Extended channel keeps it until %s for an extra fee per cluster hour; upgrade one minor at a time to %s",
			v.Minor, lifecycle.Day(v.Release.EndStandard), lifecycle.Day(v.Release.EndExtended), v.SupportedRange()))
	case v.Phase == lifecycle.Extended:
		s.Refusal = fmt.Sprintf("GKE offers Kubernetes %s only in the Extended channel since %s (cluster.gke.releaseChannel: %s, an extra fee per cluster hour, until %s); supported in the %s channel: %s",
			v.Minor, lifecycle.Day(v.Release.EndStandard), channelExtended, lifecycle.Day(v.Release.EndExtended), o.ReleaseChannel, v.SupportedRange())
	default:
		s.Refusal = fmt.Sprintf("GKE no longer offers Kubernetes %s in any channel (supported: %s)", v.Minor, v.SupportedRange())
	}
	return s
}
