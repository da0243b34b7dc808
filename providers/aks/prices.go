package aks

import (
	"embed"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/internal/pricing"
)

// Azure list prices (USD, Linux, pay as you go) for the plan's monthly cost
// are data: prices-<region>.csv holds a region's machine prices with their
// source and date (the price file Azure/karpenter-provider-azure
// generates), fees-<region>.csv its control-plane fee per tier with its own; the
// catalog below keeps the spot range and notes.
//
//go:embed prices-*.csv fees-*.csv
var priceFiles embed.FS

var prices = pricing.MustWithPriceFiles("providers/aks", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.10, High: 1.0, Source: "azure.microsoft.com/pricing/spot-virtual-machines: up to 90% off pay-as-you-go; the default maximum price is the pay-as-you-go price"},
	Notes: []string{
		"AKS: managed disks of node pools and volumes are not estimated (no sourced price yet)",
	},
	TierOf: tierOf,
})

// tierOf is the pricing tier a planned ManagedCluster pays (its sku.tier,
// as cluster.go sets it from cluster.aks.tier); every fee file prices the
// cluster by tier.
func tierOf(_ string, inputs map[string]any) string {
	tier, _ := policy.Get(inputs, "sku", "tier").(string)
	return tier
}
