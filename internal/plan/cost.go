package plan

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/cost"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/internal/pricing"
)

// PolicyCost names the findings of what the cost estimate cannot price.
const PolicyCost = "cost-estimate"

// costOf prices the plan with the cluster provider's catalog and adds a
// warning finding for every machine type, region or volume it cannot
// price, so a missing price is never a silent zero.
func costOf(cfg *config.Config, cl *cluster.Cluster, p *Plan) *cost.Estimate {
	in := cost.Input{
		Kind:      cfg.Cluster.Provider,
		Catalog:   offline.Prices[cfg.Cluster.Provider],
		Region:    cfg.Cluster.Region,
		Pools:     poolsAsBuilt(cfg.NodePools, cl),
		Overrides: cfg.Prices,
		Resources: p.Resources,
	}
	if cl != nil {
		in.DefaultProvisioner = cl.Storage.Standard.Provisioner
		in.DefaultDiskType = pricing.DiskType(cl.Storage.Standard.Parameters)
	}
	est, warns := cost.Compute(in)
	for _, w := range warns {
		p.Findings = append(p.Findings, policy.Finding{Policy: PolicyCost, Severity: policy.SeverityWarning, URN: w.URN, Message: w.Message})
	}
	return est
}

// poolsAsBuilt are the stack's pools with the machine types the cluster
// gives each (a provisioner may draw on more types than the stack names),
// so a pool is priced by every type its nodes may be.
func poolsAsBuilt(pools []config.NodePool, cl *cluster.Cluster) []config.NodePool {
	out := append([]config.NodePool(nil), pools...)
	if cl == nil {
		return out
	}
	for i := range out {
		if p, ok := cl.Pool(out[i].Name); ok && len(p.MachineTypes) > 0 {
			out[i].MachineTypes = p.MachineTypes
		}
	}
	return out
}
