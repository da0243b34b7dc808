package aks

import "github.com/mlkube/mlkube/internal/pricing"

// Azure list prices (USD, Linux, pay as you go) for the plan's monthly cost.
const (
	srcKarpenterAzure  = "Azure/karpenter-provider-azure pkg/providers/pricing/zz_generated.pricing.go (generated 2026-06-18T03:43:41Z), eastus"
	dateKarpenterAzure = "2026-06-18"
	srcAKSTier         = "AKS Standard tier $0.10 per cluster hour (the Free tier has no fee and no uptime SLA)"
	srcAzureSpot       = "azure.microsoft.com/pricing/spot-virtual-machines: up to 90% off pay-as-you-go; the default maximum price is the pay-as-you-go price"
)

// payAsYouGo prices a machine per hour from the table's source.
var payAsYouGo = pricing.Hourly(srcKarpenterAzure, dateKarpenterAzure)

var prices = pricing.Catalog{
	Spot: pricing.Spot{Low: 0.10, High: 1.0, Source: srcAzureSpot},
	Notes: []string{
		"AKS: the control-plane fee assumes the Standard tier; managed disks of node pools and volumes are not estimated",
	},
	Regions: map[string]pricing.Region{
		"eastus": {
			Machines: map[string]pricing.Price{
				"Standard_D2s_v5":           payAsYouGo(0.096),
				"Standard_D4s_v5":           payAsYouGo(0.192),
				"Standard_D8s_v5":           payAsYouGo(0.384),
				"Standard_D16s_v5":          payAsYouGo(0.768),
				"Standard_D4ds_v5":          payAsYouGo(0.226),
				"Standard_D8ds_v5":          payAsYouGo(0.452),
				"Standard_NC4as_T4_v3":      payAsYouGo(0.526),  // 1 x T4
				"Standard_NC8as_T4_v3":      payAsYouGo(0.752),  // 1 x T4
				"Standard_NC16as_T4_v3":     payAsYouGo(1.204),  // 1 x T4
				"Standard_NC64as_T4_v3":     payAsYouGo(4.352),  // 4 x T4
				"Standard_NC24ads_A100_v4":  payAsYouGo(3.673),  // 1 x A100 80GB
				"Standard_NC48ads_A100_v4":  payAsYouGo(7.346),  // 2 x A100 80GB
				"Standard_NC96ads_A100_v4":  payAsYouGo(14.692), // 4 x A100 80GB
				"Standard_ND96asr_v4":       payAsYouGo(27.197), // 8 x A100 40GB
				"Standard_ND96amsr_A100_v4": payAsYouGo(32.77),  // 8 x A100 80GB
				"Standard_NV6ads_A10_v5":    payAsYouGo(0.454),  // 1/6 x A10
				"Standard_NV12ads_A10_v5":   payAsYouGo(0.908),  // 1/3 x A10
				"Standard_NV36ads_A10_v5":   payAsYouGo(3.2),    // 1 x A10
				"Standard_NC40ads_H100_v5":  payAsYouGo(6.98),   // 1 x H100 NVL
				"Standard_ND96isr_H100_v5":  payAsYouGo(98.32),  // 8 x H100
			},
			Resources: map[string]pricing.Price{
				// The resource type token of an AKS cluster in azure-native v2.
				"azure-native:containerservice:ManagedCluster": {USD: 0.10, Unit: pricing.PerHour, Source: srcAKSTier, Date: dateKarpenterAzure},
			},
		},
	},
}
