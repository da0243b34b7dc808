package platform

import (
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
)

// placement is where a workload's pods go: the pool's selector picks its
// nodes (mlkube's pool label, or on an adopted cluster the labels its nodes
// already carry), and the pool's taints (the GPU taint included) are
// tolerated. The pool is the single source of truth; nothing here decides a
// taint.
func placement(pool config.NodePool) (nodeSelector map[string]string, tolerations []inference.Toleration) {
	nodeSelector = pool.Selector()
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

// cloudOf names the cloud whose internal load balancer annotations apply.
func cloudOf(cl *cluster.Cluster) string {
	switch cl.Kind {
	case config.ProviderEKS:
		return "aws"
	case config.ProviderGKE:
		return "gcp"
	case config.ProviderAKS:
		return "azure"
	}
	return ""
}

func resources(r config.Resources) inference.Resources {
	list := func(l config.ResourceList) map[string]string {
		return map[string]string{"cpu": l.CPU, "memory": l.Memory}
	}
	return inference.Resources{Requests: list(r.Requests), Limits: list(r.Limits)}
}
