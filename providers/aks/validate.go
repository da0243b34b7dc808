package aks

import (
	"net"
	"regexp"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
)

var (
	guidRE          = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	resourceGroupRE = regexp.MustCompile(`^[-\w._()]{1,90}$`)
	subnetIDRE      = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`)
	// agentPoolNameRE is AKS's rule for agent pool names (Linux pools).
	agentPoolNameRE = regexp.MustCompile(`^[a-z][a-z0-9]{0,11}$`)
)

// regions are the Azure regions that offer AKS (az aks get-versions per
// location); a typo such as "eastus-2" is refused before anything runs.
var regions = []string{
	"australiacentral", "australiaeast", "australiasoutheast", "brazilsouth", "canadacentral", "canadaeast",
	"centralindia", "centralus", "eastasia", "eastus", "eastus2", "francecentral", "germanywestcentral",
	"israelcentral", "italynorth", "japaneast", "japanwest", "koreacentral", "koreasouth", "mexicocentral",
	"newzealandnorth", "northcentralus", "northeurope", "norwayeast", "polandcentral", "qatarcentral",
	"southafricanorth", "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral",
	"switzerlandnorth", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westus", "westus2",
	"westus3",
}

// Address ranges the cluster uses besides the VNet: with Azure CNI overlay
// pods get addresses from podCIDR, services from serviceCIDR; neither may
// overlap the VNet.
const (
	podCIDR     = "192.168.0.0/16"
	serviceCIDR = "172.16.0.0/16"
	dnsService  = "172.16.0.10"
)

var (
	upgradeChannels       = []string{"none", "patch", "stable", "rapid", "node-image"}
	nodeOSUpgradeChannels = []string{"None", "Unmanaged", "SecurityPatch", "NodeImage"}
	tiers                 = []string{TierFree, TierStandard, TierPremium}
)

// Validate checks what only AKS knows about a stack that config.Load
// already accepted: the cluster.aks section, the region, the network, the
// admins (Entra ID group object IDs), and that every GPU pool names the GPU
// of its VM size. Every problem comes back at once, each with its key path,
// and New returns them before it registers any resource.
func Validate(cfg *config.Config) error {
	var p config.Problems
	o, err := options(cfg)
	if err != nil {
		p.Merge(err)
	}
	validateOptions(&p, cfg, o)
	validateCluster(&p, cfg.Cluster)
	validateIdentities(&p, cfg, o)
	validateTeams(&p, cfg)
	names := map[string]string{systemPoolName: optionsPath("systemPool")}
	for i, pool := range cfg.NodePools {
		validatePool(&p, config.Index("nodePools", i), pool, names)
	}
	return p.Err()
}

func validateOptions(p *config.Problems, cfg *config.Config, o Options) {
	switch {
	case o.SubscriptionID == "":
		p.Add(optionsPath("subscriptionId"), "is required: the Azure subscription ID the cluster lives in")
	case !guidRE.MatchString(o.SubscriptionID):
		p.Add(optionsPath("subscriptionId"), "must be a subscription ID (a GUID), got %q", o.SubscriptionID)
	}
	if o.ResourceGroup != "" && (!resourceGroupRE.MatchString(o.ResourceGroup) || strings.HasSuffix(o.ResourceGroup, ".")) {
		p.Add(optionsPath("resourceGroup"), "must be a resource group name (1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'), got %q", o.ResourceGroup)
	}
	if o.VnetSubnetID != "" && !subnetIDRE.MatchString(o.VnetSubnetID) {
		p.Add(optionsPath("vnetSubnetId"), "must be a subnet resource ID (/subscriptions/.../resourceGroups/.../providers/Microsoft.Network/virtualNetworks/.../subnets/...), got %q", o.VnetSubnetID)
	}
	sp := o.SystemPool
	if sp.Spot {
		p.Add(optionsPath("systemPool", "spot"), "AKS system pools cannot use spot VMs (they run CoreDNS and the other critical addons); put spot capacity in a user pool under nodePools")
	}
	if m, err := machines.Lookup(sp.VMSize); err != nil {
		p.Add(optionsPath("systemPool", "vmSize"), "%v", err)
	} else if m.GPUs > 0 {
		p.Add(optionsPath("systemPool", "vmSize"), "%s is a GPU size; the system pool runs only critical addons, use a D-series size such as %s", sp.VMSize, DefaultSystemVMSize)
	}
	if !slices.Contains([]string{DevicePluginGPUOperator, DevicePluginAKS}, o.DevicePlugin) {
		p.Add(optionsPath("devicePlugin"), "must be gpuOperator or aks, got %q", o.DevicePlugin)
	}
	if !slices.Contains(tiers, o.Tier) {
		p.Add(optionsPath("tier"), "must be one of %s, got %q", strings.Join(tiers, ", "), o.Tier)
	} else if cfg.Production() && o.Tier == TierFree {
		p.Add(optionsPath("tier"), "must be Standard or Premium in production (the Free tier has no uptime SLA)")
	}
	if !slices.Contains(upgradeChannels, o.UpgradeChannel) {
		p.Add(optionsPath("upgradeChannel"), "must be one of %s, got %q", strings.Join(upgradeChannels, ", "), o.UpgradeChannel)
	}
	if !slices.Contains(nodeOSUpgradeChannels, o.NodeOSUpgradeChannel) {
		p.Add(optionsPath("nodeOsUpgradeChannel"), "must be one of %s, got %q", strings.Join(nodeOSUpgradeChannels, ", "), o.NodeOSUpgradeChannel)
	}
	ep := cfg.Cluster.Endpoint
	switch {
	case *o.PrivateCluster && ep.Public:
		p.Add(optionsPath("privateCluster"), "a private cluster has no public endpoint; set cluster.endpoint.public: false or privateCluster: false")
	case !*o.PrivateCluster && !ep.Public:
		p.Add(optionsPath("privateCluster"), "a public API server must be limited to cluster.endpoint.publicCidrs; set cluster.endpoint.public: true with them, or leave privateCluster out")
	}
}

func validateCluster(p *config.Problems, c config.Cluster) {
	if !slices.Contains(regions, c.Region) {
		p.Add("cluster.region", "must be an Azure region that offers AKS, such as eastus or westeurope, got %q", c.Region)
	}
	n := c.Network
	if n.VpcID != "" || len(n.PrivateSubnetIDs) > 0 || len(n.PublicSubnetIDs) > 0 {
		p.Add("cluster.network.vpcId", "is not used on AKS; put the nodes in an existing subnet with cluster.aks.vnetSubnetId")
	}
	if _, vnet, err := net.ParseCIDR(n.CIDR); err == nil {
		ones, bits := vnet.Mask.Size()
		if bits != 32 || ones < 8 || ones > 24 {
			p.Add("cluster.network.cidr", "must be an IPv4 /8 to /24, got %s", n.CIDR)
		}
		for _, other := range []string{podCIDR, serviceCIDR} {
			_, o, _ := net.ParseCIDR(other)
			if vnet.Contains(o.IP) || o.Contains(vnet.IP) {
				p.Add("cluster.network.cidr", "overlaps %s, which the cluster uses for pods or services; pick another range such as 10.0.0.0/16", other)
			}
		}
	}
	for i, z := range n.Zones {
		if !slices.Contains([]string{"1", "2", "3"}, z) {
			p.Add(config.Index("cluster.network.zones", i), "must be an Azure availability zone number 1, 2 or 3, got %q", z)
		}
	}
	if len(c.Admins) == 0 {
		p.Add("cluster.admins", "must list at least one Entra ID group object ID: with Azure RBAC only they (and the identity running pulumi up, if a member) can reach the API")
	}
	for i, id := range c.Admins {
		if !guidRE.MatchString(id) {
			p.Add(config.Index("cluster.admins", i), "must be an Entra ID group object ID (a GUID), got %q", id)
		}
	}
}

// validatePool checks the AKS name of a pool and that a GPU pool's VM size
// has the GPU it says, and that a GPU size is described as one.
func validatePool(p *config.Problems, path string, pool config.NodePool, names map[string]string) {
	name := agentPoolName(pool.Name)
	if !agentPoolNameRE.MatchString(name) {
		p.Add(config.Key(path, "name"), "becomes AKS agent pool name %q, which must be 1-12 lowercase letters and digits starting with a letter (dashes are dropped)", name)
	} else if other, dup := names[name]; dup {
		p.Add(config.Key(path, "name"), "becomes AKS agent pool name %q, the same as %s", name, other)
	}
	names[name] = path
	m, err := machines.Lookup(pool.MachineType)
	if pool.GPU == nil {
		if err == nil && m.GPUs > 0 {
			p.Add(config.Key(path, "gpu"), "is required: %s has %d %s GPU(s); describe them (gpu: {model: %s, count: %d}) so the pool gets the GPU taint and labels",
				pool.MachineType, m.GPUs, m.GPUModel, m.GPUModel, m.GPUs)
		}
		return
	}
	if _, known := gpu.Lookup(pool.GPU.Model); !known {
		return // config already names the model key
	}
	switch {
	case err != nil || m.GPUs == 0:
		p.Add(config.Key(path, "machineType"), "%q is not a VM size known to have a %s GPU; GPU pools need an NVIDIA size such as %s", pool.MachineType, pool.GPU.Model, gpuSizeExample(pool.GPU.Model))
	case m.GPUModel != pool.GPU.Model:
		p.Add(config.Key(path, "gpu.model"), "must be %s: that is the GPU of %s, got %q", m.GPUModel, pool.MachineType, pool.GPU.Model)
	case m.GPUs != pool.GPU.Count:
		p.Add(config.Key(path, "gpu.count"), "must be %d: a %s has %d GPU(s), got %d", m.GPUs, pool.MachineType, m.GPUs, pool.GPU.Count)
	}
}

// gpuSizeExample names an Azure size with the model, for error messages.
func gpuSizeExample(model string) string {
	for _, size := range machines.Known() {
		if m, _ := machines.Lookup(size); m.GPUModel == model && strings.HasPrefix(size, "Standard_") {
			return size
		}
	}
	return "Standard_NC4as_T4_v3"
}
