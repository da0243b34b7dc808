package policy

import (
	"strings"

	"github.com/mlkube/mlkube/addons/versions"
)

// checkRetiredCharts warns about every release of a chart whose project was
// retired: it gets no security fixes, and stacks keep it only while their
// clients move (addons.ingress.enabled: true keeps ingress-nginx).
func checkRetiredCharts(in *Input, report func(string, string, string, ...any)) {
	for _, r := range in.Resources {
		if r.Type != "kubernetes:helm.sh/v3:Release" || r.Rendered {
			continue
		}
		chart, _ := r.Inputs["chart"].(string)
		chart = chart[strings.LastIndex(chart, "/")+1:]
		if chart == versions.IngressNginx.Name {
			report(SeverityWarning, r.URN, "%s was retired by Kubernetes SIG Network and its repository archived on %s: it gets no security fixes. Services exposed through ingress are served by the Gateway; move clients to it and remove addons.ingress.enabled",
				chart, versions.IngressNginxArchived)
		}
	}
}
