package config

import (
	"fmt"
	"github.com/mlkube/mlkube/internal/gpu"
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
)

// validatePoolNodes checks how a pool finds its nodes. An adopted cluster's
// nodes carry none of mlkube's labels, so its pools must say which nodes
// they are: by labels the nodes already have (nodeSelector) or by name
// (nodes, which mlkube then labels). Pools of clusters mlkube creates are
// labelled at creation and take neither.
func validatePoolNodes(e *errs, path string, p *NodePool, adopted bool, claimed map[string]string) {
	if !adopted {
		if len(p.NodeSelector) > 0 {
			e.add(key(path, "nodeSelector"), "is only for adopted clusters (cluster.provider: existing): mlkube labels the nodes of the pools it creates")
		}
		if len(p.Nodes) > 0 {
			e.add(key(path, "nodes"), "is only for adopted clusters (cluster.provider: existing): mlkube labels the nodes of the pools it creates")
		}
		return
	}
	switch {
	case len(p.NodeSelector) == 0 && len(p.Nodes) == 0:
		e.add(path, "an adopted cluster's pool must say which nodes it is: nodeSelector (labels the nodes already carry, e.g. {kubernetes.io/os: linux}) or nodes (node names that mlkube labels with %s=%s); see `kubectl get nodes --show-labels`", gpu.PoolLabel, p.Name)
	case len(p.NodeSelector) > 0 && len(p.Nodes) > 0:
		e.add(key(path, "nodes"), "give either nodeSelector or nodes, not both")
	}
	for _, k := range slices.Sorted(maps.Keys(p.NodeSelector)) {
		kp := key(key(path, "nodeSelector"), k)
		for _, msg := range validation.IsQualifiedName(k) {
			e.add(kp, "is not a valid label key: %s", msg)
		}
		for _, msg := range validation.IsValidLabelValue(p.NodeSelector[k]) {
			e.add(kp, "is not a valid label value: %s", msg)
		}
	}
	if len(p.NodeSelector) > 0 && p.IsGPU() && p.GPU.Sharing.Mode != "" && p.GPU.Sharing.Mode != gpu.SharingNone {
		e.add(key(path, "gpu.sharing"), "needs the pool's nodes labelled for the GPU operator: name them with nodes instead of nodeSelector")
	}
	for j, n := range p.Nodes {
		np := index(key(path, "nodes"), j)
		if msgs := validation.IsDNS1123Subdomain(n); len(msgs) > 0 {
			e.add(np, "is not a valid node name: %s", strings.Join(msgs, "; "))
			continue
		}
		if other, ok := claimed[n]; ok {
			e.add(np, "node %q is already in pool %q; a node belongs to one pool", n, other)
			continue
		}
		claimed[n] = p.Name
	}
	if len(p.Nodes) > 0 && p.Max != len(p.Nodes) {
		e.add(key(path, "max"), "%s", fmt.Sprintf("must be the number of nodes listed (%d) or left out, got %d", len(p.Nodes), p.Max))
	}
}
