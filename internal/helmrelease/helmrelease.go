// Package helmrelease is the one way mlkube installs a pinned Helm chart,
// for the addons and for what a cluster provider installs itself (the
// kubeadm provider's CNI, load balancer and storage): the same history,
// atomicity, cleanup and waiting everywhere.
package helmrelease

import (
	"github.com/mlkube/mlkube/addons/versions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Release is one Helm release of a pinned chart.
type Release struct {
	// Chart is the pinned chart (with any stack override applied).
	Chart versions.Chart
	// Resource is the logical resource name; empty uses the chart name.
	// The Helm release is always named after the chart, so service names
	// are predictable.
	Resource string
	// Namespace is the namespace the release installs into; the release
	// depends on it and never creates it.
	Namespace *corev1.Namespace
	// NamespaceName is used instead of Namespace for namespaces that
	// exist on every cluster (kube-system).
	NamespaceName string
	// Values are the Helm values; they may hold Pulumi inputs (e.g. an
	// IAM role ARN).
	Values map[string]any
	// TimeoutSeconds bounds install and upgrade; always explicit.
	TimeoutSeconds int
	// DependsOn are the release's real dependencies (CRD owners, node
	// groups its pods need, objects it reads at start).
	DependsOn []pulumi.Resource
}

// MaxHistory is how many Helm revisions a release keeps: enough to roll
// back a few upgrades, few enough that the release Secrets stay small.
const MaxHistory = 10

// New registers a helm/v3 Release. Every release sets its timeout and
// cleans up on failure; it waits for its resources (no skipAwait) but is
// not atomic, so a slow first install can be inspected instead of being
// rolled back.
func New(ctx *pulumi.Context, r Release, opts ...pulumi.ResourceOption) (*helmv3.Release, error) {
	deps := append([]pulumi.Resource{}, r.DependsOn...)
	ns := pulumi.StringPtr(r.NamespaceName).ToStringPtrOutput()
	if r.Namespace != nil {
		ns = r.Namespace.Metadata.Name()
		deps = append(deps, r.Namespace)
	}
	name := r.Resource
	if name == "" {
		name = r.Chart.Name
	}
	args, err := SourcesOf(ctx).Args(r, ns)
	if err != nil {
		return nil, err
	}
	return helmv3.NewRelease(ctx, name, args, append(opts, pulumi.DependsOn(deps))...)
}

// Args are the release's inputs from the public repositories; ns is its
// namespace's name.
func Args(r Release, ns pulumi.StringPtrInput) *helmv3.ReleaseArgs {
	args, _ := Sources{}.Args(r, ns) // public sources never fail
	return args
}

// Args are the release's inputs with its chart and images from s.
func (s Sources) Args(r Release, ns pulumi.StringPtrInput) (*helmv3.ReleaseArgs, error) {
	chart, repo, err := s.Locate(r.Chart)
	if err != nil {
		return nil, err
	}
	return &helmv3.ReleaseArgs{
		Name:            pulumi.String(r.Chart.Name),
		Chart:           pulumi.String(chart),
		Version:         pulumi.String(r.Chart.Version),
		RepositoryOpts:  repo,
		Namespace:       ns,
		CreateNamespace: pulumi.Bool(false),
		Values:          pulumi.ToMap(s.Values(r.Chart, r.Values)),
		Timeout:         pulumi.Int(r.TimeoutSeconds),
		CleanupOnFail:   pulumi.Bool(true),
		Atomic:          pulumi.Bool(false),
		SkipAwait:       pulumi.Bool(false),
		MaxHistory:      pulumi.Int(MaxHistory),
	}, nil
}
