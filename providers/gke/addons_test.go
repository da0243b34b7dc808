package gke

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/gpuoperator"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The addons decide from what this provider's Cluster says, not from its
// kind: on GKE no cluster autoscaler and no metrics-server, and the GPU
// operator without driver, toolkit, device plugin or MIG manager, reading
// the driver from GKE's path.
func TestAddonsDecideFromTheGKECluster(t *testing.T) {
	r := devRun(t)
	cfg, err := config.Parse("mlkube", "test", map[string]string{
		"mlkube:cluster":   devCluster,
		"mlkube:nodePools": devPools,
	})
	require.NoError(t, err)
	plan := addons.Decide(r.Cluster, cfg.Addons)
	assert.False(t, plan.Autoscaler, "GKE scales its node pools itself")
	assert.False(t, plan.MetricsServer, "GKE serves metrics.k8s.io")
	assert.True(t, plan.GPUOperator)
	notes := strings.Join(addons.Notes(r.Cluster, cfg.Addons), "\n")
	assert.Contains(t, notes, "cluster autoscaler not installed: the gke cluster scales its node pools itself")

	v := gpuoperator.Values(r.Cluster)
	assert.Equal(t, map[string]any{"enabled": false}, v["driver"])
	assert.Equal(t, map[string]any{"enabled": false}, v["toolkit"])
	assert.Equal(t, false, v["devicePlugin"].(map[string]any)["enabled"], "GKE's device plugin applies the pools' sharing")
	assert.Equal(t, map[string]any{"enabled": false}, v["migManager"], "GKE partitions the A100s itself")
	assert.Equal(t, map[string]any{"driverInstallDir": "/home/kubernetes/bin/nvidia"}, v["hostPaths"])
	assert.NotContains(t, v, "cdi")
	assert.Empty(t, gpuoperator.Notes(r.Cluster), "sharing is set on the node pools; nothing for a reviewer to fix")
}
