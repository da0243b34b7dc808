// Package mocktest runs mlkube components under the Pulumi mock engine and
// checks what they register: every resource's type, name, inputs, options,
// parent and provider, and every Kubernetes object decoded strictly into its
// k8s.io/api type so that a misspelled field fails the test.
package mocktest

import (
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// Recorder is a pulumi.MockResourceMonitor that keeps every registration.
type Recorder struct {
	mu sync.Mutex
	// Resources are the registrations, in the order they arrived.
	Resources []pulumi.MockResourceArgs
	// OutputRegistrations counts RegisterResourceOutputs calls.
	OutputRegistrations int
}

// NewResource records the registration and echoes the inputs as outputs.
func (r *Recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Resources = append(r.Resources, args)
	return args.Name + "-id", args.Inputs, nil
}

// Call answers invokes with their arguments.
func (r *Recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return args.Args, nil
}

// ByType returns the registrations of a type token, sorted by name.
func (r *Recorder) ByType(token string) []pulumi.MockResourceArgs {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []pulumi.MockResourceArgs
	for _, a := range r.Resources {
		if a.TypeToken == token {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// One returns the single registration of a type token, failing otherwise.
func (r *Recorder) One(t *testing.T, token string) pulumi.MockResourceArgs {
	t.Helper()
	got := r.ByType(token)
	require.Len(t, got, 1, "registrations of %s", token)
	return got[0]
}

// Kubernetes returns every registration of a Kubernetes object (not the provider).
func (r *Recorder) Kubernetes() []pulumi.MockResourceArgs {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []pulumi.MockResourceArgs
	for _, a := range r.Resources {
		if strings.HasPrefix(a.TypeToken, "kubernetes:") {
			out = append(out, a)
		}
	}
	return out
}

// Names returns the logical names of every registration.
func (r *Recorder) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, a := range r.Resources {
		out = append(out, a.Name)
	}
	sort.Strings(out)
	return out
}

// ProviderName is the logical name of the kubernetes provider Run creates.
const ProviderName = "k8s"

// Run runs program under the mock engine with a kubernetes provider that the
// program is expected to pass to its component with pulumi.Provider, and
// returns the recorder and the program's error.
func Run(program func(ctx *pulumi.Context, provider pulumi.ProviderResource) error) (*Recorder, error) {
	rec := &Recorder{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, ProviderName, &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		return program(ctx, p)
	}, pulumi.WithMocks("mlkube", "test", rec))
	return rec, err
}

// Inputs returns a registration's inputs as plain Go values.
func Inputs(a pulumi.MockResourceArgs) map[string]any {
	return a.Inputs.Mappable()
}

// Get walks a path of map keys and slice indexes through plain values.
func Get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			require.True(t, ok, "at %q: %T is not a map", k, v)
			v, ok = m[k]
			require.True(t, ok, "key %q missing in %v", k, m)
		case int:
			s, ok := v.([]any)
			require.True(t, ok, "at [%d]: %T is not a list", k, v)
			require.Less(t, k, len(s))
			v = s[k]
		}
	}
	return v
}
