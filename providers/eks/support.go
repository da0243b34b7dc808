package eks

import (
	_ "embed"
	"fmt"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/mlkube/mlkube/internal/pricing"
)

//go:embed versions.csv
var versionsCSV []byte

// calendar is EKS's version calendar: release, end of standard support and
// end of extended support per minor, each row with its source.
var calendar = lifecycle.MustParse("providers/eks/versions.csv", versionsCSV)

// Support: EKS creates a cluster at any minor until its extended support
// ends, and bills extended support at a higher hourly fee (on by default,
// so a stack that names an old minor pays it silently). The plan warns with
// the monthly difference; past extended support EKS upgrades the cluster
// itself, so that minor is refused.
func Support(cfg *config.Config) lifecycle.Support {
	s := lifecycle.Start(calendar, "EKS", cfg.Cluster.KubernetesVersion, cfg.Today)
	v := s.Verdict
	if s.Refusal != "" {
		return s
	}
	switch v.Phase {
	case lifecycle.Ended:
		s.Refusal = fmt.Sprintf("Kubernetes %s is past the end of EKS extended support; EKS creates and keeps only %s (upgrade one minor at a time)", v.Minor, supportedOrExtended(cfg))
	case lifecycle.Extended:
		s.Extended = true
		s.Warnings = append(s.Warnings, fmt.Sprintf("Kubernetes %s left EKS standard support on %s: the cluster runs in extended support until %s at %s; upgrade one minor at a time to %s",
			v.Minor, lifecycle.Day(v.Release.EndStandard), lifecycle.Day(v.Release.EndExtended), extendedFeeNote(cfg.Cluster.Region), v.SupportedRange()))
	}
	return s
}

// supportedOrExtended names the minors EKS still runs on the date: those in
// standard support, and those in extended support.
func supportedOrExtended(cfg *config.Config) string {
	var ext []lifecycle.Minor
	for _, r := range calendar.Releases {
		if calendar.Judge(r.Minor, cfg.Today).Phase == lifecycle.Extended {
			ext = append(ext, r.Minor)
		}
	}
	standard := calendar.Judge(calendar.Newest(), cfg.Today).SupportedRange()
	if len(ext) == 0 {
		return standard
	}
	return fmt.Sprintf("%s (standard) and %s (extended support)", standard, lifecycle.Range(ext))
}

// clusterType is the resource type whose hourly fee is the control plane's.
const clusterType = "aws:eks/cluster:Cluster"

// extendedFee is the control plane's standard and extended-support fee in
// the region's fee table (tierOf picks between them for the estimate); EKS
// charges alike in every commercial region, so a region without a table
// reads us-east-1's.
func extendedFee(region string) (standard, extended pricing.Price, ok bool) {
	r, found := prices.Regions[region]
	if !found {
		r = prices.Regions["us-east-1"]
	}
	standard, ok1 := r.Tiers[clusterType][tierStandard]
	extended, ok2 := r.Tiers[clusterType][tierExtended]
	return standard, extended, ok1 && ok2
}

// extendedFeeNote is what extended support costs in the region:
// "$0.60 instead of $0.10 per cluster hour (+$365 a month)".
func extendedFeeNote(region string) string {
	std, ext, ok := extendedFee(region)
	if !ok {
		return "the extended-support fee"
	}
	return fmt.Sprintf("$%.2f instead of $%.2f per cluster hour (+$%.0f a month)", ext.USD, std.USD, (ext.USD-std.USD)*pricing.HoursPerMonth)
}
