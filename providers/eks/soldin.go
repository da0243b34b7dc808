package eks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
)

// soldIn are the instance types EC2 sells in some capacity tiers only. A
// p5e.48xlarge (8 x H200) is sold through EC2 Capacity Blocks for ML alone:
// AWS's Capacity Blocks guide lists it (US East (Ohio)) among the Capacity
// Block instance types, and the price list has no on-demand or spot row for
// it (instances.vantage.sh skips Capacity Block prices and lists p5e.48xlarge
// with none: tsaol/aws-gpu data/p5e_instances.js, 2026-01-21; Karpenter's
// generated on-demand prices have no p5e). Read 2026-12-05. A Capacity
// Block is a capacity reservation (cr-...), which a karpenter pool's
// reserved tier launches into (Karpenter v1.6 and later).
var soldIn = map[string]cluster.SoldIn{
	"p5e.48xlarge": {
		Tiers: []string{config.CapacityReserved},
		Why:   "EC2 sells it only in Capacity Blocks for ML, docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-capacity-blocks.html",
		Hint:  "buy a Capacity Block and make the pool provisioner: karpenter with capacity: [reserved] and capacityReservations: [its cr-... ID]",
	},
}
