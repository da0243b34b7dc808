package eks

import (
	"embed"

	"github.com/mlkube/mlkube/internal/pricing"
)

// AWS list prices (USD, Linux, on demand) for the plan's monthly cost are
// data, each row with where it was read and when: prices-<region>.csv holds
// a region's machine prices (the price file Karpenter generates from the AWS
// Price List API), fees-<region>.csv its fees, volumes, node disk and load
// balancer. us-east-1 has every family; the other regions teams use most
// have the GPU families (the only per-region source read so far); a stack
// in another region or on a missing instance type gets a warning in the
// plan, never a zero (and may price its machines with mlkube:prices).
//
//go:embed prices-*.csv fees-*.csv
var priceFiles embed.FS

const srcSpot = "aws.amazon.com/ec2/spot/pricing: up to 90% off on demand; a spot instance never bills above its maximum price, the on-demand price by default"

// prices is the EKS price table.
var prices = pricing.MustWithPriceFiles("providers/eks", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.10, High: 1.0, Source: srcSpot},
	Notes: []string{
		"EKS: the fast storage class's IOPS and throughput above the gp3 baseline and KMS key fees are not estimated; a cluster on a Kubernetes version in extended support pays $0.60, not $0.10, per hour",
	},
	TierOf: tierOf,
})

// tierOf is the support tier a planned EKS cluster pays. Every cluster is
// priced at standard support until the version calendar says which
// versions are in extended support (a fee row aws:eks/cluster:Cluster@extended
// and a version check here then price it).
func tierOf(string, map[string]any) string { return "standard" }
