package aks

import (
	"embed"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/internal/pricing"
)

// Azure list prices (USD, Linux, pay as you go) for the plan's monthly cost
// are data: prices-<region>.csv holds a region's machine prices with their
// source and date (the price file Azure/karpenter-provider-azure
// generates), fees-<region>.csv its control-plane fee per tier, managed
// disks per size tier and Azure Files per provisioned GiB, each row with
// its own. spot.csv gives each VM family the low end of its spot range
// where SkyPilot's Azure catalogue has spot prices (US regions, August
// 2024; the high stays pay as you go, which a snapshot that old cannot
// bound); the H100 families and any size outside the families keep the
// cloud's range below.
//
//go:embed prices-*.csv fees-*.csv spot.csv
var priceFiles embed.FS

var prices = pricing.MustWithPriceFiles("providers/aks", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.10, High: 1.0, Source: "azure.microsoft.com/pricing/spot-virtual-machines: up to 90% off pay-as-you-go; the default maximum price is the pay-as-you-go price"},
	Notes: []string{
		"AKS: managed disks (volumes and the nodes' OS disks) are billed by size tier, a disk of N GiB as the smallest tier of at least N GiB; disk transactions and Azure Files snapshots are not estimated",
	},
	TierOf:        tierOf,
	PartsOf:       partsOf,
	NodeDiskTiers: osDiskTiers,
})

// outboundType is how the cluster's nodes reach the internet: through a
// Standard Load Balancer AKS creates and owns, with outbound rules and one
// managed public IPv4 (the default count), which no resource of the plan
// stands for, so the fee rows price them as parts of the cluster.
const outboundType = "loadBalancer"

// The parts of a cluster of outboundType loadBalancer (fee rows keyed
// ManagedCluster+part).
const (
	partOutboundLB = "outbound load balancer"
	partOutboundIP = "outbound public IPv4"
)

// partsOf is what a planned ManagedCluster brings with it: the outbound
// load balancer and its public address where its outbound type is
// outboundType (AKS's default when unset).
func partsOf(typ string, inputs map[string]any) []string {
	if typ != typeManagedCluster {
		return nil
	}
	if t, _ := policy.Get(inputs, "networkProfile", "outboundType").(string); t != "" && t != outboundType {
		return nil
	}
	return []string{partOutboundLB, partOutboundIP}
}

// osDiskTiers prices the nodes' OS disks: the agent pools ask for managed
// OS disks (agentpool.go), which AKS makes Premium SSD where the VM size
// supports premium storage (MicrosoftDocs/azure-aks-docs
// articles/aks/best-practices-performance-scale.md at fb060abe, read
// 2026-12-04: "If your workload is unable to use ephemeral OS disks, AKS
// defaults to using Premium SSD OS disks"), as every size mlkube's stacks
// use does (the s in D4s_v5, NC4as_T4_v3).
const osDiskTiers = diskProvisioner + "@Premium_LRS"

// tierOf is the pricing tier a planned ManagedCluster pays (its sku.tier,
// as cluster.go sets it from cluster.aks.tier); every fee file prices the
// cluster by tier.
func tierOf(_ string, inputs map[string]any) string {
	tier, _ := policy.Get(inputs, "sku", "tier").(string)
	return tier
}
