package aks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

func devRun(t *testing.T) *run {
	r := runNew(t, testConfig(t, "dev", devCluster, devPools))
	require.NoError(t, r.Err)
	return r
}

func prodRun(t *testing.T) *run {
	r := runNew(t, testConfig(t, "production", prodCluster, devPools))
	require.NoError(t, r.Err)
	return r
}

func get(m map[string]any, path string) any {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

func TestClusterIdentityAndAccess(t *testing.T) {
	for _, tc := range []struct {
		name        string
		r           func(*testing.T) *run
		cluster     string
		localOff    bool
		tier        string
		protect     bool
		ignoreExtra []string
	}{
		{"dev", devRun, "ml", false, "Free", false, nil},
		{"production", prodRun, "prod", true, "Standard", true, []string{"kubernetesVersion"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r(t)
			mc := r.One(typeManagedCluster, tc.cluster)
			in := mc.In
			assert.Equal(t, true, get(in, "securityProfile.workloadIdentity.enabled"), "workload identity")
			assert.Equal(t, true, get(in, "oidcIssuerProfile.enabled"), "OIDC issuer")
			assert.Equal(t, true, get(in, "aadProfile.managed"), "Entra ID integration")
			assert.Equal(t, true, get(in, "aadProfile.enableAzureRBAC"), "Azure RBAC")
			assert.Contains(t, get(in, "aadProfile.adminGroupObjectIDs"), adminGroup)
			assert.Equal(t, tc.localOff, in["disableLocalAccounts"], "local accounts")
			assert.Equal(t, tc.tier, get(in, "sku.tier"))
			assert.Equal(t, tc.protect, mc.RegisterRPC.GetProtect(), "protect")
			assert.Equal(t, "azure", get(in, "networkProfile.networkPlugin"))
			assert.Equal(t, "overlay", get(in, "networkProfile.networkPluginMode"))
			assert.Equal(t, "azure", get(in, "networkProfile.networkPolicy"), "Azure network policy enforces NetworkPolicy")
			assert.True(t, r.Cluster.Capabilities.NetworkPolicyEnforced)
			assert.NotEmpty(t, get(in, "autoUpgradeProfile.upgradeChannel"))
			assert.Equal(t, "NodeImage", get(in, "autoUpgradeProfile.nodeOSUpgradeChannel"))
			assert.ElementsMatch(t, append([]string{"agentPoolProfiles"}, tc.ignoreExtra...), mc.RegisterRPC.GetIgnoreChanges())

			system := in["agentPoolProfiles"].([]any)
			require.Len(t, system, 1, "user pools are AgentPool resources")
			sp := system[0].(map[string]any)
			assert.Equal(t, "System", sp["mode"])
			assert.Equal(t, []any{criticalAddonsOnly}, sp["nodeTaints"])

			// Every admin group is an RBAC Cluster Admin of the cluster.
			admins := r.All(typeRoleAssignment)
			groups := 0
			for _, a := range admins {
				if a.In["principalType"] == "Group" {
					groups++
					assert.True(t, strings.HasSuffix(a.In["roleDefinitionId"].(string), roleAKSRBACClusterAdmin))
					assert.True(t, a.DependsOn(mc), "scope is the cluster")
				}
			}
			assert.Equal(t, len(r.Cluster.Pools) > 0, groups > 0)
		})
	}
}

func TestAPIServerAccess(t *testing.T) {
	t.Run("public endpoint limited to the stack's CIDRs", func(t *testing.T) {
		in := devRun(t).One(typeManagedCluster, "ml").In
		assert.Equal(t, []any{"203.0.113.0/24"}, get(in, "apiServerAccessProfile.authorizedIPRanges"))
		assert.Equal(t, false, get(in, "apiServerAccessProfile.enablePrivateCluster"))
	})
	t.Run("private cluster", func(t *testing.T) {
		cl := `{"provider":"aks","name":"ml","region":"eastus","admins":["` + adminGroup + `"],"aks":{"subscriptionId":"` + subscription + `"}}`
		r := runNew(t, testConfig(t, "dev", cl, devPools))
		require.NoError(t, r.Err)
		in := r.One(typeManagedCluster, "ml").In
		assert.Equal(t, true, get(in, "apiServerAccessProfile.enablePrivateCluster"))
		assert.Nil(t, get(in, "apiServerAccessProfile.authorizedIPRanges"))
	})
}

func TestUserPools(t *testing.T) {
	r := devRun(t)
	require.Len(t, r.All(typeAgentPool), 3)
	mc := r.One(typeManagedCluster, "ml")

	for _, name := range []string{"ml-inference", "ml-train-a100"} {
		p := r.One(typeAgentPool, name)
		in := p.In
		assert.Equal(t, "User", in["mode"], name)
		assert.Equal(t, true, in["enableAutoScaling"], name)
		assert.Equal(t, 0.0, in["minCount"], "%s: GPU pools scale from zero", name)
		assert.Contains(t, in["nodeTaints"], "nvidia.com/gpu=present:NoSchedule", name)
		assert.Equal(t, "nvidia", get(in, "nodeLabels.accelerator"), "%s: the autoscaler's GPU label", name)
		assert.Contains(t, p.RegisterRPC.GetIgnoreChanges(), "count", name)
		assert.True(t, p.DependsOn(mc), name)
	}
	assert.Equal(t, "traina100", r.One(typeAgentPool, "ml-train-a100").In["agentPoolName"], "AKS names drop dashes")

	cpu := r.One(typeAgentPool, "ml-cpu").In
	assert.Empty(t, cpu["nodeTaints"])
	assert.Equal(t, 1.0, cpu["minCount"])
	assert.Equal(t, 3.0, cpu["maxCount"])
	assert.NotContains(t, cpu, "scaleSetPriority")
}

func TestSpotPool(t *testing.T) {
	r := devRun(t)
	p := r.One(typeAgentPool, "ml-inference")
	in := p.In
	assert.Equal(t, "Spot", in["scaleSetPriority"])
	assert.Equal(t, "Delete", in["scaleSetEvictionPolicy"])
	assert.Equal(t, -1.0, in["spotMaxPrice"])
	// AKS reports its spot taint in nodeTaints: sent exactly as AKS spells
	// it, the next preview shows no diff.
	assert.Contains(t, in["nodeTaints"], "kubernetes.azure.com/scalesetpriority=spot:NoSchedule")
	// AKS refuses kubernetes.azure.com labels from users, sets this one
	// itself and reports it: ignored, never sent.
	assert.NotContains(t, in["nodeLabels"], spotKey)
	assert.Contains(t, p.RegisterRPC.GetIgnoreChanges(), `nodeLabels["kubernetes.azure.com/scalesetpriority"]`)

	// The contract pool carries what the nodes will carry.
	pool, ok := r.Cluster.Pool("inference")
	require.True(t, ok)
	assert.Contains(t, pool.Taints, cluster.Taint{Key: spotKey, Value: "spot", Effect: "NoSchedule"})
	assert.Equal(t, "spot", pool.Labels[spotKey])
	onDemand, _ := r.Cluster.Pool("train-a100")
	assert.NotContains(t, onDemand.Labels, spotKey)
	assert.Len(t, onDemand.Taints, 1, "only the GPU taint")
}

func TestClusterContract(t *testing.T) {
	for _, tc := range []struct {
		devicePlugin string
		preinstalled bool
		tagged       bool
	}{{"", false, false}, {"gpuOperator", false, false}, {"aks", true, true}} {
		t.Run("devicePlugin="+tc.devicePlugin, func(t *testing.T) {
			cl := strings.Replace(devCluster, `"aks":{`, `"aks":{"devicePlugin":"`+tc.devicePlugin+`",`, 1)
			if tc.devicePlugin == "" {
				cl = devCluster
			}
			r := runNew(t, testConfig(t, "dev", cl, devPools))
			require.NoError(t, r.Err)
			c := r.Cluster.Capabilities
			assert.True(t, c.ManagedAutoscaling, "no cluster-autoscaler addon")
			assert.Empty(t, c.AutoscalerCloudProvider)
			assert.True(t, c.GPUDriverPreinstalled)
			assert.True(t, c.ContainerToolkitPreinstalled)
			assert.Equal(t, tc.preinstalled, c.DevicePluginPreinstalled)
			gpuTags := r.One(typeAgentPool, "ml-inference").In["tags"].(map[string]any)
			assert.Equal(t, tc.tagged, gpuTags[managedGPUTag] == "true")
			assert.NotContains(t, r.One(typeAgentPool, "ml-cpu").In["tags"], managedGPUTag)
		})
	}

	r := devRun(t)
	assert.Equal(t, "disk.csi.azure.com", r.Cluster.Storage.Fast.Provisioner)
	assert.Equal(t, "Premium_LRS", r.Cluster.Storage.Fast.Parameters["skuName"])
	assert.Equal(t, "StandardSSD_LRS", r.Cluster.Storage.Standard.Parameters["skuName"])
	require.NotNil(t, r.Cluster.Storage.Shared)
	assert.Equal(t, "file.csi.azure.com", r.Cluster.Storage.Shared.Provisioner)
	assert.Equal(t, "true", r.Cluster.InternalLoadBalancerAnnotations["service.beta.kubernetes.io/azure-load-balancer-internal"])
	assert.Len(t, r.Cluster.NodesReady, 4, "the cluster (system pool) and three user pools")
}

func TestKubeconfigUsesKubeloginAndNoSecret(t *testing.T) {
	r := devRun(t)
	var kc struct {
		Clusters []struct {
			Cluster map[string]string `json:"cluster"`
		} `json:"clusters"`
		Users []struct {
			User struct {
				Exec struct {
					Command string   `json:"command"`
					Args    []string `json:"args"`
				} `json:"exec"`
				Token string `json:"token"`
			} `json:"user"`
		} `json:"users"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(r.Kubeconfig), &kc))
	require.Len(t, kc.Users, 1)
	assert.Equal(t, "kubelogin", kc.Users[0].User.Exec.Command)
	assert.Equal(t, []string{"get-token", "--login", "azurecli", "--server-id", aksServerID}, kc.Users[0].User.Exec.Args)
	assert.Empty(t, kc.Users[0].User.Token)
	require.Len(t, kc.Clusters, 1)
	assert.True(t, strings.HasPrefix(kc.Clusters[0].Cluster["server"], "https://ml-"))
	assert.NotEmpty(t, kc.Clusters[0].Cluster["certificate-authority-data"])
	assert.Equal(t, []string{"azure-native:containerservice/v20240901:listManagedClusterUserCredentials"}, r.Rec.Calls(),
		"the CA comes only from the user credentials; nothing else is invoked")

	// The provider is identified by name, so a rotated CA updates it.
	p := r.One("pulumi:providers:kubernetes", "ml")
	assert.Equal(t, "ml", p.In["clusterIdentifier"])
}

func TestControlPlaneIdentityMayManageTheSubnet(t *testing.T) {
	r := devRun(t)
	mc := r.One(typeManagedCluster, "ml")
	assert.Equal(t, "UserAssigned", get(mc.In, "identity.type"))
	grant := r.One(typeRoleAssignment, "ml-control-plane-network")
	assert.True(t, strings.HasSuffix(grant.In["roleDefinitionId"].(string), roleNetworkContributor))
	assert.True(t, strings.HasPrefix(grant.In["roleDefinitionId"].(string), "/subscriptions/"+subscription+"/"))
	assert.True(t, grant.DependsOn(r.One(typeSubnet, "ml-nodes")))
	assert.True(t, mc.DependsOn(grant), "the cluster waits for its role on the subnet")
	assert.Equal(t, "10.0.0.0/17", r.One(typeSubnet, "ml-nodes").In["addressPrefix"])

	// Every Azure resource goes through the stack's provider.
	prov := r.One("pulumi:providers:azure-native", "ml")
	assert.Equal(t, subscription, prov.In["subscriptionId"])
	assert.Equal(t, "eastus", prov.In["location"])
	for _, x := range r.Res {
		if strings.HasPrefix(x.TypeToken, "azure-native:") {
			assert.Contains(t, x.Provider, "pulumi:providers:azure-native::ml", x.Name)
		}
	}
}

func TestExistingResourceGroupAndSubnet(t *testing.T) {
	subnetID := "/subscriptions/" + subscription + "/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks"
	cl := strings.Replace(devCluster, `"aks":{`, `"aks":{"resourceGroup":"ml-shared","vnetSubnetId":"`+subnetID+`",`, 1)
	r := runNew(t, testConfig(t, "dev", cl, devPools))
	require.NoError(t, r.Err)
	assert.Empty(t, r.All(typeResourceGroup))
	assert.Empty(t, r.All(typeVirtualNetwork))
	assert.Empty(t, r.All(typeSubnet))
	assert.Equal(t, "ml-shared", r.One(typeManagedCluster, "ml").In["resourceGroupName"])
	assert.Equal(t, subnetID, r.One(typeRoleAssignment, "ml-control-plane-network").In["scope"])
	assert.Equal(t, subnetID, r.One(typeAgentPool, "ml-cpu").In["vnetSubnetID"])
}

func TestProductionProtectsTheResourceGroup(t *testing.T) {
	r := prodRun(t)
	assert.True(t, r.One(typeResourceGroup, "prod").RegisterRPC.GetProtect())
	// Zones spread CPU pools; GPU sizes are offered in few zones.
	assert.Equal(t, []any{"1", "2", "3"}, r.One(typeAgentPool, "prod-cpu").In["availabilityZones"])
	assert.NotContains(t, r.One(typeAgentPool, "prod-inference").In, "availabilityZones")
}
