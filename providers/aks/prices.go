package aks

import (
	"embed"

	"github.com/mlkube/mlkube/internal/pricing"
)

// Azure list prices (USD, Linux, pay as you go) for the plan's monthly cost
// are data: prices-<region>.csv holds a region's machine prices with their
// source and date (the price file Azure/karpenter-provider-azure
// generates), fees-<region>.csv its control-plane fee with its own; the
// catalog below keeps the spot range and notes.
//
//go:embed prices-*.csv fees-*.csv
var priceFiles embed.FS

var prices = pricing.MustWithPriceFiles("providers/aks", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.10, High: 1.0, Source: "azure.microsoft.com/pricing/spot-virtual-machines: up to 90% off pay-as-you-go; the default maximum price is the pay-as-you-go price"},
	Notes: []string{
		"AKS: the control-plane fee assumes the Standard tier; managed disks of node pools and volumes are not estimated",
	},
})
