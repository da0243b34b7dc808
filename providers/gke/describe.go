package gke

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers/internal/kit"
)

// Describe is the cluster New builds, from the stack file alone. A stack
// that Validate refuses still gets a Shape (the zero options, the pools as
// written), so the workload checks report their problems beside the
// provider's.
func Describe(cfg *config.Config) cluster.Shape {
	s, pools := kit.Shape(Kind, cfg, poolsWithCloudLabels)
	o, _ := options(cfg)
	for i, p := range pools {
		if p.Provisioner == config.ProvisionerComputeClass {
			computeClassPool(&s.Pools[i], p.Name)
		}
	}
	s.Capabilities = capabilities(pools)
	s.Storage = storage(o.Filestore, o.networkName(cfg.Cluster.Name))
	s.InternalLoadBalancerAnnotations = internalLoadBalancer
	s.GatewayController = gatewayController(cfg)
	s.WorkloadIdentities = true
	s.ServedKinds = []string{computeClassKind}
	return s
}

// computeClassPool: the pods of a computeClass pool select its class, the
// label GKE puts on the nodes it creates for it (never sent). The pool's
// own labels are on those nodes too (nodePoolConfig.nodeLabels), but GKE
// creates node pools for pods that ask for the class.
func computeClassPool(p *cluster.Pool, name string) {
	class := computeClassName(name)
	p.NodeSelector = map[string]string{computeClassLabel: class}
	p.WellKnown[computeClassLabel] = class
}
