package platform

import (
	"maps"

	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
)

// placement is where a workload's pods go: the pool's selector picks its
// nodes (mlkube's pool label, or on an adopted cluster the labels its nodes
// already carry), and the pool's taints (the GPU taint included) are
// tolerated. The pool is the single source of truth; nothing here decides a
// taint.
func placement(pool cluster.Pool) (nodeSelector map[string]string, tolerations []inference.Toleration) {
	nodeSelector = maps.Clone(pool.NodeSelector)
	for _, t := range pool.Taints {
		tolerations = append(tolerations, inference.Toleration{Key: t.Key, Operator: "Equal", Value: t.Value, Effect: t.Effect})
	}
	return nodeSelector, tolerations
}

// gpuCount turns the stack's optional GPU count into the components' count.
func gpuCount(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// exposeAnnotations are the annotations a Service exposed as type gets:
// the cluster's own for an internal load balancer, none otherwise.
func (w *workloads) exposeAnnotations(exposeType string) map[string]string {
	if exposeType != inference.ExposeInternalLoadBalancer || len(w.cl.InternalLoadBalancerAnnotations) == 0 {
		return nil
	}
	return maps.Clone(w.cl.InternalLoadBalancerAnnotations)
}

func resources(r config.Resources) inference.Resources {
	// A quantity the stack leaves out is left out, so the component
	// reports it as required rather than as an empty quantity.
	return inference.Resources{Requests: resourceList(r.Requests), Limits: resourceList(r.Limits)}
}

// resourceList is a stack's cpu and memory as a map, without the ones
// it leaves out.
func resourceList(l config.ResourceList) map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"cpu": l.CPU, "memory": l.Memory} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}
