package plan

import (
	"strings"

	"github.com/mlkube/mlkube/internal/policy"
)

// Layers of a platform, in the order the text plan shows them.
const (
	LayerCluster   = "cluster"
	LayerNodePools = "node pools"
	LayerAddons    = "addons"
	LayerWorkloads = "workloads"
)

// Layers lists the layers in display order.
var Layers = []string{LayerCluster, LayerNodePools, LayerAddons, LayerWorkloads}

// layerOf classifies a resource by its own type and the type of its
// top-level mlkube component.
func layerOf(r *policy.Resource, byURN map[string]*policy.Resource) string {
	// mlkube:cluster:NodePool is the component providers may group a pool in.
	for _, t := range append(offline.NodePoolTypes, "mlkube:cluster:NodePool") {
		if r.Type == t {
			return LayerNodePools
		}
	}
	root := r
	for root.Parent != "" {
		p := byURN[root.Parent]
		if p == nil {
			break
		}
		root = p
	}
	switch {
	case strings.HasPrefix(root.Type, "mlkube:addons:"):
		return LayerAddons
	case strings.HasPrefix(root.Type, "mlkube:workloads:"), strings.HasPrefix(root.Type, "mlkube:storage:"):
		return LayerWorkloads
	}
	return LayerCluster
}
