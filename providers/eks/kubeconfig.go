package eks

import (
	"github.com/mlkube/mlkube/providers/internal/kit"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// kubeconfig is a kubeconfig for the cluster that holds no credential: the
// client runs `aws eks get-token` with the caller's own AWS identity, which
// gets a short-lived token. It is built only from values that never change
// for a cluster (name, region, endpoint, CA), so the Kubernetes provider
// built from it is never replaced, nor everything under it.
func kubeconfig(name, region, endpoint, caData string) string {
	return kit.ExecKubeconfig(name, endpoint, caData, map[string]any{
		"command": "aws",
		"args":    []string{"eks", "get-token", "--cluster-name", name, "--region", region, "--output", "json"},
	})
}

// newKubernetes returns the cluster's kubeconfig, as a secret, and the
// Kubernetes provider built from it.
func (b *builder) newKubernetes(cl *eks.Cluster) (pulumi.StringOutput, *kubernetes.Provider, error) {
	region := b.Cfg.Cluster.Region
	kc := pulumi.All(cl.Name, cl.Endpoint, cl.CertificateAuthority.Data().Elem()).ApplyT(func(v []any) string {
		return kubeconfig(v[0].(string), region, v[1].(string), v[2].(string))
	}).(pulumi.StringOutput)
	return b.NewKubernetes(kc)
}
