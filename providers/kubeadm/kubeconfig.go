package kubeadm

import (
	"encoding/base64"

	"github.com/mlkube/mlkube/providers/internal/kit"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Kubeconfig is an admin kubeconfig for the cluster, built from the
// generated CA and an admin client certificate it signed: nothing is read
// back from the control plane.
func Kubeconfig(name, endpoint, caPEM, certPEM, keyPEM string) string {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	return kit.Kubeconfig(name, "https://"+endpoint, b64(caPEM), name+"-admin",
		map[string]any{"client-certificate-data": b64(certPEM), "client-key-data": b64(keyPEM)})
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
	return kit.NewKubernetes(b.ctx, b.name, b.comp, kc, pulumi.DependsOn([]pulumi.Resource{init}))
}
