package mocktest

import (
	"sync"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// Registration is one recorded resource with its inputs as plain values.
type Registration struct {
	pulumi.MockResourceArgs
	In map[string]any
}

// Waits are every URN the resource waits for.
func (r Registration) Waits() []string { return Waits(r.MockResourceArgs) }

// DependsOn reports whether the resource waits for other.
func (r Registration) DependsOn(other Registration) bool {
	return WaitsFor(r.MockResourceArgs, other.TypeToken, other.Name)
}

// ClusterRun is one run of a cluster provider's New under a Recorder.
type ClusterRun struct {
	t   *testing.T
	Rec *Recorder
	// Res are the registrations in the order they arrived.
	Res        []Registration
	Cluster    *cluster.Cluster
	Kubeconfig string
	Err        error
}

// RunCluster runs build (a provider's New) under rec and, when it
// succeeds, waits for the cluster's kubeconfig. The program's error is in
// Err, for tests of what a provider refuses.
func RunCluster(t *testing.T, rec *Recorder, build func(ctx *pulumi.Context) (*cluster.Cluster, error)) *ClusterRun {
	t.Helper()
	r := &ClusterRun{t: t, Rec: rec}
	var wg sync.WaitGroup
	r.Err = rec.RunErr(func(ctx *pulumi.Context) error {
		c, err := build(ctx)
		if err != nil {
			return err
		}
		r.Cluster = c
		wg.Add(1)
		c.Kubeconfig.ApplyT(func(s string) string {
			r.Kubeconfig = s
			wg.Done()
			return s
		})
		return nil
	})
	if r.Err == nil {
		wg.Wait()
	}
	for _, a := range rec.Registered() {
		r.Res = append(r.Res, Registration{a, a.Inputs.Mappable()})
	}
	return r
}

// All returns the registrations of a type, in the order they arrived.
func (r *ClusterRun) All(typ string) []Registration {
	var out []Registration
	for _, x := range r.Res {
		if x.TypeToken == typ {
			out = append(out, x)
		}
	}
	return out
}

// One returns the registration of a type and name, failing the test when
// there is none.
func (r *ClusterRun) One(typ, name string) Registration {
	r.t.Helper()
	for _, x := range r.Res {
		if x.TypeToken == typ && x.Name == name {
			return x
		}
	}
	require.Failf(r.t, "resource not registered", "%s %s", typ, name)
	return Registration{}
}

// ParseStack parses a stack's cluster and pools the way the engine hands
// them to the program.
func ParseStack(t *testing.T, env, clusterJSON, poolsJSON string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("mlkube", "test", map[string]string{
		"mlkube:environment": env,
		"mlkube:cluster":     clusterJSON,
		"mlkube:nodePools":   poolsJSON,
	})
	require.NoError(t, err)
	return cfg
}

// Planned returns the registrations as the offline engine hands them to a
// provider's node templates.
func (r *ClusterRun) Planned() []cluster.PlannedResource {
	out := make([]cluster.PlannedResource, 0, len(r.Res))
	for _, x := range r.Res {
		out = append(out, cluster.PlannedResource{URN: URN(x.MockResourceArgs), Type: x.TypeToken, Name: x.Name, Inputs: x.In, DependsOn: x.Waits()})
	}
	return out
}

// RunProvider runs a provider's New for the stack under the provider's own
// offline data, as the plan does.
func RunProvider(t *testing.T, p cluster.Source, cfg *config.Config) *ClusterRun {
	t.Helper()
	return RunCluster(t, New(p.Offline()), func(ctx *pulumi.Context) (*cluster.Cluster, error) {
		return p.New(ctx, cfg.Cluster.Name, cfg)
	})
}

// RunIdentity builds p's cluster from cfg and asks its hook for one
// workload's identity, at the top level of the program as the platform
// does. The annotations are the identity's once resolved (nil when it
// gives none).
func RunIdentity(t *testing.T, p cluster.Source, cfg *config.Config, req cluster.IdentityRequest) (*ClusterRun, cluster.Identity, map[string]string) {
	t.Helper()
	var wg sync.WaitGroup
	var annotations map[string]string
	var id cluster.Identity
	r := RunCluster(t, New(p.Offline()), func(ctx *pulumi.Context) (*cluster.Cluster, error) {
		c, err := p.New(ctx, cfg.Cluster.Name, cfg)
		if err != nil {
			return nil, err
		}
		if id, err = c.WorkloadIdentity(ctx, req); err != nil {
			return nil, err
		}
		if id.Annotations != nil {
			wg.Add(1)
			id.Annotations.ToStringMapOutput().ApplyT(func(a map[string]string) int { annotations = a; wg.Done(); return 0 })
		}
		return c, nil
	})
	require.NoError(t, r.Err)
	wg.Wait()
	return r, id, annotations
}
