// Package kit holds what every addon does the same way: a namespace with
// its Pod Security labels, a Helm release with explicit timeout and
// cleanup, user values merged over computed ones, and GPU tolerations
// derived from the cluster's pools.
package kit

import (
	"sort"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/helmrelease"
	"github.com/mlkube/mlkube/internal/labels"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Pod Security levels.
const (
	Privileged = "privileged"
	Baseline   = "baseline"
	Restricted = "restricted"
)

// AddonLabel names the addon that owns an object.
const AddonLabel = labels.Addon

// Namespace is one addon namespace.
type Namespace struct {
	// Name is metadata.name; stable, never autonamed.
	Name string
	// Addon is the owning addon (mlkube.io/addon label).
	Addon string
	// Level is the Pod Security level enforced: privileged, baseline or restricted.
	Level string
	// Reason explains why a privileged namespace must be privileged
	// (the mlkube.io/privileged-reason annotation the policy requires).
	Reason string
}

// Labels are the namespace's labels: the Pod Security level (enforced,
// and for non-privileged levels also warned and audited) and ownership.
func (n Namespace) Labels() map[string]string {
	l := map[string]string{
		labels.Addon:                     n.Addon,
		labels.ManagedBy:                 labels.ManagedByValue,
		labels.PodSecurityEnforce:        n.Level,
		labels.PodSecurityEnforceVersion: "latest",
	}
	if n.Level != Privileged {
		l[labels.PodSecurityWarn] = n.Level
		l[labels.PodSecurityAudit] = n.Level
	}
	return l
}

// Annotations carry the privileged reason, if any.
func (n Namespace) Annotations() map[string]string {
	if n.Level != Privileged {
		return nil
	}
	return map[string]string{labels.PrivilegedReason: n.Reason}
}

// NewNamespace registers the namespace as a child (opts carry Parent and
// Provider). Its logical name is its metadata.name.
func NewNamespace(ctx *pulumi.Context, n Namespace, opts ...pulumi.ResourceOption) (*corev1.Namespace, error) {
	meta := &metav1.ObjectMetaArgs{
		Name:   pulumi.String(n.Name),
		Labels: pulumi.ToStringMap(n.Labels()),
	}
	if a := n.Annotations(); a != nil {
		meta.Annotations = pulumi.ToStringMap(a)
	}
	return corev1.NewNamespace(ctx, n.Name, &corev1.NamespaceArgs{Metadata: meta}, opts...)
}

// Release is one Helm release of an addon (internal/helmrelease, which
// the kubeadm provider's releases share).
type Release = helmrelease.Release

// MaxHistory is how many Helm revisions a release keeps.
const MaxHistory = helmrelease.MaxHistory

// NewRelease registers an addon's release, named after its chart.
func NewRelease(ctx *pulumi.Context, r Release, opts ...pulumi.ResourceOption) (*helmv3.Release, error) {
	return helmrelease.New(ctx, r, opts...)
}

// Begin starts every addon the same way: it registers the addon's
// component and its namespace, and returns the options of every further
// child (the component as parent, the cluster's Kubernetes provider).
func Begin(ctx *pulumi.Context, typeToken, name string, comp pulumi.ComponentResource, provider pulumi.ProviderResource, ns Namespace, opts ...pulumi.ResourceOption) ([]pulumi.ResourceOption, *corev1.Namespace, error) {
	if err := ctx.RegisterComponentResource(typeToken, name, comp, opts...); err != nil {
		return nil, nil, err
	}
	child := Children(comp, provider)
	namespace, err := NewNamespace(ctx, ns, child...)
	return child, namespace, err
}

// Children are the options of an addon's children: parented to the
// component and created through the cluster's Kubernetes provider.
func Children(parent pulumi.Resource, provider pulumi.ProviderResource) []pulumi.ResourceOption {
	opts := []pulumi.ResourceOption{pulumi.Parent(parent)}
	if provider != nil {
		opts = append(opts, pulumi.Provider(provider))
	}
	return opts
}

// Merge returns base with override merged over it: maps merge key by key,
// any other value (lists included) in override replaces base's. Neither
// argument is modified.
func Merge(base, override map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(override))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range override {
		bm, bok := out[k].(map[string]any)
		om, ook := v.(map[string]any)
		if bok && ook {
			out[k] = Merge(bm, om)
			continue
		}
		out[k] = v
	}
	return out
}

// Toleration is a toleration as Helm values spell it.
func Toleration(key, operator, value, effect string) map[string]any {
	t := map[string]any{"operator": operator}
	if key != "" {
		t["key"] = key
	}
	if value != "" {
		t["value"] = value
	}
	if effect != "" {
		t["effect"] = effect
	}
	return t
}

// GPUTolerations tolerate every taint of every GPU pool (by key and
// effect, any value), one toleration per distinct key and effect, sorted.
// Operands of the GPU operator must run on every GPU node, whatever taints
// a stack adds on top of the nvidia.com/gpu one.
func GPUTolerations(pools []cluster.Pool) []any {
	type ke struct{ key, effect string }
	seen := map[ke]bool{}
	var list []ke
	for _, p := range pools {
		if !p.IsGPU() {
			continue
		}
		for _, t := range p.Taints {
			k := ke{t.Key, t.Effect}
			if !seen[k] {
				seen[k] = true
				list = append(list, k)
			}
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].key != list[j].key {
			return list[i].key < list[j].key
		}
		return list[i].effect < list[j].effect
	})
	out := make([]any, 0, len(list))
	for _, k := range list {
		out = append(out, Toleration(k.key, "Exists", "", k.effect))
	}
	return out
}

// TolerateAll is the toleration of node agents that belong on every node
// (log shippers, node exporters): any taint, any effect.
func TolerateAll() []any {
	return []any{Toleration("", "Exists", "", "")}
}
