package aks

import (
	"embed"

	"github.com/mlkube/mlkube/internal/pricing"
)

// Azure list prices (USD, Linux, pay as you go) for the plan's monthly cost.
// Machine prices are data, one prices-<region>.csv per region with its
// source and date (the price file Azure/karpenter-provider-azure
// generates); the catalog below keeps the fees, the spot range and notes.
//
//go:embed prices-*.csv
var priceFiles embed.FS

var prices = pricing.MustWithMachineFiles("providers/aks", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.10, High: 1.0, Source: "azure.microsoft.com/pricing/spot-virtual-machines: up to 90% off pay-as-you-go; the default maximum price is the pay-as-you-go price"},
	Notes: []string{
		"AKS: the control-plane fee assumes the Standard tier; managed disks of node pools and volumes are not estimated",
	},
	Regions: map[string]pricing.Region{
		// The resource type token of an AKS cluster in azure-native v2, dated
		// as the machine prices it was read with.
		"eastus": {Resources: map[string]pricing.Price{
			"azure-native:containerservice:ManagedCluster": {USD: 0.10, Unit: pricing.PerHour, Source: "AKS Standard tier $0.10 per cluster hour (the Free tier has no fee and no uptime SLA)", Date: "2026-06-18"},
		}},
	},
})
