// Package autoscaler installs the Kubernetes cluster autoscaler on
// clusters whose cloud does not scale node pools itself (EKS).
package autoscaler

import (
	"errors"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:Autoscaler"

// Name is the release name, the fullname of its objects and the service
// account name: the cloud role (IRSA on EKS) trusts exactly
// Namespace/ServiceAccount.
const (
	Name           = "cluster-autoscaler"
	ServiceAccount = cluster.AutoscalerServiceAccount
)

// Namespace is the contract's autoscaler namespace, kube-system: it
// exists on every cluster (so it is not created here and carries no
// mlkube labels), the cloud role trusts the service account there, and
// critical-priority pods are admitted there on every cloud.
const Namespace = cluster.AutoscalerNamespace

// TimeoutSeconds bounds the release: one Deployment.
const TimeoutSeconds = 300

// Args configure the autoscaler.
type Args struct {
	// Cluster is the cluster (required); Applies(Cluster) must be true.
	Cluster *cluster.Cluster
	// Config is addons.autoscaler.
	Config config.Autoscaler
}

// Autoscaler is the installed cluster autoscaler.
type Autoscaler struct {
	pulumi.ResourceState

	Release *helmv3.Release
}

// New installs the cluster autoscaler.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Autoscaler, error) {
	if args == nil || args.Cluster == nil {
		return nil, errors.New(TypeToken + ": args.Cluster is required")
	}
	cl := args.Cluster
	if ok, why := Applies(cl); !ok {
		return nil, errors.New(TypeToken + ": " + why)
	}
	values, err := Values(cl, args.Config)
	if err != nil {
		return nil, err
	}
	if ann, ok := cl.ServiceAccountAnnotations[cluster.AddonAutoscaler]; ok && ann != nil {
		values["rbac"].(map[string]any)["serviceAccount"].(map[string]any)["annotations"] = ann
	}
	c := &Autoscaler{}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	c.Release, err = kit.NewRelease(ctx, kit.Release{
		Chart:          versions.ClusterAutoscaler.With(args.Config.Version),
		NamespaceName:  Namespace,
		Values:         kit.Merge(values, args.Config.Values),
		TimeoutSeconds: TimeoutSeconds,
		DependsOn:      cl.NodesReady,
	}, kit.Children(c, cl.Provider)...)
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"release":   c.Release.Name,
		"namespace": pulumi.String(Namespace),
	}); err != nil {
		return nil, err
	}
	return c, nil
}
