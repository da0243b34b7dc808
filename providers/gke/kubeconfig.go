package gke

import (
	"github.com/mlkube/mlkube/providers/internal/kit"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/container"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// authPlugin gets a short-lived token for the caller's own Google identity
// (gcloud's credentials); kubectl and the Kubernetes provider run it.
const authPlugin = "gke-gcloud-auth-plugin"

// kubeconfig is a kubeconfig for the cluster that holds no credential. It
// is built only from values that never change for a cluster (name,
// endpoint, CA), so the Kubernetes provider built from it is never
// replaced, nor everything under it.
func kubeconfig(name, endpoint, caData string) string {
	return kit.ExecKubeconfig(name, "https://"+endpoint, caData, map[string]any{
		"command":            authPlugin,
		"installHint":        "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
		"provideClusterInfo": true,
	})
}

// newKubernetes returns the cluster's kubeconfig, as a secret, and the
// Kubernetes provider built from it.
func (b *builder) newKubernetes(cl *container.Cluster) (pulumi.StringOutput, *kubernetes.Provider, error) {
	kc := pulumi.All(cl.Name, cl.Endpoint, cl.MasterAuth.ClusterCaCertificate().Elem()).ApplyT(func(v []any) string {
		return kubeconfig(v[0].(string), v[1].(string), v[2].(string))
	}).(pulumi.StringOutput)
	return b.NewKubernetes(kc)
}
