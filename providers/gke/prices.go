package gke

import (
	"embed"

	"github.com/mlkube/mlkube/internal/pricing"
)

// GCP list prices (USD, Linux, on demand) for the plan's monthly cost.
// Machine prices are data, one prices-<region>.csv per region with its
// source and date (the pricing file Cyclenerd/google-cloud-pricing-cost-
// calculator generates); the catalog below keeps the fees, the spot range
// and notes. Machine types not listed (a3-highgpu-8g and other A3 shapes:
// no sourced price was found) are warnings in the plan that name them;
// stacks can price them with mlkube:prices.
//
//go:embed prices-*.csv
var priceFiles embed.FS

var prices = pricing.MustWithMachineFiles("providers/gke", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.09, High: 0.40, Source: "cloud.google.com/spot-vms: spot VMs cost 60–91% less than on demand"},
	Notes: []string{
		"GKE: the free-tier credit that covers one zonal or Autopilot cluster per billing account is not applied; GPU accelerators of N1 machines and persistent disks of node pools are not estimated",
	},
	Regions: map[string]pricing.Region{
		// The resource type token of a GKE cluster in pulumi-gcp v7, dated
		// as the machine prices it was read with.
		"us-central1": {Resources: map[string]pricing.Price{
			"gcp:container/cluster:Cluster": {USD: 0.10, Unit: pricing.PerHour, Source: "GKE cluster management fee $0.10 per cluster hour; a monthly credit of $74.40 covers one zonal or Autopilot cluster per billing account (not applied here)", Date: "2025-03-06"},
		}},
	},
})
