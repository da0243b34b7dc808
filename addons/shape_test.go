package addons_test

import (
	"testing"

	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFixtureCapabilitiesAreTheProviders: the addons' tests build clusters
// with addontest.Capabilities; each kind's must be what the real provider
// describes for a shipped stack of that kind, or the addon tests test a
// cloud that does not exist.
func TestFixtureCapabilitiesAreTheProviders(t *testing.T) {
	for kind, stack := range map[string]string{
		"eks": "dev-eks", "gke": "dev-gke", "aks": "dev-aks",
		config.ProviderKubeadm: "onprem-kubeadm", config.ProviderExisting: "local",
	} {
		cfg, _, err := config.Load("..", stack)
		require.NoError(t, err, stack)
		p, err := providers.Lookup(cfg.Cluster.Provider)
		require.NoError(t, err)
		assert.Equal(t, p.Describe(cfg).Capabilities, addontest.Capabilities(kind), "%s (stack %s)", kind, stack)
	}
}
