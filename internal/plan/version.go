package plan

import (
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/mlkube/mlkube/internal/policy"
)

// PolicyVersion names the findings of the cluster source's version
// calendar: extended support and its fee, a minor past end of life, a
// calendar too old to trust. Refusals never get here: they stop the run.
const PolicyVersion = "kubernetes-version"

// versionFindings turns the source's warnings into findings on the
// cluster's own component.
func versionFindings(cfg *config.Config, s lifecycle.Support, resources []Resource) []policy.Finding {
	urn := ""
	for _, r := range resources {
		if !r.Custom && r.Name == cfg.Cluster.Name && strings.HasPrefix(r.Type, "mlkube:") {
			urn = r.URN
			break
		}
	}
	out := make([]policy.Finding, 0, len(s.Warnings))
	for _, w := range s.Warnings {
		out = append(out, policy.Finding{Policy: PolicyVersion, Severity: policy.SeverityWarning, URN: urn, Message: w})
	}
	return out
}
