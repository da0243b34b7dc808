package gke

import (
	"embed"
	"strings"

	"github.com/mlkube/mlkube/internal/pricing"
)

// GCP list prices (USD, Linux, on demand) for the plan's monthly cost are
// data: prices-<region>.csv holds a region's machine prices with their
// source and date (the pricing file Cyclenerd/google-cloud-pricing-cost-
// calculator generates), fees-<region>.csv its cluster fee with its own;
// spot.csv the spot range of each machine family computed from the same
// file; the catalog below keeps the cloud's stated range for other families
// and the notes. Machine types not
// listed are warnings in the plan that name them; stacks can price them with
// mlkube:prices.
//
//go:embed prices-*.csv fees-*.csv spot.csv
var priceFiles embed.FS

var prices = pricing.MustWithPriceFiles("providers/gke", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.09, High: 0.40, Source: "cloud.google.com/spot-vms: spot VMs cost 60–91% less than on demand"},
	Notes: []string{
		"GKE: a zonal cluster's fee is taken as covered by the monthly credit for one zonal or Autopilot cluster per billing account (a second zonal cluster in the same account pays $0.10/hour); GPU accelerators of N1 machines are not estimated; a Filestore share is priced by the capacity it provisions (Basic HDD, at least 100 GiB), sourced for us-central1 only",
	},
	TierOf: tierOf,
})

// tierOf is the fee tier of a planned cluster: zonal when its location is a
// zone (us-central1-a: three parts), regional otherwise.
func tierOf(_ string, inputs map[string]any) string {
	if loc, _ := inputs["location"].(string); strings.Count(loc, "-") == 2 {
		return "zonal"
	}
	return "regional"
}
