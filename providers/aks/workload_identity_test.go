package aks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/mlkube/mlkube/providers/aks/akstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const identityCluster = `{"provider":"aks","name":"ml","region":"eastus","kubernetesVersion":"1.33",
		"endpoint":{"public":true,"publicCidrs":["203.0.113.0/24"]},
		"admins":["` + adminGroup + `"],
		"aks":{"subscriptionId":"` + subscription + `","storageAccounts":{"mlkubemodels":"models-rg"}}}`

// runIdentity builds a cluster and asks its hook for one workload's
// identity.
func runIdentity(t *testing.T, req cluster.IdentityRequest) (*run, cluster.Identity, map[string]string) {
	t.Helper()
	return mocktest.RunIdentity(t, Provider, testConfig(t, "dev", identityCluster, devPools), req)
}

func TestWorkloadIdentityTrustsItsServiceAccountAndReadsItsContainer(t *testing.T) {
	r, id, annotations := runIdentity(t, cluster.IdentityRequest{
		Name: "ml-llm", Namespace: "ml", ServiceAccount: "llm",
		Read: []string{"az://mlkubemodels/models/llm/v2/", "az://mlkubemodels/models/tokenizer", "gs://elsewhere/x"},
	})
	uai := r.One(typeIdentity, "ml-ml-llm-reader")
	assert.Equal(t, "ml-ml-llm-reader", uai.In["resourceName"])
	assert.Equal(t, "ml-rg", uai.In["resourceGroupName"])
	out := akstest.Outputs[typeIdentity](uai.MockResourceArgs).Mappable()

	issuer := akstest.Outputs[typeManagedCluster](r.One(typeManagedCluster, "ml").MockResourceArgs).Mappable()["oidcIssuerProfile"].(map[string]any)["issuerURL"]
	require.NotEmpty(t, issuer)
	fic := r.One(typeFederatedCredential, "ml-ml-llm-reader")
	assert.Equal(t, map[string]any{
		"resourceGroupName": "ml-rg",
		"resourceName":      "ml-ml-llm-reader",
		"federatedIdentityCredentialResourceName": "ml-llm",
		"issuer":    issuer,
		"subject":   "system:serviceaccount:ml:llm",
		"audiences": []any{"api://AzureADTokenExchange"},
	}, fic.In, "the cluster's issuer and exactly the workload's service account")
	assert.True(t, fic.DependsOn(r.One(typeManagedCluster, "ml")))

	grant := r.One(typeRoleAssignment, "ml-ml-llm-reader-mlkubemodels-models")
	assert.Equal(t, map[string]any{
		"principalId":      out["principalId"],
		"principalType":    "ServicePrincipal",
		"roleDefinitionId": "/subscriptions/" + subscription + "/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
		"scope":            "/subscriptions/" + subscription + "/resourceGroups/models-rg/providers/Microsoft.Storage/storageAccounts/mlkubemodels/blobServices/default/containers/models",
	}, grant.In, "Storage Blob Data Reader on the one container, in the account's resource group")

	var readers int
	for _, ra := range r.All(typeRoleAssignment) {
		if ra.In["roleDefinitionId"] == grant.In["roleDefinitionId"] {
			readers++
		}
	}
	assert.Equal(t, 1, readers, "two prefixes of one container make one grant; the gs:// location none")

	assert.Equal(t, map[string]string{"azure.workload.identity/client-id": out["clientId"].(string)}, annotations)
	assert.Equal(t, map[string]string{"azure.workload.identity/use": "true"}, id.PodLabels)
	assert.Len(t, id.Resources, 3, "the workload waits for the identity, its credential and its grant")
}

func TestClusterRunsTheOIDCIssuerAndWorkloadIdentity(t *testing.T) {
	r, _, _ := runIdentity(t, cluster.IdentityRequest{Name: "x", Namespace: "ml", ServiceAccount: "x", Read: []string{"s3://public/models"}})
	in := r.One(typeManagedCluster, "ml").In
	assert.Equal(t, true, get(in, "oidcIssuerProfile.enabled"))
	assert.Equal(t, true, get(in, "securityProfile.workloadIdentity.enabled"))
	assert.Empty(t, r.All(typeFederatedCredential), "a model.source on another cloud gets no Azure identity")
}

func TestIdentityValidation(t *testing.T) {
	cfg := testConfig(t, "dev", devCluster, devPools)
	cfg.Workloads.Training = []config.Training{{Workload: config.Workload{Name: "t", Identity: &config.Identity{Read: []string{"az://mlkubedata/train/set1", "s3://bucket/data", "az://mlkubedata"}}}}}
	cfg.Workloads.Inference = []config.Inference{{Workload: config.Workload{Name: "llm"}, Model: config.Model{Source: "az://mlkubemodels/models/llm"}}}
	err := Validate(cfg)
	require.Error(t, err)
	for _, want := range []string{
		`workloads.training[0].identity.read[1]: "s3://bucket/data" is not an az://account/container/prefix URI: AKS workloads get Azure identities for Blob Storage only`,
		`workloads.training[0].identity.read[2]: "az://mlkubedata" is not an az://account/container/prefix URI`,
		`cluster.aks.storageAccounts.mlkubedata: is required: the resource group of storage account "mlkubedata", which workloads.training[0] read`,
		`cluster.aks.storageAccounts.mlkubemodels: is required: the resource group of storage account "mlkubemodels", which workloads.inference[0] read`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	assert.NotContains(t, err.Error(), "identity.read[0]")
}

func TestTeamGroupMayGetAKubeconfigAndIsItsOwnRBACGroup(t *testing.T) {
	cfg := testConfig(t, "dev", devCluster, devPools)
	group := "3C9D8E7F-1A2B-4C3D-9E8F-7A6B5C4D3E2F"
	cfg.Workloads.Teams = []config.Team{{Name: "ml", Groups: []string{group}}}
	r := runNew(t, cfg)
	require.NoError(t, r.Err)
	mcID := akstest.Outputs[typeManagedCluster](r.One(typeManagedCluster, "ml").MockResourceArgs).Mappable()["id"]
	assert.Equal(t, map[string]any{
		"principalId":      "3c9d8e7f-1a2b-4c3d-9e8f-7a6b5c4d3e2f",
		"principalType":    "Group",
		"roleDefinitionId": "/subscriptions/" + subscription + "/providers/Microsoft.Authorization/roleDefinitions/4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
		"scope":            mcID,
	}, r.One(typeRoleAssignment, "ml-team-"+shortHash("3c9d8e7f-1a2b-4c3d-9e8f-7a6b5c4d3e2f")).In, "Cluster User: the group may fetch a kubeconfig")
	assert.Equal(t, "3c9d8e7f-1a2b-4c3d-9e8f-7a6b5c4d3e2f", r.Cluster.KubernetesGroup(group), "tokens carry the object ID in lowercase")

	cfg.Workloads.Teams[0].Groups = []string{"ml-engineers"}
	assert.ErrorContains(t, Validate(cfg), `workloads.teams[0].groups[0]: must be the object ID (a GUID) of an Entra ID group, as AKS puts groups in tokens, got "ml-engineers"`)
}
