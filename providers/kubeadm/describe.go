package kubeadm

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
)

// Describe is the cluster New builds on the stack's own servers, from the
// stack file alone: no cloud identity for workloads, no cloud ingress or
// Gateway controller, the pools exactly as the stack lists them. A stack
// that Validate refuses still gets a Shape (the zero options).
func Describe(cfg *config.Config) cluster.Shape {
	o, err := decodeOptions(cfg)
	if err != nil || o == nil {
		o = &Options{}
	}
	return cluster.Shape{
		Name:              cfg.Cluster.Name,
		Kind:              Kind,
		KubernetesVersion: cfg.Cluster.KubernetesVersion,
		Pools:             cluster.PoolsFrom(cfg.NodePools),
		Capabilities:      capabilities(o),
		Storage:           storage(o),
	}
}
