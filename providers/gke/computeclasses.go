package gke

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/serviceaccount"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// typeComputeClass is the resource type of a pool's ComputeClass. GKE
// serves its CRD on every cluster from 1.30.3-gke.1451000 (docs:
// concepts/about-custom-compute-classes, read 2026-12-04), so no release
// installs it and the class waits for nothing but the cluster.
const (
	typeComputeClass = "kubernetes:cloud.google.com/v1:ComputeClass"
	computeClassKind = "ComputeClass.cloud.google.com"
)

// newComputeClasses registers one ComputeClass per computeClass pool. The
// classes wait for the nodes' grants and the NAT, as node pools do: the
// node pools GKE creates from them need both.
func (b *builder) newComputeClasses(k8s *kubernetes.Provider, nw *network, sa *serviceaccount.Account, grants []pulumi.Resource, pools []config.NodePool) ([]pulumi.Resource, error) {
	zones := computeClassZones(b.Cfg, b.opts)
	var out []pulumi.Resource
	for _, p := range computeClassPools(pools) {
		spec, err := computeClassSpec(p, b.opts, zones, sa.Email)
		if err != nil {
			return nil, err
		}
		cc, err := apiextensions.NewCustomResource(b.Ctx, b.Name+"-computeclass-"+p.Name, &apiextensions.CustomResourceArgs{
			ApiVersion: pulumi.String("cloud.google.com/v1"),
			Kind:       pulumi.String("ComputeClass"),
			Metadata: &metav1.ObjectMetaArgs{
				Name: pulumi.String(computeClassName(p.Name)),
				Labels: pulumi.StringMap{
					labels.PartOf:    pulumi.String(labels.PartOfValue),
					labels.ManagedBy: pulumi.String(labels.ManagedByValue),
				},
			},
			OtherFields: kubernetes.UntypedArgs{"spec": spec},
		}, pulumi.Parent(b.Comp), pulumi.Provider(k8s),
			pulumi.DependsOn(append(append([]pulumi.Resource{}, grants...), nw.egress...)))
		if err != nil {
			return nil, err
		}
		out = append(out, cc)
	}
	return out, nil
}
