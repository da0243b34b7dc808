// Package mocktest runs Pulumi programs under the SDK's mocks and records
// every registration, for tests of providers and addons.
package mocktest

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// Recorder is a pulumi.MockResourceMonitor that echoes inputs as outputs
// (plus per-type extras) and keeps every registration.
type Recorder struct {
	// Outputs adds computed outputs per type token.
	Outputs map[string]func(args pulumi.MockResourceArgs) resource.PropertyMap
	// Calls answers invokes per token.
	Calls map[string]func(args pulumi.MockCallArgs) resource.PropertyMap

	mu   sync.Mutex
	seen []pulumi.MockResourceArgs
}

// NewResource implements pulumi.MockResourceMonitor.
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
	return args.Name + "-id", state, nil
}

// Call implements pulumi.MockResourceMonitor.
func (r *Recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if f := r.Calls[args.Token]; f != nil {
		return f(args), nil
	}
	return nil, fmt.Errorf("mocktest: no answer for invoke %s", args.Token)
}

// Run runs program under the mocks and fails the test on error.
func (r *Recorder) Run(t *testing.T, program pulumi.RunFunc) {
	t.Helper()
	require.NoError(t, r.RunErr(program))
}

// RunErr runs program under the mocks and returns its error.
func (r *Recorder) RunErr(program pulumi.RunFunc) error {
	return pulumi.RunErr(program, pulumi.WithMocks("mlkube", "test", r), func(info *pulumi.RunInfo) { info.DryRun = false })
}

// All returns the registrations sorted by type and name.
func (r *Recorder) All() []pulumi.MockResourceArgs {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]pulumi.MockResourceArgs(nil), r.seen...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].TypeToken != out[j].TypeToken {
			return out[i].TypeToken < out[j].TypeToken
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// OfType returns the registrations of one type.
func (r *Recorder) OfType(typ string) []pulumi.MockResourceArgs {
	var out []pulumi.MockResourceArgs
	for _, a := range r.All() {
		if a.TypeToken == typ {
			out = append(out, a)
		}
	}
	return out
}

// One returns the registration of a type and name, failing the test if absent.
func (r *Recorder) One(t *testing.T, typ, name string) pulumi.MockResourceArgs {
	t.Helper()
	for _, a := range r.All() {
		if a.TypeToken == typ && a.Name == name {
			return a
		}
	}
	require.FailNowf(t, "resource not registered", "%s %s", typ, name)
	return pulumi.MockResourceArgs{}
}

// Plain returns the inputs as plain Go values (secrets unwrapped).
func Plain(args pulumi.MockResourceArgs) map[string]any {
	return args.Inputs.Mappable()
}
