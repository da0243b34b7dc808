// Package akstest says what Azure would report for the resources and the
// one function the AKS provider uses, for engines that create nothing: the
// provider's unit tests and mlkube's offline plan. Mocks echo a resource's
// inputs; these functions add what Azure computes (resource IDs, the
// cluster's FQDN and OIDC issuer, identities' principal IDs, the user
// credentials' kubeconfig).
//
// Every value depends only on the resource's name and inputs, so two runs
// give byte-identical results. The subscription and tenant are all-zero
// GUIDs; nothing here is a real Azure value.
package akstest

import (
	"encoding/base64"
	"fmt"

	"github.com/mlkube/mlkube/providers/internal/mockcloud"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Subscription and Tenant appear in mock IDs and URLs.
const (
	Subscription = "00000000-0000-0000-0000-000000000000"
	Tenant       = "00000000-0000-0000-0000-000000000001"
)

// Outputs are the computed outputs per resource type.
var Outputs = map[string]func(args pulumi.MockResourceArgs) resource.PropertyMap{
	"azure-native:resources:ResourceGroup":                   resourceGroup,
	"azure-native:network:VirtualNetwork":                    virtualNetwork,
	"azure-native:network:Subnet":                            subnet,
	"azure-native:managedidentity:UserAssignedIdentity":      identity,
	"azure-native:authorization:RoleAssignment":              roleAssignment,
	"azure-native:containerservice/v20240901:ManagedCluster": managedCluster,
	"azure-native:containerservice/v20240901:AgentPool":      agentPool,
}

// CredentialsToken is the function that serves a cluster's kubeconfig.
const CredentialsToken = "azure-native:containerservice/v20240901:listManagedClusterUserCredentials"

// Invokes answer the functions the AKS provider calls.
var Invokes = map[string]func(args pulumi.MockCallArgs) resource.PropertyMap{
	CredentialsToken: userCredentials,
}

var hash = mockcloud.Hash

// guid is a stable GUID-shaped value derived from s.
func guid(s string) string {
	h := hash(s, 32)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}

var str = mockcloud.String

// or is s, or the fallback when s is empty (a name Azure would generate).
func or(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

func groupID(rg string) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s", Subscription, rg)
}

func props(kv ...any) resource.PropertyMap {
	m := resource.PropertyMap{}
	for i := 0; i < len(kv); i += 2 {
		m[resource.PropertyKey(kv[i].(string))] = resource.NewPropertyValue(kv[i+1])
	}
	return m
}

func resourceGroup(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := or(str(args.Inputs, "resourceGroupName"), args.Name)
	return props("id", groupID(name), "name", name)
}

func virtualNetwork(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := or(str(args.Inputs, "virtualNetworkName"), args.Name)
	return props("id", groupID(str(args.Inputs, "resourceGroupName"))+"/providers/Microsoft.Network/virtualNetworks/"+name, "name", name)
}

func subnet(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := or(str(args.Inputs, "subnetName"), args.Name)
	return props("id", groupID(str(args.Inputs, "resourceGroupName"))+"/providers/Microsoft.Network/virtualNetworks/"+
		str(args.Inputs, "virtualNetworkName")+"/subnets/"+name, "name", name)
}

func identity(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := or(str(args.Inputs, "resourceName"), args.Name)
	return props(
		"id", groupID(str(args.Inputs, "resourceGroupName"))+"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"+name,
		"name", name,
		"principalId", guid("principal/"+name),
		"clientId", guid("client/"+name),
		"tenantId", Tenant,
	)
}

func roleAssignment(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := or(str(args.Inputs, "roleAssignmentName"), guid(args.Name))
	return props("id", str(args.Inputs, "scope")+"/providers/Microsoft.Authorization/roleAssignments/"+name, "name", name)
}

// fqdn is the API server's name: <dnsPrefix>-<hash>.hcp.<location>.azmk8s.io
// (private clusters: ...privatelink.<location>.azmk8s.io).
func fqdn(args pulumi.MockResourceArgs, private bool) string {
	zone := "hcp"
	if private {
		zone = "privatelink"
	}
	prefix := or(str(args.Inputs, "dnsPrefix"), args.Name)
	return fmt.Sprintf("%s-%s.%s.%s.azmk8s.io", prefix, hash(args.Name, 8), zone, str(args.Inputs, "location"))
}

func managedCluster(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := or(str(args.Inputs, "resourceName"), args.Name)
	rg := str(args.Inputs, "resourceGroupName")
	location := str(args.Inputs, "location")
	private := false
	if a, ok := args.Inputs["apiServerAccessProfile"]; ok && a.IsObject() {
		if p, ok := a.ObjectValue()["enablePrivateCluster"]; ok && p.IsBool() {
			private = p.BoolValue()
		}
	}
	out := props(
		"id", groupID(rg)+"/providers/Microsoft.ContainerService/managedClusters/"+name,
		"name", name,
		"fqdn", fqdn(args, false),
		"nodeResourceGroup", fmt.Sprintf("MC_%s_%s_%s", rg, name, location),
		"currentKubernetesVersion", str(args.Inputs, "kubernetesVersion")+".0",
		"provisioningState", "Succeeded",
		"oidcIssuerProfile", map[string]any{
			"enabled":   true,
			"issuerURL": fmt.Sprintf("https://%s.oic.prod-aks.azure.com/%s/%s/", location, Tenant, guid("oidc/"+name)),
		},
		"identityProfile", map[string]any{
			"kubeletidentity": map[string]any{
				"clientId":   guid("kubelet-client/" + name),
				"objectId":   guid("kubelet-object/" + name),
				"resourceId": fmt.Sprintf("%s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/%s-agentpool", groupID(fmt.Sprintf("MC_%s_%s_%s", rg, name, location)), name),
			},
		},
	)
	if private {
		out["privateFQDN"] = resource.NewProperty(fqdn(args, true))
	}
	return out
}

func agentPool(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := or(str(args.Inputs, "agentPoolName"), args.Name)
	return props(
		"id", groupID(str(args.Inputs, "resourceGroupName"))+"/providers/Microsoft.ContainerService/managedClusters/"+
			str(args.Inputs, "resourceName")+"/agentPools/"+name,
		"name", name,
		"provisioningState", "Succeeded",
	)
}

// userCredentials is what listManagedClusterUserCredentials returns for an
// Entra ID cluster: one kubeconfig, base64-encoded, whose cluster entry
// has the API server URL and CA (a stand-in certificate here).
func userCredentials(args pulumi.MockCallArgs) resource.PropertyMap {
	name := str(args.Args, "resourceName")
	ca := base64.StdEncoding.EncodeToString([]byte("-----BEGIN CERTIFICATE-----\nmock-aks-ca-" + hash(name, 16) + "\n-----END CERTIFICATE-----\n"))
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: https://%[1]s-%[2]s.hcp.mock.azmk8s.io:443
    certificate-authority-data: %[3]s
`, name, hash(name, 8), ca)
	return props("kubeconfigs", []any{map[string]any{
		"name":  "clusterUser",
		"value": base64.StdEncoding.EncodeToString([]byte(kc)),
	}})
}
