package eks

import (
	"embed"

	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/mlkube/mlkube/internal/pricing"
)

// AWS list prices (USD, Linux, on demand) for the plan's monthly cost are
// data, each row with where it was read and when: prices-<region>.csv holds
// a region's machine prices (the price file Karpenter generates from the AWS
// Price List API), fees-<region>.csv its fees, volumes, node disk and load
// balancer. us-east-1 has every family; the other regions teams use most
// have the GPU families in prices-<region>.csv and the m6i family in
// prices-<region>.cpu.csv (read from another source); a stack in another
// region or on a missing instance type gets a warning in the plan, never a
// zero (and may price its machines with mlkube:prices). spot.csv narrows the
// spot range per family where SkyPilot's catalogue gives spot prices
// (hack/spotrange writes it); other families keep the cloud's range below.
//
//go:embed prices-*.csv fees-*.csv spot.csv
var priceFiles embed.FS

const srcSpot = "aws.amazon.com/ec2/spot/pricing: up to 90% off on demand; a spot instance never bills above its maximum price, the on-demand price by default"

// prices is the EKS price table.
var prices = pricing.MustWithPriceFiles("providers/eks", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.10, High: 1.0, Source: srcSpot},
	Notes: []string{
		"EKS: the fast storage class's IOPS and throughput above the gp3 baseline and KMS key fees are not estimated",
	},
	TierOf: tierOf,
})

// tierOf is the support tier a planned EKS cluster pays: extended when the
// version calendar puts its minor in extended support on the day of the
// run, standard otherwise (a version not known yet is priced as standard;
// Support refuses it anyway).
func tierOf(_ string, inputs map[string]any) string {
	v, _ := inputs["version"].(string)
	m, ok := lifecycle.ParseMinor(v)
	if !ok {
		return tierStandard
	}
	today, err := lifecycle.Today()
	if err == nil && calendar.Judge(m, today).Phase == lifecycle.Extended {
		return tierExtended
	}
	return tierStandard
}

// Support tiers of the control plane's fee rows (aws:eks/cluster:Cluster@<tier>).
const (
	tierStandard = "standard"
	tierExtended = "extended"
)
