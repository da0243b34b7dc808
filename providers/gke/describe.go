package gke

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers/internal/kit"
)

// Describe is the cluster New builds, from the stack file alone. A stack
// that Validate refuses still gets a Shape (the zero options), so the
// workload checks can report their problems beside the provider's.
func Describe(cfg *config.Config) cluster.Shape {
	pools, err := poolsWithCloudLabels(cfg.NodePools)
	if err != nil {
		pools = cfg.NodePools
	}
	o, _ := options(cfg)
	s := kit.Shape(Kind, cfg, pools)
	s.Capabilities = capabilities(pools)
	s.Storage = storage(o.Filestore, o.networkName(cfg.Cluster.Name))
	s.InternalLoadBalancerAnnotations = internalLoadBalancer
	s.GatewayController = gatewayController(cfg)
	s.WorkloadIdentities = true
	return s
}
