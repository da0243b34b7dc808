package cluster

import (
	"maps"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
)

// Pool is a node pool as the cluster has it: what places pods on its nodes
// and what those nodes offer. Providers fill it (PoolFrom, plus the labels
// their cloud adds); addons, workloads, policies and the e2e nodes read it,
// never the stack file's node pools.
type Pool struct {
	Name string
	// MachineType sizes a node's CPU and memory; empty on adopted pools
	// whose nodes the stack does not describe.
	MachineType string
	// MachineTypes are every type the pool's nodes may be, MachineType
	// among them: the stack's machineTypes, or what the provisioner draws
	// on (every EC2 type with the pool's GPUs, for a Karpenter pool).
	MachineTypes []string
	// Min and Max bound the pool's size; Spot says nodes may be reclaimed.
	Min, Max int
	Spot     bool
	// Labels are every label the pool's nodes carry that someone sends:
	// mlkube's pool, GPU and sharing labels, the cloud's accelerator
	// labels, and the stack's own.
	Labels map[string]string
	// WellKnown are the well-known labels the kubelet and the cloud set on
	// the pool's nodes themselves (KubeletLabels, CloudLabels); never sent.
	// NodeLabels joins both.
	WellKnown map[string]string
	// Taints are on every node of the pool (GPU pools: gpu.TaintKey).
	Taints []Taint
	// NodeSelector are the labels that select the pool's nodes: the pool
	// label on nodes mlkube creates or labels, or on an adopted cluster the
	// labels its nodes already carry.
	NodeSelector map[string]string
	// GPU is nil on CPU pools.
	GPU *PoolGPU
}

// PoolGPU is what a GPU pool's nodes offer.
type PoolGPU struct {
	// Model is mlkube's model name (gpu.Lookup); Count the physical GPUs
	// per node.
	Model string
	Count int
	// Sharing is how pods share them.
	Sharing gpu.Sharing
	// Resource is the extended resource pods request (nvidia.com/gpu, or
	// nvidia.com/mig-<profile> under mixed MIG).
	Resource string
	// PerNode is how many of Resource one node offers.
	PerNode int
}

// Taint is a Kubernetes node taint.
type Taint struct {
	Key, Value, Effect string
}

// PoolFrom is the contract's view of a stack-file pool that config.Load
// defaulted (labels, GPU taint, sharing labels already applied). Providers
// start from it and add what their cloud puts on nodes.
func PoolFrom(p config.NodePool) Pool {
	out := Pool{
		Name: p.Name, MachineType: p.MachineType, MachineTypes: p.AllMachineTypes(), Min: p.Min, Max: p.Max, Spot: p.Spot,
		Labels:       maps.Clone(p.Labels),
		NodeSelector: p.Selector(),
		WellKnown:    KubeletLabels(),
	}
	if out.Labels == nil {
		out.Labels = map[string]string{}
	}
	for _, t := range p.Taints {
		out.Taints = append(out.Taints, Taint{Key: t.Key, Value: t.Value, Effect: t.Effect})
	}
	if p.GPU != nil {
		s := gpu.Sharing(p.GPU.Sharing)
		out.GPU = &PoolGPU{Model: p.GPU.Model, Count: p.GPU.Count, Sharing: s, Resource: s.Resource(), PerNode: s.UnitsPerNode(p.GPU.Count)}
	}
	return out
}

// PoolsFrom applies PoolFrom to every pool, in order.
func PoolsFrom(pools []config.NodePool) []Pool {
	out := make([]Pool, len(pools))
	for i, p := range pools {
		out[i] = PoolFrom(p)
	}
	return out
}

// IsGPU reports whether the pool has GPUs.
func (p Pool) IsGPU() bool { return p.GPU != nil }

// GPUResource is the extended resource the pool's pods request GPUs as
// (nvidia.com/gpu on CPU pools, where none can be had).
func (p Pool) GPUResource() string {
	if p.GPU == nil {
		return gpu.ResourceName
	}
	return p.GPU.Resource
}

// GPUsPerNode is how many of GPUResource a node offers (0 on CPU pools).
func (p Pool) GPUsPerNode() int {
	if p.GPU == nil {
		return 0
	}
	return p.GPU.PerNode
}
