package gke

import (
	"embed"

	"github.com/mlkube/mlkube/internal/pricing"
)

// GCP list prices (USD, Linux, on demand) for the plan's monthly cost are
// data: prices-<region>.csv holds a region's machine prices with their
// source and date (the pricing file Cyclenerd/google-cloud-pricing-cost-
// calculator generates), fees-<region>.csv its cluster fee with its own;
// the catalog below keeps the spot range and notes. Machine types not listed (a3-highgpu-8g and other A3 shapes:
// no sourced price was found) are warnings in the plan that name them;
// stacks can price them with mlkube:prices.
//
//go:embed prices-*.csv fees-*.csv
var priceFiles embed.FS

var prices = pricing.MustWithPriceFiles("providers/gke", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.09, High: 0.40, Source: "cloud.google.com/spot-vms: spot VMs cost 60–91% less than on demand"},
	Notes: []string{
		"GKE: the free-tier credit that covers one zonal or Autopilot cluster per billing account is not applied; GPU accelerators of N1 machines and persistent disks of node pools are not estimated",
	},
})
