package kubeadm

import (
	"encoding/base64"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"
)

// Kubeconfig is an admin kubeconfig for the cluster, built from the
// generated CA and an admin client certificate it signed: nothing is read
// back from the control plane.
func Kubeconfig(name, endpoint, caPEM, certPEM, keyPEM string) string {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	doc := map[string]any{
		"apiVersion":      "v1",
		"kind":            "Config",
		"current-context": name,
		"clusters": []any{map[string]any{
			"name":    name,
			"cluster": map[string]any{"server": "https://" + endpoint, "certificate-authority-data": b64(caPEM)},
		}},
		"contexts": []any{map[string]any{
			"name":    name,
			"context": map[string]any{"cluster": name, "user": name + "-admin"},
		}},
		"users": []any{map[string]any{
			"name": name + "-admin",
			"user": map[string]any{"client-certificate-data": b64(certPEM), "client-key-data": b64(keyPEM)},
		}},
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		panic(err) // plain maps of strings
	}
	return string(out)
}

// newKubernetes returns the kubeconfig (secret) and the Kubernetes provider
// built from it, which waits for kubeadm init. ClusterIdentifier makes a
// renewed admin certificate an update of the provider, not a replacement
// of every object under it.
func (b *builder) newKubernetes(p *pki, init pulumi.Resource) (pulumi.StringOutput, *kubernetes.Provider, error) {
	endpoint := b.o.ControlPlaneEndpoint
	kc := pulumi.All(p.caCert.CertPem, p.adminCert.CertPem, p.adminKey.PrivateKeyPem).ApplyT(func(v []any) string {
		return Kubeconfig(b.name, endpoint, v[0].(string), v[1].(string), v[2].(string))
	}).(pulumi.StringOutput)
	kc = pulumi.ToSecret(kc).(pulumi.StringOutput)
	k8s, err := kubernetes.NewProvider(b.ctx, b.name, &kubernetes.ProviderArgs{
		Kubeconfig:        kc,
		ClusterIdentifier: pulumi.String(b.name),
	}, pulumi.Parent(b.comp), pulumi.DependsOn([]pulumi.Resource{init}))
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	return kc, k8s, nil
}
