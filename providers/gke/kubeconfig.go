package gke

import (
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/container"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"
)

// execAPIVersion is the client authentication API of gke-gcloud-auth-plugin.
const execAPIVersion = "client.authentication.k8s.io/v1beta1"

// authPlugin gets a short-lived token for the caller's own Google identity
// (gcloud's credentials); kubectl and the Kubernetes provider run it.
const authPlugin = "gke-gcloud-auth-plugin"

// kubeconfig is a kubeconfig for the cluster that holds no credential. It
// is built only from values that never change for a cluster (name,
// endpoint, CA), so the Kubernetes provider built from it is never
// replaced, nor everything under it.
func kubeconfig(name, endpoint, caData string) string {
	doc := map[string]any{
		"apiVersion":      "v1",
		"kind":            "Config",
		"current-context": name,
		"clusters": []any{map[string]any{
			"name":    name,
			"cluster": map[string]any{"server": "https://" + endpoint, "certificate-authority-data": caData},
		}},
		"contexts": []any{map[string]any{
			"name":    name,
			"context": map[string]any{"cluster": name, "user": name},
		}},
		"users": []any{map[string]any{
			"name": name,
			"user": map[string]any{"exec": map[string]any{
				"apiVersion":         execAPIVersion,
				"command":            authPlugin,
				"installHint":        "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
				"provideClusterInfo": true,
				"interactiveMode":    "Never",
			}},
		}},
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		panic(err) // plain maps of strings: cannot fail
	}
	return string(out)
}

// newKubernetes returns the cluster's kubeconfig, as a secret, and the
// Kubernetes provider built from it. ClusterIdentifier makes a change of
// the kubeconfig an update of the provider, not a replacement.
func (b *builder) newKubernetes(cl *container.Cluster) (pulumi.StringOutput, *kubernetes.Provider, error) {
	kc := pulumi.All(cl.Name, cl.Endpoint, cl.MasterAuth.ClusterCaCertificate().Elem()).ApplyT(func(v []any) string {
		return kubeconfig(v[0].(string), v[1].(string), v[2].(string))
	}).(pulumi.StringOutput)
	kc = pulumi.ToSecret(kc).(pulumi.StringOutput)
	p, err := kubernetes.NewProvider(b.ctx, b.name, &kubernetes.ProviderArgs{
		Kubeconfig:        kc,
		ClusterIdentifier: pulumi.String(b.name),
	}, pulumi.Parent(b.comp))
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	return kc, p, nil
}
