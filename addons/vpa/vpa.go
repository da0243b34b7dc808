// Package vpa installs the Vertical Pod Autoscaler (kubernetes/autoscaler's
// chart, pinned in addons/versions) for the services that ask for
// autoscaling.vertical: its recommender always, and the admission
// controller and updater only when a service lets the VPA change its pods.
// The VerticalPodAutoscaler CRD comes with the chart, so the services' VPA
// objects wait for the release.
package vpa

import (
	"errors"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:VPA"

// AddonName is the addon's name (component name and mlkube.io/addon label).
const AddonName = "vpa"

// Namespace runs the recommender, updater and admission controller. Their
// containers run as nobody with no privilege (the values below), so the
// namespace is restricted.
const Namespace = "vpa"

// NamespaceSpec is the namespace with its Pod Security labels.
var NamespaceSpec = kit.Namespace{Name: Namespace, Addon: AddonName, Level: kit.Restricted}

// TimeoutSeconds bounds the release: up to three Deployments and the
// admission controller's certificate Job.
const TimeoutSeconds = 600

// Needs is what the stack's services ask of the VPA.
type Needs struct {
	// Admission: a service's VPA sets requests on new pods (any mode
	// but Off), which the admission controller's webhook does.
	Admission bool
	// Updater: a service's VPA resizes running pods (Recreate,
	// InPlaceOrRecreate), which the updater does.
	Updater bool
}

// NeedsOf derives what the update modes of the stack's VPAs need.
func NeedsOf(modes []string) Needs {
	var n Needs
	for _, m := range modes {
		switch m {
		case "Off", "":
		case "Initial":
			n.Admission = true
		default:
			n.Admission, n.Updater = true, true
		}
	}
	return n
}

// Values are the chart values: the components a stack needs, each
// container restricted (the chart leaves the container context empty and
// the pods without a seccomp profile).
func Values(n Needs) map[string]any {
	restricted := map[string]any{
		"allowPrivilegeEscalation": false,
		"readOnlyRootFilesystem":   true,
		"capabilities":             map[string]any{"drop": []any{"ALL"}},
	}
	return map[string]any{
		"podSecurityContext": map[string]any{
			"runAsNonRoot": true, "runAsUser": 65534,
			"seccompProfile": map[string]any{"type": "RuntimeDefault"},
		},
		"containerSecurityContext": restricted,
		"recommender":              map[string]any{"enabled": true},
		"admissionController":      map[string]any{"enabled": n.Admission},
		"updater":                  map[string]any{"enabled": n.Updater},
	}
}

// Args configure the VPA addon.
type Args struct {
	Cluster *cluster.Cluster
	Config  config.Addon
	Needs   Needs
}

// VPA is the installed Vertical Pod Autoscaler.
type VPA struct {
	pulumi.ResourceState

	Namespace *corev1.Namespace
	// Release installs the VerticalPodAutoscaler CRD: the services' VPA
	// objects wait for it.
	Release *helmv3.Release
}

// New installs the chart.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*VPA, error) {
	if args == nil || args.Cluster == nil {
		return nil, errors.New(TypeToken + ": args.Cluster is required")
	}
	v := &VPA{}
	child, ns, err := kit.Begin(ctx, TypeToken, name, v, args.Cluster.Provider, NamespaceSpec, opts...)
	if err != nil {
		return nil, err
	}
	v.Namespace = ns
	v.Release, err = kit.NewRelease(ctx, kit.Release{
		Chart:          versions.VPA.With(args.Config.Version),
		Namespace:      ns,
		Values:         kit.Merge(Values(args.Needs), args.Config.Values),
		TimeoutSeconds: TimeoutSeconds,
		DependsOn:      args.Cluster.NodesReady,
	}, child...)
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(v, pulumi.Map{
		"namespace": ns.Metadata.Name(),
		"release":   v.Release.Name,
	}); err != nil {
		return nil, err
	}
	return v, nil
}
