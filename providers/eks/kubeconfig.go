package eks

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"
)

// execAPIVersion is the client authentication API that `aws eks get-token`
// answers with.
const execAPIVersion = "client.authentication.k8s.io/v1beta1"

// kubeconfig is a kubeconfig for the cluster that holds no credential: the
// client runs `aws eks get-token` with the caller's own AWS identity, which
// gets a short-lived token. It is built only from values that never change
// for a cluster (name, region, endpoint, CA), so the Kubernetes provider
// built from it is never replaced, nor everything under it.
func kubeconfig(name, region, endpoint, caData string) string {
	doc := map[string]any{
		"apiVersion":      "v1",
		"kind":            "Config",
		"current-context": name,
		"clusters": []any{map[string]any{
			"name":    name,
			"cluster": map[string]any{"server": endpoint, "certificate-authority-data": caData},
		}},
		"contexts": []any{map[string]any{
			"name":    name,
			"context": map[string]any{"cluster": name, "user": name},
		}},
		"users": []any{map[string]any{
			"name": name,
			"user": map[string]any{"exec": map[string]any{
				"apiVersion":      execAPIVersion,
				"command":         "aws",
				"args":            []string{"eks", "get-token", "--cluster-name", name, "--region", region, "--output", "json"},
				"interactiveMode": "Never",
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
func (b *builder) newKubernetes(cl *eks.Cluster) (pulumi.StringOutput, *kubernetes.Provider, error) {
	region := b.cfg.Cluster.Region
	kc := pulumi.All(cl.Name, cl.Endpoint, cl.CertificateAuthority.Data().Elem()).ApplyT(func(v []any) string {
		return kubeconfig(v[0].(string), region, v[1].(string), v[2].(string))
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
