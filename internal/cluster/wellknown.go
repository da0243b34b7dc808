package cluster

import (
	"maps"

	"github.com/mlkube/mlkube/internal/labels"
)

// The kubelet's OS and architecture labels on every node mlkube places pods
// on: Linux nodes, and x86-64 machines (every machine type in
// internal/machines is one; an arm64 type would need its own value there).
const (
	NodeOS   = "linux"
	NodeArch = "amd64"
)

// KubeletLabels are the well-known labels every kubelet sets on its own
// node whatever the cluster (hostname and zone differ per node and are
// left out).
func KubeletLabels() map[string]string {
	return map[string]string{labels.NodeOS: NodeOS, labels.NodeArch: NodeArch}
}

// CloudLabels are the kubelet's labels plus what a cloud's node controller
// adds to every node of a pool: the instance type (the pool's machine type)
// and the region. Servers without a cloud provider (kubeadm) get neither.
func CloudLabels(machineType, region string) map[string]string {
	out := KubeletLabels()
	if machineType != "" {
		out[labels.NodeInstanceType] = machineType
	}
	if region != "" {
		out[labels.NodeRegion] = region
	}
	return out
}

// NodeLabels are the labels every node of the pool carries as the
// scheduler sees them: the well-known ones nobody sends, then the pool's
// own (an adopted pool's nodeSelector may name a well-known label, and its
// value is the one the nodes have).
func (p Pool) NodeLabels() map[string]string {
	out := maps.Clone(p.WellKnown)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, p.Labels)
	return out
}
