package gke

import "github.com/mlkube/mlkube/internal/pricing"

// GCP list prices (USD, Linux, on demand) for the plan's monthly cost. Add to
// the provider's Offline(): Prices: map[string]*pricing.Catalog{Kind: &prices}.
// Machine types not listed (a3-highgpu-8g and other A3 shapes: no sourced
// price was found) are warnings in the plan that name them; stacks can
// price them with mlkube:prices.
const (
	srcCyclenerd  = "Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml (generated 2025-03-06), us-central1"
	dateCyclenerd = "2025-03-06"
	srcGKEFee     = "GKE cluster management fee $0.10 per cluster hour; a monthly credit of $74.40 covers one zonal or Autopilot cluster per billing account (not applied here)"
	srcGCPSpot    = "cloud.google.com/spot-vms: spot VMs cost 60–91% less than on demand"
)

// onDemand prices a machine per hour from the table's source.
var onDemand = pricing.Hourly(srcCyclenerd, dateCyclenerd)

var prices = pricing.Catalog{
	Spot: pricing.Spot{Low: 0.09, High: 0.40, Source: srcGCPSpot},
	Notes: []string{
		"GKE: the free-tier credit that covers one zonal or Autopilot cluster per billing account is not applied; GPU accelerators of N1 machines and persistent disks of node pools are not estimated",
	},
	Regions: map[string]pricing.Region{
		"us-central1": {
			Machines: map[string]pricing.Price{
				"n2-standard-8": onDemand(0.3885),   // 8 vCPU, 32 GB
				"a2-highgpu-1g": onDemand(3.673385), // 1 x A100 40GB
				"g2-standard-8": onDemand(0.854),    // 1 x L4
			},
			Resources: map[string]pricing.Price{
				// The resource type token of a GKE cluster in pulumi-gcp v7.
				"gcp:container/cluster:Cluster": {USD: 0.10, Unit: pricing.PerHour, Source: srcGKEFee, Date: dateCyclenerd},
			},
		},
	},
}
