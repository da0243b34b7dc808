package aks

import (
	"github.com/mlkube/mlkube/internal/config"
)

// Options is the stack file's cluster.aks section.
type Options struct {
	// SubscriptionID is the Azure subscription that holds the cluster. The
	// explicit provider uses it, never the ambient az CLI default.
	SubscriptionID string `json:"subscriptionId"`
	// ResourceGroup names an existing resource group to create everything
	// in; empty creates one named after the cluster (<name>-rg).
	ResourceGroup string `json:"resourceGroup"`
	// VnetSubnetID puts the nodes in an existing subnet instead of a new
	// virtual network.
	VnetSubnetID string `json:"vnetSubnetId"`
	// SystemPool sizes the AKS system pool, which runs only critical
	// addons (CoreDNS, metrics-server, konnectivity).
	SystemPool SystemPool `json:"systemPool"`
	// DevicePlugin says who runs the NVIDIA device plugin on GPU nodes:
	// "gpuOperator" (default) or "aks" (AKS-managed GPU node pools).
	DevicePlugin string `json:"devicePlugin"`
	// PrivateCluster puts the API server on a private endpoint. It defaults
	// to the opposite of cluster.endpoint.public.
	PrivateCluster *bool `json:"privateCluster"`
	// Tier is the control plane's pricing tier: Free (the dev default),
	// Standard (uptime SLA; the production default and minimum) or Premium.
	Tier string `json:"tier"`
	// UpgradeChannel is AKS's automatic Kubernetes upgrade channel:
	// none, patch (default), stable, rapid or node-image.
	UpgradeChannel string `json:"upgradeChannel"`
	// NodeOSUpgradeChannel is AKS's node OS upgrade channel: None,
	// Unmanaged, SecurityPatch or NodeImage (default).
	NodeOSUpgradeChannel string `json:"nodeOsUpgradeChannel"`
	// StorageAccounts maps each storage account that workloads read
	// (az://ACCOUNT/container/...) to its resource group in the cluster's
	// subscription: a workload's identity is granted its containers there.
	StorageAccounts map[string]string `json:"storageAccounts"`
}

// SystemPool is cluster.aks.systemPool.
type SystemPool struct {
	VMSize string `json:"vmSize"`
	Count  int    `json:"count" min:"1" max:"100"`
	// Spot is accepted only to be refused with a clear message: AKS
	// system pools cannot run on spot VMs.
	Spot bool `json:"spot"`
}

// Device plugin choices.
const (
	DevicePluginGPUOperator = "gpuOperator"
	DevicePluginAKS         = "aks"
)

// Defaults of cluster.aks.
const (
	DefaultSystemVMSize         = "Standard_D4s_v5"
	DefaultUpgradeChannel       = "patch"
	DefaultNodeOSUpgradeChannel = "NodeImage"
	TierFree                    = "Free"
	TierStandard                = "Standard"
	TierPremium                 = "Premium"
)

// options decodes and defaults cluster.aks. Production gets a three-node
// system pool (one per zone) and the Standard tier; dev one node and Free.
// Defaults apply even when decoding failed, so Validate can go on to report
// every other problem.
func options(cfg *config.Config) (Options, error) {
	var o Options
	err := config.DecodeOptions(cfg.Cluster.Options, &o)
	prod := cfg.Production()
	if o.SystemPool.VMSize == "" {
		o.SystemPool.VMSize = DefaultSystemVMSize
	}
	if o.SystemPool.Count == 0 {
		o.SystemPool.Count = 1
		if prod {
			o.SystemPool.Count = 3
		}
	}
	if o.DevicePlugin == "" {
		o.DevicePlugin = DevicePluginGPUOperator
	}
	if o.PrivateCluster == nil {
		private := !cfg.Cluster.Endpoint.Public
		o.PrivateCluster = &private
	}
	if o.Tier == "" {
		o.Tier = TierFree
		if prod {
			o.Tier = TierStandard
		}
	}
	if o.UpgradeChannel == "" {
		o.UpgradeChannel = DefaultUpgradeChannel
	}
	if o.NodeOSUpgradeChannel == "" {
		o.NodeOSUpgradeChannel = DefaultNodeOSUpgradeChannel
	}
	return o, err
}

// optionsPath is the key path of an option, for error messages.
func optionsPath(parts ...string) string {
	return config.Key(append([]string{"cluster", "aks"}, parts...)...)
}
