package aks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadStacksAreRefusedWithKeyPaths runs whole stack files through
// config.Parse and the provider's Validate, as `mlkube validate` does.
func TestBadStacksAreRefusedWithKeyPaths(t *testing.T) {
	good := map[string]string{
		"mlkube:environment": "production",
		"mlkube:cluster":     prodCluster,
		"mlkube:nodePools":   devPools,
	}
	check := func(values map[string]string) error {
		cfg, err := config.Parse("mlkube", "test", values)
		if err != nil {
			return err
		}
		return Validate(cfg)
	}
	require.NoError(t, check(good))

	with := func(key, value string) map[string]string {
		out := map[string]string{}
		for k, v := range good {
			out[k] = v
		}
		out[key] = value
		return out
	}
	cluster := func(aks string) string {
		return `{"provider":"aks","name":"prod","region":"westeurope","admins":["` + adminGroup + `"],
			"endpoint":{"public":true,"publicCidrs":["198.51.100.0/24"]},"aks":` + aks + `}`
	}
	okAKS := `{"subscriptionId":"` + subscription + `"}`
	pools := func(extra string) string {
		return `[{"name":"cpu","machineType":"Standard_D4s_v5","min":1,"max":3},` + extra + `]`
	}

	for _, tc := range []struct {
		name   string
		values map[string]string
		want   []string
	}{
		{"a100 on a T4 size", with("mlkube:nodePools", pools(`{"name":"gpu","machineType":"Standard_NC4as_T4_v3","max":1,"gpu":{"model":"a100","count":1}}`)),
			[]string{`nodePools[1].gpu.model: must be t4: that is the GPU of Standard_NC4as_T4_v3, got "a100"`}},
		{"unknown VM size for a GPU pool", with("mlkube:nodePools", pools(`{"name":"gpu","machineType":"Standard_NC6_v9","max":1,"gpu":{"model":"a100","count":1}}`)),
			[]string{`nodePools[1].machineType: "Standard_NC6_v9" is not a VM size known to have a a100 GPU`}},
		{"GPU pool on a CPU size", with("mlkube:nodePools", pools(`{"name":"gpu","machineType":"Standard_D8s_v5","max":1,"gpu":{"model":"t4","count":1}}`)),
			[]string{`nodePools[1].machineType: "Standard_D8s_v5" is not a VM size known to have a t4 GPU`}},
		{"wrong GPU count", with("mlkube:nodePools", pools(`{"name":"gpu","machineType":"Standard_NC96ads_A100_v4","max":1,"gpu":{"model":"a100-80gb","count":8}}`)),
			[]string{"nodePools[1].gpu.count: must be 4"}},
		{"GPU size without gpu", with("mlkube:nodePools", pools(`{"name":"gpu","machineType":"Standard_NC4as_T4_v3","max":1}`)),
			[]string{"nodePools[1].gpu: is required"}},
		{"min above max", with("mlkube:nodePools", pools(`{"name":"gpu","machineType":"Standard_NC4as_T4_v3","min":3,"max":2,"gpu":{"model":"t4","count":1}}`)),
			[]string{"nodePools[1].min: must be <= max (2), got 3"}},
		{"pool name too long for AKS", with("mlkube:nodePools", pools(`{"name":"inference-large","machineType":"Standard_D4s_v5","max":1}`)),
			[]string{`nodePools[1].name: becomes AKS agent pool name "inferencelarge"`}},
		{"pool names that collide", with("mlkube:nodePools", pools(`{"name":"c-pu","machineType":"Standard_D4s_v5","max":1}`)),
			[]string{`nodePools[1].name: becomes AKS agent pool name "cpu", the same as nodePools[0]`}},
		{"spot on the system pool", with("mlkube:cluster", cluster(`{"subscriptionId":"`+subscription+`","systemPool":{"spot":true}}`)),
			[]string{"cluster.aks.systemPool.spot: AKS system pools cannot use spot VMs"}},
		{"GPU system pool", with("mlkube:cluster", cluster(`{"subscriptionId":"`+subscription+`","systemPool":{"vmSize":"Standard_NC4as_T4_v3"}}`)),
			[]string{"cluster.aks.systemPool.vmSize: Standard_NC4as_T4_v3 is a GPU size"}},
		{"missing subscription", with("mlkube:cluster", cluster(`{}`)),
			[]string{"cluster.aks.subscriptionId: is required"}},
		{"subscription not a GUID", with("mlkube:cluster", cluster(`{"subscriptionId":"my-sub"}`)),
			[]string{`cluster.aks.subscriptionId: must be a subscription ID (a GUID), got "my-sub"`}},
		{"unknown option", with("mlkube:cluster", cluster(`{"subscriptionId":"`+subscription+`","sku":"Standard"}`)),
			[]string{"cluster.aks.sku"}},
		{"unknown region", with("mlkube:cluster", `{"provider":"aks","name":"prod","region":"west-europe","admins":["`+adminGroup+`"],
			"endpoint":{"public":true,"publicCidrs":["198.51.100.0/24"]},"aks":`+okAKS+`}`),
			[]string{`cluster.region: must be an Azure region that offers AKS, such as eastus or westeurope, got "west-europe"`}},
		{"Free tier in production", with("mlkube:cluster", cluster(`{"subscriptionId":"`+subscription+`","tier":"Free"}`)),
			[]string{"cluster.aks.tier: must be Standard or Premium in production"}},
		{"bad channels and device plugin", with("mlkube:cluster", cluster(`{"subscriptionId":"`+subscription+`","upgradeChannel":"latest","nodeOsUpgradeChannel":"nodeimage","devicePlugin":"nvidia"}`)),
			[]string{"cluster.aks.upgradeChannel: must be one of", "cluster.aks.nodeOsUpgradeChannel: must be one of", "cluster.aks.devicePlugin: must be gpuOperator or aks"}},
		{"private cluster with a public endpoint", with("mlkube:cluster", cluster(`{"subscriptionId":"`+subscription+`","privateCluster":true}`)),
			[]string{"cluster.aks.privateCluster: a private cluster has no public endpoint"}},
		{"admins not object IDs, none at all", with("mlkube:cluster", `{"provider":"aks","name":"prod","region":"westeurope","admins":["platform-admins"],"aks":`+okAKS+`}`),
			[]string{`cluster.admins[0]: must be an Entra ID group object ID (a GUID), got "platform-admins"`}},
		{"no admins", with("mlkube:cluster", `{"provider":"aks","name":"prod","region":"westeurope","aks":`+okAKS+`}`),
			[]string{"cluster.admins: must list at least one Entra ID group object ID"}},
		{"VNet overlapping the service range, bad zone, EKS network keys", with("mlkube:cluster", `{"provider":"aks","name":"prod","region":"westeurope","admins":["`+adminGroup+`"],
			"network":{"cidr":"172.16.0.0/12","zones":["1","westeurope-2"],"vpcId":"vpc-1","privateSubnetIds":["a","b"]},"aks":`+okAKS+`}`),
			[]string{"cluster.network.cidr: overlaps 172.16.0.0/16", "cluster.network.zones[1]: must be an Azure availability zone number", "cluster.network.vpcId: is not used on AKS"}},
		{"bad subnet ID", with("mlkube:cluster", cluster(`{"subscriptionId":"`+subscription+`","vnetSubnetId":"subnet-123"}`)),
			[]string{`cluster.aks.vnetSubnetId: must be a subnet resource ID`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := check(tc.values)
			require.Error(t, err)
			var errs config.Errors
			require.ErrorAs(t, err, &errs)
			assert.Len(t, errs, len(tc.want), "%v", err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// Validation runs before anything is registered: New returns the errors
// and the engine saw no resource.
func TestNewRegistersNothingOnBadConfig(t *testing.T) {
	cfg := testConfig(t, "dev", `{"provider":"aks","name":"ml","region":"eastus","admins":["`+adminGroup+`"]}`, devPools)
	r := runNew(t, cfg)
	require.Error(t, r.Err)
	assert.Contains(t, r.Err.Error(), "cluster.aks.subscriptionId: is required")
	assert.Empty(t, r.Res)
}
