package kueue

import (
	"github.com/mlkube/mlkube/addons/versions"
)

// Values are the Kueue chart values: the released controller image, pinned
// by tag (the source chart names a staging image), and two replicas
// behind the chart's PodDisruptionBudget, so admission and the job
// webhook survive a node drain (the replicas elect a leader).
func Values() map[string]any {
	return map[string]any{
		"controllerManager": map[string]any{
			"replicas":            2,
			"podDisruptionBudget": map[string]any{"enabled": true, "minAvailable": 1},
			"manager": map[string]any{"image": map[string]any{
				"repository": versions.KueueImage,
				"tag":        versions.KueueVersion,
				"pullPolicy": "IfNotPresent",
			}},
		},
	}
}
