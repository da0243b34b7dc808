package providers

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/stretchr/testify/assert"
)

// The default minor is the newest that every cluster source generally
// offers on the day the calendars were checked: a newer one would fail a
// new user's first `pulumi up` on some cloud, an older one would start
// them on a minor nearer its end.
func TestDefaultIsNewestEverywhere(t *testing.T) {
	on := lifecycle.Upstream.Checked
	supported := func(m lifecycle.Minor) bool {
		for _, p := range All {
			cfg := &config.Config{Cluster: config.Cluster{Provider: p.Kind, KubernetesVersion: m.String()}, Today: on}
			if s := p.Support(cfg); s.Refusal != "" || s.Verdict.Phase != lifecycle.Standard {
				return false
			}
		}
		return true
	}
	def, _ := lifecycle.ParseMinor(config.DefaultKubernetesVersion)
	assert.True(t, supported(def), "default %s is in standard support on every source on %s", def, lifecycle.Day(on))
	next := lifecycle.Minor{Major: def.Major, Minor: def.Minor + 1}
	assert.False(t, supported(next), "%s is offered everywhere on %s: move the default to it", next, lifecycle.Day(on))
}
