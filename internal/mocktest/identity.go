package mocktest

import (
	"sync"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// RunIdentity builds p's cluster from cfg and asks its hook for one
// workload's identity, at the top level of the program as the platform
// does. The annotations are the identity's once resolved (nil when it
// gives none).
func RunIdentity(t *testing.T, p cluster.Provider, cfg *config.Config, req cluster.IdentityRequest) (*ClusterRun, cluster.Identity, map[string]string) {
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
