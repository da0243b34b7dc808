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
	s.Capabilities = capabilities(pools)
	s.Storage = storage(o.Filestore, o.networkName(cfg.Cluster.Name))
	s.InternalLoadBalancerAnnotations = internalLoadBalancer
	s.GatewayController = gatewayController(cfg)
	s.WorkloadIdentities = true
	return s
}
