package kit

import "github.com/mlkube/mlkube/internal/config"

// NodeExtras are what a cloud puts on the nodes of one pool beyond the
// stack's labels and taints (an accelerator label the autoscaler reads, a
// spot taint), so the contract's pools say what their nodes carry.
type NodeExtras func(p config.NodePool) (labels map[string]string, taints []config.Taint, err error)

// Pools copies the stack's pools and adds each pool's extras: labels win
// over the stack's, a taint is added unless the pool has its key already.
// The stack's own slices and maps are never shared with the copies.
func Pools(in []config.NodePool, extras NodeExtras) ([]config.NodePool, error) {
	out := make([]config.NodePool, len(in))
	for i, p := range in {
		add, taints, err := extras(p)
		if err != nil {
			return nil, err
		}
		labels := make(map[string]string, len(p.Labels)+len(add))
		for k, v := range p.Labels {
			labels[k] = v
		}
		for k, v := range add {
			labels[k] = v
		}
		own := append([]config.Taint(nil), p.Taints...)
		for _, t := range taints {
			if !hasTaint(own, t.Key) {
				own = append(own, t)
			}
		}
		p.Labels, p.Taints = labels, own
		out[i] = p
	}
	return out, nil
}

// GPULabels are NodeExtras that add a cloud's accelerator labels, from
// the pool's GPU model, to GPU pools.
func GPULabels(labels func(model string) (map[string]string, error)) NodeExtras {
	return func(p config.NodePool) (map[string]string, []config.Taint, error) {
		if !p.IsGPU() {
			return nil, nil, nil
		}
		l, err := labels(p.GPU.Model)
		return l, nil, err
	}
}

func hasTaint(ts []config.Taint, key string) bool {
	for _, t := range ts {
		if t.Key == key {
			return true
		}
	}
	return false
}
