package lifecycle

import (
	"fmt"
	"time"
)

// Support is a cluster source's answer about a stack's minor on the run's
// date: whether the source would create the cluster at all, what the plan
// should warn about, and whether the control plane is billed at the
// extended-support rate. Each provider derives it from its calendar and its
// own rule (providers/<kind>/support.go).
type Support struct {
	Verdict Verdict
	// Refusal is why the source would not create (or keep) the cluster at
	// this minor, naming the supported range; "" when it would. It is
	// reported under cluster.kubernetesVersion before anything runs.
	Refusal string
	// Warnings are shown as plan findings: extended support and its fee,
	// a minor past its end of life, a calendar too old to trust.
	Warnings []string
	// Extended: the minor is in the source's extended (or long-term)
	// support (the provider's price table bills it by its tier).
	Extended bool
}

// Start judges the minor spelled s on the calendar c and fills what every
// source does alike: an unknown or unreleased minor is refused, and a
// calendar older than StaleAfter is a warning. The provider's rule adds
// the rest from Verdict.Phase.
func Start(c *Calendar, source, s string, on time.Time) Support {
	m, ok := ParseMinor(s)
	if !ok {
		// config.Parse refuses the spelling already; nothing to add.
		return Support{Verdict: Verdict{Phase: Unknown}}
	}
	sup := Support{Verdict: c.Judge(m, on)}
	sup.Refusal = sup.Verdict.Problem(source)
	if c.Stale(on) {
		sup.Warnings = append(sup.Warnings, fmt.Sprintf("the %s version calendar (%s) was checked on %s, more than six months ago: newer minors and end-of-support dates may be missing; re-check its rows against their sources", source, c.Name, day(c.Checked)))
	}
	return sup
}

// UpstreamSupport is the rule for clusters no cloud supports (kubeadm on
// own servers, adopted clusters): upstream's calendar decides, and a minor
// past its end of life is a warning, not a refusal, because the cluster
// runs on whatever its owners keep patched.
func UpstreamSupport(source, s string, on time.Time) Support {
	sup := Start(Upstream, source, s, on)
	v := sup.Verdict
	if sup.Refusal == "" && v.Phase == Ended {
		when := "before the calendar's oldest row"
		if !v.Release.EndStandard.IsZero() {
			when = "on " + day(v.Release.EndStandard)
		}
		sup.Warnings = append(sup.Warnings, fmt.Sprintf("Kubernetes %s reached its upstream end of life %s and gets no security fixes; upgrade one minor at a time to a supported minor (%s)", v.Minor, when, v.SupportedRange()))
	}
	return sup
}
