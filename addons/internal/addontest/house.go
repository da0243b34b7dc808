package addontest

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
)

// Addon says which addon House checks and on which clusters.
type Addon struct {
	// Type is the addon's component type token.
	Type string
	// Name is the addon's mlkube.io/addon label value.
	Name string
	// Kinds are the fixture kinds to run on.
	Kinds []string
}

// House runs one addon's New (program) on its own, on the fixture of each
// kind, and asserts the house rules on all it registers (see
// mocktest.CheckHouse): every Kubernetes object is a child of the addon's
// component on the cluster's provider, decodes strictly into its
// k8s.io/api type, has an explicit name (and namespace when namespaced);
// every object but a Helm release (whose chart labels what it renders)
// carries mlkube.io/addon; the component registers its outputs once.
// Addon objects keep the logical names they shipped with (a prefix would
// change their URNs), so no prefix.
func House(t *testing.T, a Addon, program func(ctx *pulumi.Context, cl *cluster.Cluster) error) {
	t.Helper()
	for _, kind := range a.Kinds {
		t.Run(kind, func(t *testing.T) {
			r := Run(t, Fixture{Kind: kind, Storage: true}, program)
			objects := r.Kubernetes()
			assert.NotEmpty(t, objects, "%s registers no Kubernetes object", a.Type)
			assert.Len(t, r.ByType(a.Type), 1, a.Type)
			for _, o := range objects {
				assert.Contains(t, o.RegisterRPC.GetParent(), "::"+a.Type, "%s %s: parent", o.TypeToken, o.Name)
				if o.TypeToken == ReleaseType {
					continue
				}
				got, _ := Get(mocktest.Plain(o), "metadata", "labels", labels.Addon).(string)
				assert.Equal(t, a.Name, got, "%s %s: label %s", o.TypeToken, o.Name, labels.Addon)
			}
			mocktest.CheckHouse(t, r, mocktest.House{Component: a.Type, Provider: ProviderName})
		})
	}
}
