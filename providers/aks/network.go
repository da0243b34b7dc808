package aks

import (
	"fmt"
	"net"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Built-in Azure role definitions (IDs are the same in every tenant).
const (
	roleNetworkContributor  = "4d97b98b-1d4f-4787-a291-c67834d212e7"
	roleAKSRBACClusterAdmin = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"
)

// clusterNetwork is where the cluster lives: its resource group, the subnet of its
// nodes, and the identity of its control plane, which may manage that
// subnet (load balancers, routes) once granted.
type clusterNetwork struct {
	resourceGroup pulumi.StringOutput
	subnetID      pulumi.StringOutput
	identity      *managedidentity.UserAssignedIdentity
	// granted is the identity's role on the subnet; the cluster waits for it.
	granted pulumi.Resource
}

func (b *builder) roleDefinition(id string) pulumi.String {
	return pulumi.String(fmt.Sprintf("/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s", b.opts.SubscriptionID, id))
}

// newNetwork creates (or adopts) the resource group and the node subnet.
// With Azure CNI overlay, pods take addresses from a private overlay range,
// so the subnet only holds nodes and internal load balancers: half of the
// VNet is plenty and leaves the rest for other subnets.
func (b *builder) newNetwork() (*clusterNetwork, error) {
	nw := &clusterNetwork{}
	prod := b.Cfg.Production()
	if b.opts.ResourceGroup != "" {
		nw.resourceGroup = pulumi.String(b.opts.ResourceGroup).ToStringOutput()
	} else {
		rg, err := resources.NewResourceGroup(b.Ctx, b.Name, &resources.ResourceGroupArgs{
			ResourceGroupName: pulumi.String(resourceGroupName(b.Name)),
			Location:          pulumi.String(b.Cfg.Cluster.Region),
			Tags:              b.tags(),
		}, b.Opts(pulumi.Protect(prod))...)
		if err != nil {
			return nil, err
		}
		nw.resourceGroup = rg.Name
	}

	if b.opts.VnetSubnetID != "" {
		nw.subnetID = pulumi.String(b.opts.VnetSubnetID).ToStringOutput()
	} else {
		cidr := b.Cfg.Cluster.Network.CIDR
		vnet, err := network.NewVirtualNetwork(b.Ctx, b.Name, &network.VirtualNetworkArgs{
			ResourceGroupName:  nw.resourceGroup,
			VirtualNetworkName: pulumi.String(b.Name + "-vnet"),
			Location:           pulumi.String(b.Cfg.Cluster.Region),
			AddressSpace:       &network.AddressSpaceArgs{AddressPrefixes: pulumi.StringArray{pulumi.String(cidr)}},
			Tags:               b.tags(),
			// Subnets are their own resources; an update of the VNet must
			// not remove them.
		}, b.Opts(pulumi.IgnoreChanges([]string{"subnets"}))...)
		if err != nil {
			return nil, err
		}
		subnet, err := network.NewSubnet(b.Ctx, b.Name+"-nodes", &network.SubnetArgs{
			ResourceGroupName:  nw.resourceGroup,
			VirtualNetworkName: vnet.Name,
			SubnetName:         pulumi.String("nodes"),
			AddressPrefix:      pulumi.String(nodeSubnet(cidr)),
		}, b.Opts()...)
		if err != nil {
			return nil, err
		}
		nw.subnetID = subnet.ID().ToStringOutput()
	}

	id, err := managedidentity.NewUserAssignedIdentity(b.Ctx, b.Name+"-control-plane", &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: nw.resourceGroup,
		ResourceName:      pulumi.String(b.Name + "-control-plane"),
		Location:          pulumi.String(b.Cfg.Cluster.Region),
		Tags:              b.tags(),
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	nw.identity = id
	// A user-assigned identity can be granted the subnet before the cluster
	// exists (a system-assigned one only after), so the first create does
	// not race the role assignment.
	nw.granted, err = authorization.NewRoleAssignment(b.Ctx, b.Name+"-control-plane-network", &authorization.RoleAssignmentArgs{
		PrincipalId:      id.PrincipalId,
		PrincipalType:    pulumi.String("ServicePrincipal"),
		RoleDefinitionId: b.roleDefinition(roleNetworkContributor),
		Scope:            nw.subnetID,
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	return nw, nil
}

// nodeSubnet is the first half of the VNet's range (Validate keeps the
// VNet between /8 and /24).
func nodeSubnet(vnetCIDR string) string {
	_, n, err := net.ParseCIDR(vnetCIDR)
	if err != nil {
		return vnetCIDR
	}
	ones, _ := n.Mask.Size()
	return fmt.Sprintf("%s/%d", n.IP.String(), ones+1)
}
