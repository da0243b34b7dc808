package kubeadm

import (
	"testing"
	"time"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var dec4 = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// Every minor upstream still supports has a pinned patch release, so a
// stack on any of them can be installed and re-run identically.
func TestPatchPinsCoverSupportedMinors(t *testing.T) {
	for _, r := range lifecycle.Upstream.Releases {
		if lifecycle.Upstream.Judge(r.Minor, dec4).Phase != lifecycle.Standard {
			continue
		}
		patch := patchVersion(r.Minor.String())
		require.NotEmpty(t, patch, "no patch pinned for %s", r.Minor)
		m, ok := lifecycle.ParseMinor(patch)
		require.True(t, ok, patch)
		assert.Equal(t, r.Minor, m, "the pin of %s is one of its patches", r.Minor)
	}
}

func TestSupportFollowsUpstream(t *testing.T) {
	cfg := func(v string) *config.Config {
		return &config.Config{Cluster: config.Cluster{Provider: Kind, KubernetesVersion: v}, Today: dec4}
	}
	s := Provider.Support(cfg("1.36"))
	assert.Empty(t, s.Refusal)
	assert.Empty(t, s.Warnings)

	s = Provider.Support(cfg("1.33"))
	assert.Empty(t, s.Refusal, "own servers may stay on an old minor")
	require.Len(t, s.Warnings, 1)
	assert.Equal(t, "Kubernetes 1.33 reached its upstream end of life on 2026-06-28 and gets no security fixes; upgrade one minor at a time to a supported minor (1.35 to 1.37)", s.Warnings[0])

	s = Provider.Support(cfg("1.38"))
	assert.Equal(t, "Kubernetes 1.38 is not in the Kubernetes version calendar; the newest it knows is 1.37 (supported now: 1.35 to 1.37)", s.Refusal)
}
