// Package pricing holds the list prices each cluster provider publishes
// through cluster.Offline, each with its source and date. It is the
// vocabulary only: internal/cost turns a plan and these prices into an
// estimate.
package pricing

import "fmt"

// HoursPerMonth is the length of the month the estimate prices (365 × 24 /
// 12, rounded: the convention Infracost and the clouds' calculators use).
const HoursPerMonth = 730

// Units of a price.
const (
	PerHour    = "hour"
	PerGBMonth = "GB-month"
	// PerDiskMonth prices one disk of a size tier for a month, whatever
	// part of the tier's size it holds.
	PerDiskMonth = "disk-month"
)

// Price is one list price with where it was read and when (Date: when the
// source stated or generated it). A price without a source does not belong
// in a catalog.
type Price struct {
	USD    float64 `json:"usd"`
	Unit   string  `json:"unit"`
	Source string  `json:"source"`
	Date   string  `json:"date,omitempty"`
	// MinGiB is the least size a volume of this price is billed for (a
	// file share or instance provisioned at its service's minimum, however
	// little the claim asks); 0 when the claim's own size is billed.
	MinGiB int `json:"minGiB,omitempty"`
}

// Monthly is the price of one unit for a month (hourly prices × 730).
func (p Price) Monthly() float64 {
	if p.Unit == PerHour {
		return p.USD * HoursPerMonth
	}
	return p.USD
}

// Catalog is one provider's prices.
type Catalog struct {
	// OwnHardware, when set, says why the provider's machines have no price
	// (an adopted cluster or servers the user already owns). Nothing is
	// priced then unless the stack names a price itself (mlkube:prices),
	// and the estimate says so instead of showing a zero.
	OwnHardware string
	// Regions are the prices per region or location.
	Regions map[string]Region
	// Spot is what spot capacity costs as a fraction of on-demand;
	// SpotFamilies narrow it per machine family where a source gives one
	// (the provider's spot.csv; see SpotFor).
	Spot         Spot
	SpotFamilies map[string]Spot
	// Notes are what this provider's estimate leaves out, shown with the
	// estimate's assumptions.
	Notes []string
	// TierOf names the tier of a planned resource of a type the regions
	// price by tier (Region.Tiers), from its type and inputs: the one place
	// a provider says which fee row a cluster resource pays.
	TierOf func(typ string, inputs map[string]any) string
	// PartsOf names the billed parts a planned resource brings with it
	// (Region.Parts), from its type and inputs: an AKS cluster whose
	// outbound type is loadBalancer gets a Standard Load Balancer and a
	// public IPv4 that no resource of the plan stands for.
	PartsOf func(typ string, inputs map[string]any) []string
	// NodeDiskTiers names the VolumeTiers key (provisioner@disk-type) a
	// node's root disk is billed as, where the cloud bills root disks by
	// size tier like any other managed disk.
	NodeDiskTiers string
}

// SizeTier is one size of a disk billed by tier: Name as the cloud calls it
// (P10), GiB its size and Price per disk-month.
type SizeTier struct {
	Name  string `json:"name"`
	GiB   int    `json:"gib"`
	Price Price  `json:"price"`
}

// Spot is the range of the spot price as a fraction of the on-demand price.
// Spot prices move with the market: the clouds publish the largest discount,
// not a price, so the estimate shows the whole range.
type Spot struct {
	Low, High float64
	Source    string
}

// Region holds the prices of one region.
type Region struct {
	// Machines are on-demand Linux prices per node hour, by machine type.
	Machines map[string]Price
	// Resources are prices per hour of each resource of a type the plan
	// registers (a control plane fee, a NAT gateway).
	Resources map[string]Price
	// Tiers are the hourly prices of the types whose fee depends on a tier
	// of the resource, by type and tier (fee rows keyed type@tier).
	Tiers map[string]map[string]Price
	// Volumes are prices per GB-month of claimed size, by CSI provisioner.
	Volumes map[string]Price
	// VolumeTiers are the disks billed by size tier instead (Azure managed
	// disks: a claim of N GiB is billed as the smallest tier of at least N
	// GiB), by provisioner@disk-type, smallest tier first (see Tier).
	VolumeTiers map[string][]SizeTier
	// NodeDisk is the price per GB-month of a node's root disk. A region
	// without one prices root disks by Catalog.NodeDiskTiers, if set.
	NodeDisk *Price
	// LoadBalancer is the hourly price of the load balancer a Service of
	// type LoadBalancer gets.
	LoadBalancer *Price
	// GatewayLoadBalancers are the hourly prices of the load balancer a
	// Gateway of a GatewayClass the cloud serves itself gets (GKE's global
	// external Application Load Balancer), by class (loadBalancer rows
	// keyed by class); see GatewayLoadBalancer.
	GatewayLoadBalancers map[string]Price
	// Parts are the hourly prices of what a resource brings with it, by
	// type and part (resource rows keyed type+part; Catalog.PartsOf).
	Parts map[string]map[string]Price
}

// GatewayLoadBalancer is the price of the load balancer of a Gateway of
// class: the class's own row where the cloud's controller serves it, else
// the row of a Service of type LoadBalancer (an in-cluster implementation
// such as Envoy Gateway puts each Gateway behind one). nil: no price.
func (r Region) GatewayLoadBalancer(class string) *Price {
	if p, ok := r.GatewayLoadBalancers[class]; ok {
		return &p
	}
	return r.LoadBalancer
}

// String formats a price with its unit: $0.096/hour.
func (p Price) String() string {
	return fmt.Sprintf("$%.4g/%s", p.USD, p.Unit)
}
