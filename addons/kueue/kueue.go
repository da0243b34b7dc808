// Package kueue is the Kueue addon (mlkube:addons:Kueue): the Kueue
// controller from its pinned chart, a ResourceFlavor per node pool and a
// ClusterQueue per team, all in one cohort. Each team's LocalQueue lives
// with the team (components/team); every training job names it
// (QueueLabel) and is created suspended, so Kueue starts it only when the
// quota for all of its pods is free, and a distributed job's pods start
// together or not at all. With addons.kueue.install: false a Kueue the
// cluster already runs admits them: mlkube then installs no chart and
// creates only the flavors, queues and jobs.
package kueue

import (
	"errors"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:Kueue"

// AddonName is the addon's name (component name and mlkube.io/addon label).
const AddonName = "kueue"

// Namespace runs the Kueue controller (the chart's own namespace name).
const Namespace = "kueue-system"

// NamespaceSpec: the controller's pods meet the restricted standard.
var NamespaceSpec = kit.Namespace{Name: Namespace, Addon: AddonName, Level: kit.Restricted}

// TimeoutSeconds bounds the release (one Deployment, its webhook
// certificates made by the controller itself at start).
const TimeoutSeconds = 600

// Args configure the Kueue addon.
type Args struct {
	Cluster *cluster.Cluster
	Config  config.Kueue
	// Teams get a ClusterQueue each, in stack order.
	Teams []Team
}

// Kueue is the installed addon.
type Kueue struct {
	pulumi.ResourceState

	// Release is nil when the cluster's own Kueue runs (install: false).
	Release *helmv3.Release
	// Flavors by pool and ClusterQueues by team.
	Flavors       map[string]*apiextensions.CustomResource
	ClusterQueues map[string]*apiextensions.CustomResource
	// Ready are what a LocalQueue waits for: the release that installs the
	// CRDs and runs the webhook, and its team's ClusterQueue (QueueReady).
	Ready []pulumi.Resource
}

// Notes are the plan's notes about Kueue: what the cluster's own Kueue
// must be when mlkube does not install it.
func Notes(cfg config.Kueue) []string {
	if cfg.Installs() {
		return nil
	}
	return []string{"kueue not installed (addons.kueue.install: false): the cluster's own Kueue, " + versions.KueueExistingMinimum +
		" or later with the batch/job integration on, must admit the queued training jobs"}
}

// ServedKinds are the Kueue kinds (Kind.group) mlkube creates that a
// cluster whose own Kueue runs serves without mlkube installing their
// CRDs: with install: false.
func ServedKinds(cfg config.Kueue) []string {
	if cfg.Installs() {
		return nil
	}
	var out []string
	for _, k := range Kinds {
		out = append(out, k+"."+Group)
	}
	return out
}

// QueueReady are what a team's LocalQueue waits for.
func (k *Kueue) QueueReady(team string) []pulumi.Resource {
	out := append([]pulumi.Resource{}, k.Ready...)
	if cq, ok := k.ClusterQueues[team]; ok {
		out = append(out, cq)
	}
	return out
}

// New installs Kueue and the stack's flavors and ClusterQueues.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Kueue, error) {
	if args == nil || args.Cluster == nil {
		return nil, errors.New(TypeToken + ": args.Cluster is required")
	}
	cl := args.Cluster
	k := &Kueue{Flavors: map[string]*apiextensions.CustomResource{}, ClusterQueues: map[string]*apiextensions.CustomResource{}}
	child, err := k.begin(ctx, name, args, opts)
	if err != nil {
		return nil, err
	}
	// Kueue's objects are custom resources of the release's CRDs, checked
	// by its webhook: they wait for it (for nothing when the cluster's own
	// Kueue serves them).
	afterRelease := append(child, pulumi.DependsOn(k.Ready))
	var flavors []pulumi.Resource
	for _, p := range cl.Pools {
		f, err := newObject(ctx, KindResourceFlavor, "flavor-"+p.Name, FlavorName(p.Name), FlavorSpec(p), afterRelease)
		if err != nil {
			return nil, err
		}
		k.Flavors[p.Name] = f
		flavors = append(flavors, f)
	}
	queues := pulumi.StringArray{}
	for _, t := range args.Teams {
		cq, err := newObject(ctx, KindClusterQueue, "clusterqueue-"+t.Name, ClusterQueueName(t.Name), ClusterQueueSpec(t, cl.Pools),
			append(child, pulumi.DependsOn(append(append([]pulumi.Resource{}, k.Ready...), flavors...))))
		if err != nil {
			return nil, err
		}
		k.ClusterQueues[t.Name] = cq
		queues = append(queues, pulumi.String(ClusterQueueName(t.Name)))
	}
	if err := ctx.RegisterResourceOutputs(k, pulumi.Map{
		"cohort":        pulumi.String(Cohort),
		"clusterQueues": queues,
	}); err != nil {
		return nil, err
	}
	return k, nil
}

// begin registers the component and, unless the cluster's own Kueue runs
// (install: false), its namespace and the release. That Kueue's namespace
// is not mlkube's to create: it exists, and destroy must not delete it.
func (k *Kueue) begin(ctx *pulumi.Context, name string, args *Args, opts []pulumi.ResourceOption) ([]pulumi.ResourceOption, error) {
	cl := args.Cluster
	if !args.Config.Installs() {
		if err := ctx.RegisterComponentResource(TypeToken, name, k, opts...); err != nil {
			return nil, err
		}
		return kit.Children(k, cl.Provider), nil
	}
	child, ns, err := kit.Begin(ctx, TypeToken, name, k, cl.Provider, NamespaceSpec, opts...)
	if err != nil {
		return nil, err
	}
	k.Release, err = kit.NewRelease(ctx, kit.Release{
		Chart: versions.Kueue.With(args.Config.Version), Namespace: ns,
		Values:         kit.Merge(Values(), args.Config.Values),
		TimeoutSeconds: TimeoutSeconds, DependsOn: cl.NodesReady,
	}, child...)
	if err != nil {
		return nil, err
	}
	k.Ready = []pulumi.Resource{k.Release}
	return child, nil
}

// newObject registers one cluster-scoped Kueue object.
func newObject(ctx *pulumi.Context, kind, logical, name string, spec map[string]any, opts []pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	return apiextensions.NewCustomResource(ctx, logical, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(APIVersion),
		Kind:       pulumi.String(kind),
		Metadata: &metav1.ObjectMetaArgs{
			Name:   pulumi.String(name),
			Labels: pulumi.StringMap{kit.AddonLabel: pulumi.String(AddonName)},
		},
		OtherFields: kubernetes.UntypedArgs{"spec": spec},
	}, opts...)
}
