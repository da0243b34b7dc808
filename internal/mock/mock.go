// Package mock is the one mock engine of mlkube: the offline plan and every
// unit test run Pulumi programs under a Recorder. It records each
// registration with its inputs and options, answers computed outputs and
// invokes from per-type functions (the shape of cluster.Offline, so a
// provider's offline data serves its tests and the plan alike), and counts
// output registrations.
//
// It imports no test framework, so the offline engine links it;
// internal/mocktest adds the test helpers and the house checks on top.
package mock

import (
	"fmt"
	"sort"
	"sync"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Recorder is a pulumi.MockResourceMonitor that echoes a resource's inputs
// as its outputs, adds the computed outputs its type has, and keeps every
// registration. It is safe for concurrent use: the SDK registers resources
// from many goroutines.
type Recorder struct {
	// Outputs add computed outputs per resource type.
	Outputs map[string]cluster.OutputsFunc
	// Fallback adds outputs to every custom resource after Outputs; only
	// keys its state lacks are added. Nil adds nothing.
	Fallback cluster.OutputsFunc
	// Invokes answer invokes per function token; every other invoke fails,
	// so a program cannot depend on what a cloud answers.
	Invokes map[string]cluster.InvokeFunc

	mu      sync.Mutex // guards the fields below
	seen    []pulumi.MockResourceArgs
	calls   []string
	outputs int
}

// New returns a Recorder that answers with a provider's offline data.
func New(o cluster.Offline) *Recorder {
	return &Recorder{Outputs: o.Outputs, Fallback: o.Fallback, Invokes: o.Invokes}
}

// NewResource records the registration and returns its state: the inputs,
// the computed outputs of its type, and an ID (the state's own "id" when a
// cloud's ID format computes one, else one derived from the name).
func (r *Recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r.mu.Lock()
	r.seen = append(r.seen, args)
	r.mu.Unlock()

	state := args.Inputs.Copy()
	if f := r.Outputs[args.TypeToken]; f != nil {
		for k, v := range f(args) {
			state[k] = v
		}
	}
	if r.Fallback != nil && args.Custom {
		for k, v := range r.Fallback(args) {
			if _, ok := state[k]; !ok {
				state[k] = v
			}
		}
	}
	id := args.ID
	if v, ok := state["id"]; ok && v.IsString() && id == "" {
		id = v.StringValue()
	}
	if id == "" {
		id = args.Name + "-id"
	}
	return id, state, nil
}

// Call answers an invoke from Invokes and records its token.
func (r *Recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	r.mu.Lock()
	r.calls = append(r.calls, args.Token)
	r.mu.Unlock()
	if f := r.Invokes[args.Token]; f != nil {
		return f(args), nil
	}
	return nil, fmt.Errorf("no answer for invoke %s offline: derive the value from the stack configuration", args.Token)
}

// RegisterResourceOutputs counts output registrations: one per component
// plus one for the stack. A component that never registers its outputs
// stays "creating" for ever in a real deployment.
func (r *Recorder) RegisterResourceOutputs() (*emptypb.Empty, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.outputs++
	return &emptypb.Empty{}, nil
}

// Registered returns the registrations in the order they arrived.
func (r *Recorder) Registered() []pulumi.MockResourceArgs {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]pulumi.MockResourceArgs(nil), r.seen...)
}

// All returns the registrations sorted by type and name.
func (r *Recorder) All() []pulumi.MockResourceArgs {
	out := r.Registered()
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].TypeToken != out[j].TypeToken {
			return out[i].TypeToken < out[j].TypeToken
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// ByType returns the registrations of one type, sorted by name.
func (r *Recorder) ByType(typ string) []pulumi.MockResourceArgs {
	var out []pulumi.MockResourceArgs
	for _, a := range r.All() {
		if a.TypeToken == typ {
			out = append(out, a)
		}
	}
	return out
}

// Calls returns the tokens of the invokes made, in order.
func (r *Recorder) Calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

// OutputRegistrations counts RegisterResourceOutputs calls.
func (r *Recorder) OutputRegistrations() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.outputs
}
