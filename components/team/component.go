package team

import (
	"errors"
	"fmt"

	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:workloads:Team"

// component is the app.kubernetes.io/component label value.
const component = "team"

// Team is a team's namespace with quota, defaults, RBAC and network policy.
type Team struct {
	pulumi.ResourceState

	// NamespaceName is the namespace, as an output: workloads that take it
	// from here are created after the namespace.
	NamespaceName pulumi.StringOutput `pulumi:"namespace"`
	// Namespace is the Namespace object.
	Namespace *corev1.Namespace
}

// NewTeam validates args and registers the team's namespace and guard rails.
func NewTeam(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Team, error) {
	if args == nil {
		return nil, errors.New(TypeToken + ": args are required")
	}
	a := withDefaults(name, *args)
	if err := validate(a); err != nil {
		return nil, err
	}
	t := &Team{}
	if err := ctx.RegisterComponentResource(TypeToken, name, t, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, a: a, parent: pulumi.Parent(t)}
	if err := b.build(t); err != nil {
		return nil, fmt.Errorf("%s %q: %w", TypeToken, name, err)
	}
	if err := ctx.RegisterResourceOutputs(t, pulumi.Map{"namespace": t.NamespaceName}); err != nil {
		return nil, err
	}
	return t, nil
}

type builder struct {
	ctx    *pulumi.Context
	name   string // logical name prefix
	a      Args
	parent pulumi.ResourceOption
	ns     pulumi.StringOutput
}

func (b *builder) labels() map[string]string { return kube.Labels(b.a.Name, component, b.a.Labels) }

// meta is the metadata of an object inside the team namespace.
func (b *builder) meta(name string) *metav1.ObjectMetaArgs {
	return kube.MetaIn(name, b.ns, b.labels(), nil)
}

func (b *builder) build(t *Team) error {
	opts := []pulumi.ResourceOption{b.parent}
	if b.a.Production {
		opts = append(opts, pulumi.Protect(true))
	}
	ns, err := corev1.NewNamespace(b.ctx, b.name+"-namespace", &corev1.NamespaceArgs{
		Metadata: kube.Meta(b.a.Namespace, "", kube.Merge(b.labels(), namespaceLabels(b.a)), nil),
	}, opts...)
	if err != nil {
		return err
	}
	t.Namespace = ns
	t.NamespaceName = ns.Metadata.Name().Elem()
	b.ns = t.NamespaceName
	for _, step := range []func() error{b.quota, b.limitRange, b.rbac, b.networkPolicies, b.localQueue} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) quota() error {
	_, err := corev1.NewResourceQuota(b.ctx, b.name+"-quota", &corev1.ResourceQuotaArgs{
		Metadata: b.meta(quotaName),
		Spec:     &corev1.ResourceQuotaSpecArgs{Hard: pulumi.ToStringMap(quotaHard(b.a.Quota))},
	}, b.parent)
	return err
}

// LocalQueueAPIVersion is the Kueue API group version of the LocalQueue.
const LocalQueueAPIVersion = "kueue.x-k8s.io/v1beta2"

// localQueue points the namespace's jobs at the team's ClusterQueue.
func (b *builder) localQueue() error {
	q := b.a.Queue
	if q == nil {
		return nil
	}
	_, err := apiextensions.NewCustomResource(b.ctx, b.name+"-localqueue", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String(LocalQueueAPIVersion),
		Kind:        pulumi.String("LocalQueue"),
		Metadata:    b.meta(q.Name),
		OtherFields: kubernetes.UntypedArgs{"spec": map[string]any{"clusterQueue": q.ClusterQueue}},
	}, b.parent, pulumi.DependsOn(q.After))
	return err
}

func (b *builder) limitRange() error {
	l := b.a.Limits
	_, err := corev1.NewLimitRange(b.ctx, b.name+"-limitrange", &corev1.LimitRangeArgs{
		Metadata: b.meta(limitRangeName),
		Spec: &corev1.LimitRangeSpecArgs{Limits: corev1.LimitRangeItemArray{corev1.LimitRangeItemArgs{
			Type:           pulumi.String("Container"),
			DefaultRequest: pulumi.StringMap{"cpu": pulumi.String(l.DefaultRequestCPU), "memory": pulumi.String(l.DefaultRequestMemory)},
			Default:        pulumi.StringMap{"cpu": pulumi.String(l.DefaultCPU), "memory": pulumi.String(l.DefaultMemory)},
		}}},
	}, b.parent)
	return err
}
