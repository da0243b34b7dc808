package aks

import (
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiVersion is the AKS API version every containerservice resource uses,
// spelled once so the cluster and its pools cannot drift apart. 2024-09-01
// is the newest GA version in the SDK; it carries the GPU fields of agent
// pools (gpuInstanceProfile) and the node OS upgrade channel. Its types are
// imported as containerservice from .../containerservice/v2/v20240901.
const apiVersion = "v20240901"

// criticalAddonsOnly keeps everything but critical addons off the system
// pool, so a training job cannot starve CoreDNS.
const criticalAddonsOnly = "CriticalAddonsOnly=true:NoSchedule"

// osSKU is the node OS of every pool: Ubuntu, whose GPU images AKS and the
// NVIDIA GPU operator both support.
const osSKU = "Ubuntu"

// minorUpgradeChannels move the cluster to a new minor version by
// themselves; under them the stack's kubernetesVersion is a floor, not a
// pin, so it is ignored in diffs.
var minorUpgradeChannels = map[string]bool{"stable": true, "rapid": true}

// newCluster creates the managed cluster with its system pool. It waits
// for the control plane's role on the subnet but nothing else, so it starts
// as early as possible: it is the longest step of the stack.
func (b *builder) newCluster(nw *clusterNetwork) (*containerservice.ManagedCluster, error) {
	c := b.Cfg.Cluster
	o := b.opts
	prod := b.Cfg.Production()

	access := &containerservice.ManagedClusterAPIServerAccessProfileArgs{
		EnablePrivateCluster: pulumi.Bool(*o.PrivateCluster),
	}
	if !*o.PrivateCluster {
		access.AuthorizedIPRanges = pulumi.ToStringArray(c.Endpoint.PublicCIDRs)
	}

	system := &containerservice.ManagedClusterAgentPoolProfileArgs{
		Name:         pulumi.String(systemPoolName),
		Mode:         pulumi.String("System"),
		VmSize:       pulumi.String(o.SystemPool.VMSize),
		Count:        pulumi.Int(o.SystemPool.Count),
		OsType:       pulumi.String("Linux"),
		OsSKU:        pulumi.String(osSKU),
		Type:         pulumi.String("VirtualMachineScaleSets"),
		VnetSubnetID: nw.subnetID,
		NodeTaints:   pulumi.StringArray{pulumi.String(criticalAddonsOnly)},
		Tags:         b.tags(),
	}
	if len(c.Network.Zones) > 0 {
		system.AvailabilityZones = pulumi.ToStringArray(c.Network.Zones)
	}

	// What AKS owns after create: the pools (user pools are AgentPool
	// resources, and the system pool's profile here would otherwise be
	// re-sent on every update), and under a minor-upgrade channel the
	// version.
	ignore := []string{"agentPoolProfiles"}
	if minorUpgradeChannels[o.UpgradeChannel] {
		ignore = append(ignore, "kubernetesVersion")
	}

	// A minor past community support runs only on long-term support, which
	// the Premium tier must ask for (Support refuses it on other tiers).
	var supportPlan pulumi.StringPtrInput
	if Support(b.Cfg).Extended {
		supportPlan = pulumi.StringPtr(supportPlanLTS)
	}

	return containerservice.NewManagedCluster(b.Ctx, b.Name, &containerservice.ManagedClusterArgs{
		SupportPlan:       supportPlan,
		ResourceGroupName: nw.resourceGroup,
		ResourceName:      pulumi.String(b.Name),
		Location:          pulumi.String(c.Region),
		DnsPrefix:         pulumi.String(b.Name),
		KubernetesVersion: pulumi.String(c.KubernetesVersion),
		Sku: &containerservice.ManagedClusterSKUArgs{
			Name: pulumi.String("Base"),
			Tier: pulumi.String(o.Tier),
		},
		Identity: &containerservice.ManagedClusterIdentityArgs{
			Type:                   containerservice.ResourceIdentityTypeUserAssigned,
			UserAssignedIdentities: pulumi.StringArray{nw.identity.ID().ToStringOutput()},
		},
		AgentPoolProfiles: containerservice.ManagedClusterAgentPoolProfileArray{system},
		NetworkProfile: &containerservice.ContainerServiceNetworkProfileArgs{
			NetworkPlugin:     pulumi.String("azure"),
			NetworkPluginMode: pulumi.String("overlay"),
			NetworkDataplane:  pulumi.String("azure"),
			NetworkPolicy:     pulumi.String("azure"),
			PodCidr:           pulumi.String(podCIDR),
			ServiceCidr:       pulumi.String(serviceCIDR),
			DnsServiceIP:      pulumi.String(dnsService),
			LoadBalancerSku:   pulumi.String("standard"),
			OutboundType:      pulumi.String(outboundType),
		},
		// Entra ID sign-in, authorized by Azure RBAC role assignments
		// (admins.go); the admin groups are also bound to cluster-admin.
		AadProfile: &containerservice.ManagedClusterAADProfileArgs{
			Managed:             pulumi.Bool(true),
			EnableAzureRBAC:     pulumi.Bool(true),
			AdminGroupObjectIDs: pulumi.ToStringArray(c.Admins),
		},
		EnableRBAC: pulumi.Bool(true),
		// Local accounts hand out a static cluster-admin certificate that
		// bypasses Entra ID; production has none.
		DisableLocalAccounts: pulumi.Bool(prod),
		OidcIssuerProfile:    &containerservice.ManagedClusterOIDCIssuerProfileArgs{Enabled: pulumi.Bool(true)},
		SecurityProfile: &containerservice.ManagedClusterSecurityProfileArgs{
			WorkloadIdentity: &containerservice.ManagedClusterSecurityProfileWorkloadIdentityArgs{Enabled: pulumi.Bool(true)},
		},
		ApiServerAccessProfile: access,
		AutoUpgradeProfile: &containerservice.ManagedClusterAutoUpgradeProfileArgs{
			UpgradeChannel:       pulumi.String(o.UpgradeChannel),
			NodeOSUpgradeChannel: pulumi.String(o.NodeOSUpgradeChannel),
		},
		StorageProfile: &containerservice.ManagedClusterStorageProfileArgs{
			DiskCSIDriver:      &containerservice.ManagedClusterStorageProfileDiskCSIDriverArgs{Enabled: pulumi.Bool(true)},
			FileCSIDriver:      &containerservice.ManagedClusterStorageProfileFileCSIDriverArgs{Enabled: pulumi.Bool(true)},
			SnapshotController: &containerservice.ManagedClusterStorageProfileSnapshotControllerArgs{Enabled: pulumi.Bool(true)},
		},
		Tags: b.tags(),
	}, b.Opts(
		pulumi.DependsOn([]pulumi.Resource{nw.granted}),
		pulumi.IgnoreChanges(ignore),
		pulumi.Protect(prod),
	)...)
}
