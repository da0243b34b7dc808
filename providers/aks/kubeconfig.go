package aks

import (
	"encoding/base64"
	"fmt"

	"github.com/mlkube/mlkube/providers/internal/kit"
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"
)

// Entra ID server application of AKS's managed AAD integration: the
// audience of the tokens kubelogin gets (the same in every tenant).
const aksServerID = "6dae42f8-4368-4678-94ff-3960e28e3630"

// kubeconfig is a kubeconfig for the cluster that holds no credential: the
// client runs kubelogin with the caller's az CLI sign-in, which gets a
// short-lived Entra ID token. It is built only from values that never
// change for a cluster (name, API server URL, CA), so the Kubernetes
// provider built from it is never replaced, nor everything under it.
func kubeconfig(name, server, caData string) string {
	return kit.ExecKubeconfig(name, server, caData, map[string]any{
		"command": "kubelogin",
		"args":    []string{"get-token", "--login", "azurecli", "--server-id", aksServerID},
	})
}

// serverAndCA reads the API server URL and CA of the first cluster of a
// base64-encoded kubeconfig, as listClusterUserCredentials returns it.
func serverAndCA(encoded string) (server, ca string, err error) {
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", "", fmt.Errorf("AKS user credentials: %w", err)
	}
	var doc struct {
		Clusters []struct {
			Cluster struct {
				Server string `json:"server"`
				CA     string `json:"certificate-authority-data"`
			} `json:"cluster"`
		} `json:"clusters"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return "", "", fmt.Errorf("AKS user credentials: %w", err)
	}
	if len(doc.Clusters) == 0 || doc.Clusters[0].Cluster.Server == "" || doc.Clusters[0].Cluster.CA == "" {
		return "", "", fmt.Errorf("AKS user credentials: no cluster with server and CA")
	}
	return doc.Clusters[0].Cluster.Server, doc.Clusters[0].Cluster.CA, nil
}

// newKubernetes returns the cluster's kubeconfig, as a secret, and the
// Kubernetes provider built from it. AKS reports the cluster CA only
// through the user-credentials function (no resource output carries it),
// so the server URL and CA are read from its answer and everything else is
// mlkube's: user credentials hold no secret on an Entra ID cluster, and the
// function works with local accounts disabled. ClusterIdentifier makes a
// change of the kubeconfig (a rotated CA) an update of the provider, not a
// replacement.
func (b *builder) newKubernetes(mc *containerservice.ManagedCluster, nw *clusterNetwork) (pulumi.StringOutput, *kubernetes.Provider, error) {
	creds := containerservice.ListManagedClusterUserCredentialsOutput(b.Ctx, containerservice.ListManagedClusterUserCredentialsOutputArgs{
		ResourceGroupName: nw.resourceGroup,
		ResourceName:      mc.Name,
	}, pulumi.Provider(b.Provider), pulumi.Parent(b.Comp))
	name := b.Name
	kc := creds.Kubeconfigs().Index(pulumi.Int(0)).Value().ApplyT(func(encoded string) (string, error) {
		server, ca, err := serverAndCA(encoded)
		if err != nil {
			return "", err
		}
		return kubeconfig(name, server, ca), nil
	}).(pulumi.StringOutput)
	return b.NewKubernetes(kc, pulumi.DependsOn([]pulumi.Resource{mc}))
}
