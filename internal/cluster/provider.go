package cluster

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Source is one cluster source (eks, gke, aks, kubeadm, existing): what
// it is, said in one declaration. Each package under providers/ exports
// one value of it, and providers.All lists them: adding a cluster source
// is that package plus one line there.
//
// Nothing above this type looks at which source it has: what differs
// between clouds is either in the *Cluster that New returns (for the
// program) or in Offline (for the offline engine). Every func field is
// set; PoolSupport may be left zero.
type Source struct {
	// Kind is the cluster.provider value that selects this source.
	Kind string
	// Validate checks what only this source knows about a stack that
	// config.Parse already accepted (regions, machine types, GPUs a cloud
	// offers, its cluster.<kind> section). It returns config.Errors with
	// key paths and runs before anything is registered.
	Validate func(cfg *config.Config) error
	// Support judges cluster.kubernetesVersion against the source's version
	// calendar on cfg.Today: a refusal when the source would not create the
	// cluster at that minor, warnings for the plan, and whether the control
	// plane is billed at an extended-support rate. It registers nothing.
	Support func(cfg *config.Config) lifecycle.Support
	// Describe is the cluster New would build, from the stack file alone:
	// pure, no engine, no cloud. Validation and the workload checks read it
	// before anything is registered; it must not fail on a stack Validate
	// refuses (the problems are reported together).
	Describe func(cfg *config.Config) Shape
	// New builds (or adopts) what Describe said, under a component named
	// name, with opts applied to that component (aliases, protect, a
	// parent); the Cluster it returns embeds Describe's Shape.
	New func(ctx *pulumi.Context, name string, cfg *config.Config, opts ...pulumi.ResourceOption) (*Cluster, error)
	// Offline is what the offline engine needs to know about the resource
	// types this source registers. A func, so each caller gets maps of
	// its own.
	Offline func() Offline
	// PoolSupport are the optional node-pool keys this source honours; the
	// zero value honours none, and a stack that sets one is refused.
	PoolSupport PoolSupport
}

// OutputsFunc computes the outputs a cloud would report for a resource the
// offline engine pretends to create, beyond echoing its inputs (an ARN, an
// endpoint, an Auto Scaling group name). Values depend only on the name and
// the inputs, so two plans of one stack are byte-identical.
type OutputsFunc = func(args pulumi.MockResourceArgs) resource.PropertyMap

// InvokeFunc answers an invoke (a function call to the cloud's API) for
// engines that reach no cloud. Like OutputsFunc, its answer depends only on
// the call's arguments.
type InvokeFunc = func(args pulumi.MockCallArgs) resource.PropertyMap

// Offline describes a provider's resource types to the offline engine.
type Offline struct {
	// Outputs are the computed outputs per resource type.
	Outputs map[string]OutputsFunc
	// Fallback adds outputs to every custom resource after Outputs, only
	// the keys its state lacks (an identifier format every resource of a
	// cloud has). Nil when not needed.
	Fallback OutputsFunc
	// Invokes answer the invokes a provider cannot avoid, per function
	// token: values the cloud serves only through a function, never as a
	// resource output (AKS serves the cluster CA only with its
	// credentials). Every other invoke is refused offline.
	Invokes map[string]InvokeFunc
	// Seconds are typical create durations per resource type, for the
	// plan's estimate. Keep each number's source beside it.
	Seconds map[string]int
	// SecondsOf refines Seconds for one resource when a type's resources
	// differ in duration (a host script that installs packages or runs
	// kubeadm init); ok false falls back to Seconds. Nil when not needed.
	SecondsOf func(r PlannedResource) (seconds int, ok bool)
	// NodePoolTypes are the resource types the plan shows in its
	// "node pools" layer.
	NodePoolTypes []string
	// ReplaceOn lists, per resource type, the input properties whose change
	// makes the cloud replace the resource (for mlkube diff).
	ReplaceOn map[string][]string
	// Versions name, per resource type, the input path that holds the
	// Kubernetes minor it runs (a control plane's version, a node pool's),
	// so mlkube diff can hold an upgrade to the clouds' rules. A type whose
	// version follows the cloud's upgrade channel is left out.
	Versions map[string]string
	// Stateful are the resource types whose replacement or deletion loses
	// data or access (clusters, keys, file systems): mlkube diff flags them,
	// and in production they are protected.
	Stateful []string
	// NodeTemplates builds, from a plan, the node that the pool's scaler
	// would imagine for each pool that may be at size zero (EKS: from the
	// Auto Scaling group's node-template tags). Nil when pools never scale
	// from zero.
	NodeTemplates func(resources []PlannedResource) ([]NodeTemplate, error)
	// Prices are the list prices of the provider's machines, fees and
	// volumes for the plan's monthly cost, keyed by provider kind. Every
	// price carries its source and date; a machine type or region missing
	// here is a warning in the plan, never a zero.
	Prices map[string]*pricing.Catalog
}

// PlannedResource is what the offline engine recorded about one resource.
type PlannedResource struct {
	URN, Type, Name string
	Inputs          map[string]any
	DependsOn       []string
}

// NodeTemplate is the node a scaler would build for an empty pool, from
// what the plan says about the pool (never from the stack file).
type NodeTemplate struct {
	// Group is the cloud's name for the scaled group (an ASG, a node pool).
	Group string
	// Pool is the mlkube pool it belongs to.
	Pool string
	// MachineType sizes the node's CPU and memory.
	MachineType string
	Labels      map[string]string
	Taints      []Taint
	// Resources are extended resources the node offers (nvidia.com/gpu: 4).
	Resources map[string]int
}
