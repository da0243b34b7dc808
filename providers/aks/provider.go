package aks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/mlkube/mlkube/providers/aks/akstest"
)

// Kind is the cluster.provider value of AKS.
const Kind = "aks"

// Provider is the AKS cluster source (providers.All lists it).
//
// PoolSupport: each pool is one virtual machine scale set, which has one
// VM size that cannot change after creation
// (learn.microsoft.com/azure/aks/manage-node-pools, resize-node-pool; read
// 2026-12-04). AKS's Virtual Machines node pools may mix sizes, but they
// are another agent pool type with its own autoscaling and spot rules,
// which mlkube does not build; a spot pool diversifies here as one pool
// per VM size.
var Provider = cluster.Source{
	Kind: Kind, Validate: Validate, Support: Support, Describe: Describe, New: newCluster, Offline: offline,
	PoolSupport: cluster.PoolSupport{
		MachineTypesWhy: "an AKS node pool is one virtual machine scale set of one VM size; spread spot capacity over one pool per VM size",
	},
}

// Resource types New registers.
const (
	typeManagedCluster      = "azure-native:containerservice/" + apiVersion + ":ManagedCluster"
	typeAgentPool           = "azure-native:containerservice/" + apiVersion + ":AgentPool"
	typeResourceGroup       = "azure-native:resources:ResourceGroup"
	typeVirtualNetwork      = "azure-native:network:VirtualNetwork"
	typeSubnet              = "azure-native:network:Subnet"
	typeIdentity            = "azure-native:managedidentity:UserAssignedIdentity"
	typeRoleAssignment      = "azure-native:authorization:RoleAssignment"
	typeFederatedCredential = "azure-native:managedidentity:FederatedIdentityCredential"
)

// offline tells the offline engine about Azure: what it computes for the
// resources New registers, how long they take, which of them make up a node
// pool, and which changes replace them.
//
// Durations are typical values reported by users, not guarantees: an AKS
// cluster takes 8–13 min and a node pool 4–9 min (Azure/AKS #1439, #2980).
func offline() cluster.Offline {
	return cluster.Offline{
		Outputs: akstest.Outputs,
		Invokes: akstest.Invokes,
		Seconds: map[string]int{
			typeManagedCluster:              630,
			typeAgentPool:                   390,
			typeResourceGroup:               5,
			typeVirtualNetwork:              10,
			typeSubnet:                      10,
			typeIdentity:                    5,
			typeRoleAssignment:              5,
			typeFederatedCredential:         5,
			"pulumi:providers:azure-native": 0,
		},
		NodePoolTypes: []string{typeAgentPool},
		ReplaceOn: map[string][]string{
			typeManagedCluster: {"resourceName", "resourceGroupName", "location", "dnsPrefix", "networkProfile.networkPlugin",
				"networkProfile.networkPluginMode", "networkProfile.podCidr", "networkProfile.serviceCidr", "networkProfile.dnsServiceIP",
				"apiServerAccessProfile.enablePrivateCluster", "nodeResourceGroup"},
			typeAgentPool: {"agentPoolName", "resourceName", "resourceGroupName", "vmSize", "osDiskSizeGB", "osDiskType", "osSKU",
				"scaleSetPriority", "scaleSetEvictionPolicy", "spotMaxPrice", "availabilityZones", "vnetSubnetID", "mode"},
			typeResourceGroup:       {"resourceGroupName", "location"},
			typeVirtualNetwork:      {"resourceGroupName", "virtualNetworkName", "location"},
			typeSubnet:              {"resourceGroupName", "virtualNetworkName", "subnetName"},
			typeIdentity:            {"resourceGroupName", "resourceName", "location"},
			typeRoleAssignment:      {"principalId", "roleDefinitionId", "scope", "roleAssignmentName"},
			typeFederatedCredential: {"resourceGroupName", "resourceName", "federatedIdentityCredentialResourceName"},
		},
		Versions:      map[string]string{typeManagedCluster: "kubernetesVersion", typeAgentPool: "orchestratorVersion"},
		Stateful:      []string{typeManagedCluster, typeResourceGroup},
		NodeTemplates: nodeTemplates,
		Prices:        map[string]*pricing.Catalog{Kind: &prices},
	}
}
