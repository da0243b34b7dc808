package existing

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// labelNodes puts each named pool node's labels on it with a server-side
// apply patch: mlkube owns only those label fields, and `pulumi destroy`
// takes them off again without touching anything else on the node.
func labelNodes(ctx *pulumi.Context, pools []config.NodePool, parent pulumi.Resource, k8s *kubernetes.Provider) ([]pulumi.Resource, error) {
	var out []pulumi.Resource
	for _, p := range pools {
		for _, node := range p.Nodes {
			patch, err := corev1.NewNodePatch(ctx, p.Name+"-"+node, &corev1.NodePatchArgs{
				Metadata: &metav1.ObjectMetaPatchArgs{
					Name:   pulumi.String(node),
					Labels: pulumi.ToStringMap(p.Labels),
				},
			}, pulumi.Parent(parent), pulumi.Provider(k8s))
			if err != nil {
				return nil, err
			}
			out = append(out, patch)
		}
	}
	return out, nil
}
