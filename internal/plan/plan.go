// Package plan is mlkube's offline engine. It runs the platform program for a
// stack file under pulumi.WithMocks — no cloud, no credentials, no Pulumi
// CLI — and records what the program would register: every resource with
// its inputs, parent, provider, dependencies and options, the stack outputs,
// the policy findings and an estimate of the time to a ready cluster.
//
// A plan is deterministic byte for byte: resources are sorted by URN, maps
// print with sorted keys, and nothing depends on time or randomness, so two
// plans of the same stack can be diffed (see Diff).
package plan

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/cost"
	"github.com/mlkube/mlkube/internal/platform"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Plan is the document `mlkube plan --format json` prints.
type Plan struct {
	Stack     string           `json:"stack"`
	Project   string           `json:"project"`
	Resources []Resource       `json:"resources"`
	Outputs   map[string]any   `json:"outputs"`
	Findings  []policy.Finding `json:"findings"`
	Estimate  Estimate         `json:"estimate"`
	// Cost is the monthly cost estimate (see package cost); nil in plans
	// written before it existed.
	Cost *cost.Estimate `json:"cost,omitempty"`
	// reach is what the reachability policy was given, so that a test can
	// check changed resources the same way.
	reach policy.Reach
}

// Resource is one registered resource.
type Resource = policy.Resource

// Estimate is the expected time until everything is created and ready.
type Estimate struct {
	CriticalPathSeconds int      `json:"criticalPathSeconds"`
	CriticalPath        []string `json:"criticalPath"`
}

// Build validates the stack configuration and runs the platform program
// under the offline engine. Configuration errors come back as
// config.Errors before anything is registered.
func Build(sf *config.StackFile) (*Plan, error) {
	cfg, err := sf.Parse(platform.Check)
	if err != nil {
		return nil, err
	}
	return BuildConfig(sf, cfg)
}

// BuildConfig runs the platform program for an already-parsed configuration.
func BuildConfig(sf *config.StackFile, cfg *config.Config) (*Plan, error) {
	return build(sf, cfg, platform.Run)
}

// program is the shape of platform.Run; tests plan smaller programs.
type program func(ctx *pulumi.Context, cfg *config.Config) (*platform.Result, error)

func build(sf *config.StackFile, cfg *config.Config, run program) (*Plan, error) {
	m := newRecorder()
	var result *platform.Result
	values := &outputValues{values: map[string]any{}}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		r, err := run(ctx, cfg)
		if err != nil {
			return err
		}
		result = r
		values.collect(r.Outputs)
		return nil
	}, pulumi.WithMocks(sf.Project, sf.Stack, m), withConfig(sf))
	values.wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", sf.Stack, err)
	}

	p := &Plan{Stack: sf.Stack, Project: sf.Project}
	p.Resources = collect(sf, m.Registered())
	rendered, err := renderReleases(p.Resources, cfg.Cluster.KubernetesVersion)
	if err != nil {
		return nil, err
	}
	if len(rendered) > 0 {
		p.Resources = append(p.Resources, rendered...)
		sort.Slice(p.Resources, func(i, j int) bool { return p.Resources[i].URN < p.Resources[j].URN })
	}
	p.Outputs = values.redacted(result.Outputs)
	p.reach = platform.Reach(cfg, result.Cluster)
	served, err := addons.ServedKinds(cfg.Addons, result.Cluster.GatewayController)
	if err != nil {
		return nil, err
	}
	p.Findings = policy.Check(policy.Input{
		Config: cfg, Pools: result.Cluster.Pools, Resources: p.Resources, Stateful: offline.Stateful,
		BlockProvisioners:     result.Cluster.Storage.BlockProvisioners(),
		NetworkPolicyEnforced: result.Cluster.Capabilities.NetworkPolicyEnforced,
		ServedKinds:           append(slices.Clone(result.Cluster.ServedKinds), served...),
		Reach:                 p.reach,
	})
	p.Findings = append(p.Findings, versionFindings(cfg, result.Support, p.Resources)...)
	p.Estimate = estimate(p.Resources)
	p.Cost = costOf(cfg, result.Cluster, p)
	return p, nil
}

// withConfig hands the stack file's values to the program, as the engine
// would, and turns off dry-run so every output resolves.
func withConfig(sf *config.StackFile) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		info.Config = sf.Values
		info.ConfigSecretKeys = sf.SecretKeys
		info.DryRun = false
	}
}

func collect(sf *config.StackFile, seen []pulumi.MockResourceArgs) []Resource {
	out := make([]Resource, 0, len(seen))
	for _, a := range seen {
		rpc := a.RegisterRPC
		if rpc == nil {
			continue // reads of existing resources are not part of what a stack creates
		}
		r := Resource{
			Type:   a.TypeToken,
			Name:   a.Name,
			Parent: rpc.GetParent(),
			Custom: a.Custom,
			Inputs: plainMap(a.Inputs),
			Safeguards: policy.Safeguards{
				Protect:        rpc.GetProtect(),
				RetainOnDelete: rpc.GetRetainOnDelete(),
				IgnoreChanges:  append([]string{}, rpc.GetIgnoreChanges()...),
			},
		}
		r.URN = urnOf(sf, r.Parent, r.Type, r.Name)
		if a.Provider != "" {
			r.Provider = providerURN(a.Provider)
		}
		deps := map[string]bool{}
		for _, d := range rpc.GetDependencies() {
			deps[d] = true
		}
		for _, pd := range rpc.GetPropertyDependencies() {
			for _, d := range pd.GetUrns() {
				deps[d] = true
			}
		}
		if r.Provider != "" {
			deps[r.Provider] = true
		}
		delete(deps, "")
		r.DependsOn = slices.Sorted(maps.Keys(deps))
		sort.Strings(r.IgnoreChanges)
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// urnOf computes a URN the way the engine does: the parent's type chain,
// the type and the name.
func urnOf(sf *config.StackFile, parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(sf.Stack), tokens.PackageName(sf.Project), parentType, tokens.Type(typ), name))
}

// providerURN strips the ID from a provider reference ("<urn>::<id>").
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i > 0 {
		return ref[:i]
	}
	return ref
}

// outputValues gathers stack outputs while the program runs. Outputs made
// from plain values belong to no context, so the engine does not wait for
// their applies: the wait group does.
type outputValues struct {
	mu     sync.Mutex
	wg     sync.WaitGroup
	values map[string]any
}

func (o *outputValues) collect(outputs map[string]pulumi.Output) {
	for name, out := range outputs {
		o.wg.Add(1)
		out.ApplyT(func(v any) any {
			defer o.wg.Done()
			// Round-trip through JSON so values print like inputs do.
			b, _ := json.Marshal(v)
			var plain any
			_ = json.Unmarshal(b, &plain)
			o.mu.Lock()
			o.values[name] = plain
			o.mu.Unlock()
			return nil
		})
	}
}

// redacted returns the values with secret outputs replaced. The outputs
// have resolved by now, so IsSecret does not block.
func (o *outputValues) redacted(outputs map[string]pulumi.Output) map[string]any {
	res := map[string]any{}
	for name, out := range outputs {
		if pulumi.IsSecret(out) {
			res[name] = Secret
		} else {
			res[name] = o.values[name]
		}
	}
	return res
}

// JSON renders the plan as indented JSON with a trailing newline.
func (p *Plan) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Parse reads a plan written by JSON.
func Parse(data []byte) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("not an mlkube plan: %w", err)
	}
	return &p, nil
}

// ErrorFindings counts the findings of severity error.
func (p *Plan) ErrorFindings() int {
	n := 0
	for _, f := range p.Findings {
		if f.Severity == policy.SeverityError {
			n++
		}
	}
	return n
}
