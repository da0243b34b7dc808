package eks

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
		if p.Provisioner == config.ProvisionerKarpenter {
			s.Pools[i].MachineTypes = instanceTypes(p)
		}
	}
	s.Capabilities = capabilities(pools)
	s.Storage = storage(o.EFS)
	if wantsLBController(cfg) {
		s.IngressController = lbController(cfg.Cluster.Name, cfg.Cluster.Region, cfg.Cluster.Network.CIDR)
	}
	// Only node groups: Karpenter's nodes are in no Auto Scaling group.
	s.NodeGroupPatterns = nodeGroupPatterns(cfg.Cluster.Name, nodeGroupPools(pools))
	// Both the in-tree annotation and the AWS Load Balancer Controller's
	// scheme, so either controller keeps it private.
	s.InternalLoadBalancerAnnotations = map[string]string{
		"service.beta.kubernetes.io/aws-load-balancer-internal": "true",
		"service.beta.kubernetes.io/aws-load-balancer-scheme":   "internal",
	}
	s.WorkloadIdentities = true
	s.TeamGroup = teamGroup
	s.Egress = egress()
	return s
}
