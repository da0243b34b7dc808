package aks

import (
	"testing"
	"time"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle/lifecycletest"
)

var dec4 = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

func TestCalendarRowsMatchTheirSources(t *testing.T) {
	lifecycletest.CheckRows(t, calendar, []lifecycletest.Row{
		{Minor: "1.33", Released: "2025-06-30", EndStandard: "2026-07-31", EndExtended: "2027-07-31",
			InSource: "AKS GA 'Jun 2025', End of life 'Jul 2026', LTS End of life 'Jul 2027'"},
		{Minor: "1.34", Released: "2025-11-30", EndStandard: "2026-11-30", EndExtended: "2027-11-30",
			InSource: "AKS GA 'Nov 2025', End of life 'Nov 2026', LTS End of life 'Nov 2027'"},
		{Minor: "1.36", Released: "2026-06-30", EndStandard: "2027-06-30", EndExtended: "2028-06-30",
			InSource: "AKS GA 'Jun 2026', End of life 'Jun 2027', LTS End of life 'Jun 2028'"},
	})
}

func TestSupport(t *testing.T) {
	cfg := func(version, tier string) *config.Config {
		c := &config.Config{Cluster: config.Cluster{Provider: Kind, Region: "eastus", KubernetesVersion: version}, Today: dec4}
		if tier != "" {
			c.Cluster.Options = config.ProviderOptions{Path: "cluster.aks", Raw: map[string]any{"tier": tier}}
		}
		return c
	}
	for _, tc := range []struct {
		version, tier string
		refusal       string
		warning       string
	}{
		{version: "1.36"},
		{version: "1.35"},
		{version: "1.33", refusal: "AKS no longer creates clusters at Kubernetes 1.33: its support ended on 2026-07-31 (supported: 1.35 to 1.36); long-term support keeps it until 2027-07-31 on the Premium tier (cluster.aks.tier: Premium)"},
		{version: "1.33", tier: "Premium", warning: "Kubernetes 1.33 left AKS community support on 2026-07-31: the cluster runs on long-term support (Premium tier, support plan AKSLongTermSupport) until 2027-07-31"},
		{version: "1.30", tier: "Premium", refusal: "AKS no longer supports Kubernetes 1.30, not even on long-term support (supported: 1.35 to 1.36)"},
		{version: "1.38", refusal: "Kubernetes 1.38 is not in the AKS version calendar; the newest it knows is 1.36"},
	} {
		t.Run(tc.version+tc.tier, func(t *testing.T) {
			lifecycletest.CheckSupport(t, Provider.Support(cfg(tc.version, tc.tier)), tc.refusal, tc.warning)
		})
	}
}
