// Package mocktest runs Pulumi programs under mlkube's one mock engine
// (internal/mock, which the offline plan uses too) for the tests of
// providers, addons and components, and carries the house checks: every
// object parented and prefixed with its component's name, the recommended
// labels, strict decoding into k8s.io/api types, outputs registered once
// per component.
package mocktest

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/mock"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// Recorder is the mock engine with test accessors. Its zero value echoes
// inputs and refuses invokes.
type Recorder struct{ mock.Recorder }

// New returns a Recorder that answers with offline data (a provider's
// cluster.Offline).
func New(o cluster.Offline) *Recorder {
	return &Recorder{mock.Recorder{Outputs: o.Outputs, Fallback: o.Fallback, Invokes: o.Invokes}}
}

// WithOutputs returns a Recorder that adds computed outputs per type.
func WithOutputs(outputs map[string]cluster.OutputsFunc) *Recorder {
	return New(cluster.Offline{Outputs: outputs})
}

// Run runs program under the recorder and fails the test on error.
func (r *Recorder) Run(t *testing.T, program pulumi.RunFunc) {
	t.Helper()
	require.NoError(t, r.RunErr(program))
}

// RunErr runs program under the recorder, as an update (every output
// resolves), and returns its error.
func (r *Recorder) RunErr(program pulumi.RunFunc) error {
	return pulumi.RunErr(program, pulumi.WithMocks("mlkube", "test", r), func(info *pulumi.RunInfo) { info.DryRun = false })
}

// One returns the registration of a type and name, or with no name the
// type's only registration; anything else fails the test.
func (r *Recorder) One(t *testing.T, typ string, name ...string) pulumi.MockResourceArgs {
	t.Helper()
	got := r.ByType(typ)
	if len(name) == 0 {
		require.Len(t, got, 1, "registrations of %s", typ)
		return got[0]
	}
	for _, a := range got {
		if a.Name == name[0] {
			return a
		}
	}
	require.FailNowf(t, "resource not registered", "%s %s", typ, name[0])
	return pulumi.MockResourceArgs{}
}

// Kubernetes returns every registration of a Kubernetes object (not the
// provider), in the order they arrived.
func (r *Recorder) Kubernetes() []pulumi.MockResourceArgs {
	var out []pulumi.MockResourceArgs
	for _, a := range r.Registered() {
		if strings.HasPrefix(a.TypeToken, "kubernetes:") {
			out = append(out, a)
		}
	}
	return out
}

// ProviderName is the logical name of the kubernetes provider Run creates.
const ProviderName = "k8s"

// Run runs program under a new recorder with a kubernetes provider that the
// program passes to its component with pulumi.Provider, and returns the
// recorder and the program's error.
func Run(program func(ctx *pulumi.Context, provider pulumi.ProviderResource) error) (*Recorder, error) {
	rec := New(cluster.Offline{})
	err := rec.RunErr(func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, ProviderName, &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		return program(ctx, p)
	})
	return rec, err
}
