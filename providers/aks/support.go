package aks

import (
	_ "embed"
	"fmt"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
)

//go:embed versions.csv
var versionsCSV []byte

// calendar is AKS's version calendar: GA, end of community support and end
// of long-term support (LTS) per minor, each row with its source.
var calendar = lifecycle.MustParse("providers/aks/versions.csv", versionsCSV)

// supportPlanLTS is the ManagedCluster supportPlan that keeps a minor past
// its community support (Premium tier only).
const supportPlanLTS = "AKSLongTermSupport"

// Support: AKS does not create a cluster at a minor past its community
// support ("the creation of new clusters isn't possible" in the platform
// support period); only long-term support, on the Premium tier, keeps one.
func Support(cfg *config.Config) lifecycle.Support {
	s := lifecycle.Start(calendar, "AKS", cfg.Cluster.KubernetesVersion, cfg.Today)
	v := s.Verdict
	if s.Refusal != "" || v.Phase == lifecycle.Standard {
		return s
	}
	o, _ := options(cfg) // a bad cluster.aks is Validate's to report
	switch {
	case v.Phase == lifecycle.Extended && o.Tier == TierPremium:
		s.Extended = true
		s.Warnings = append(s.Warnings, fmt.Sprintf("Kubernetes %s left AKS community support on %s: the cluster runs on long-term support (Premium tier, support plan %s) until %s; upgrade one minor at a time to %s",
			v.Minor, lifecycle.Day(v.Release.EndStandard), supportPlanLTS, lifecycle.Day(v.Release.EndExtended), v.SupportedRange()))
	case v.Phase == lifecycle.Extended:
		s.Refusal = fmt.Sprintf("AKS no longer creates clusters at Kubernetes %s: its support ended on %s (supported: %s); long-term support keeps it until %s on the Premium tier (cluster.aks.tier: Premium)",
			v.Minor, lifecycle.Day(v.Release.EndStandard), v.SupportedRange(), lifecycle.Day(v.Release.EndExtended))
	default:
		s.Refusal = fmt.Sprintf("AKS no longer supports Kubernetes %s, not even on long-term support (supported: %s)", v.Minor, v.SupportedRange())
	}
	return s
}
