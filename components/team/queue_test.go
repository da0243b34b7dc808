package team

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type standIn struct{ pulumi.CustomResourceState }

const tLocalQueue = "kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue"

// TestLocalQueue: a queued team's namespace has one LocalQueue that points
// at the team's ClusterQueue and waits for the namespace and for Kueue.
func TestLocalQueue(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		kueue := &standIn{}
		if err := ctx.RegisterResource("test:kueue:Release", "kueue-release", pulumi.Map{}, kueue); err != nil {
			return err
		}
		a := teamArgs()
		a.Queue = &Queue{Name: "training", ClusterQueue: "vision", After: []pulumi.Resource{kueue}}
		_, err := NewTeam(ctx, "team-vision", a, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	mocktest.CheckHouse(t, rec, mocktest.House{Component: TypeToken, Prefix: "team-vision-", Provider: mocktest.ProviderName, Labels: mocktest.Recommended})

	reg := rec.One(t, tLocalQueue)
	q := mocktest.Plain(reg)
	meta, spec := q["metadata"].(map[string]any), q["spec"].(map[string]any)
	assert.Equal(t, "training", meta["name"])
	assert.Equal(t, "vision", meta["namespace"])
	assert.Equal(t, "vision", spec["clusterQueue"])
	assert.True(t, mocktest.WaitsFor(reg, tNamespace, "team-vision-namespace"), "waits for its namespace")
	assert.True(t, mocktest.WaitsFor(reg, "test:kueue:Release", "kueue-release"), "waits for Kueue")

	bad := teamArgs()
	bad.Queue = &Queue{Name: "Training!", ClusterQueue: ""}
	assert.ErrorContains(t, validate(withDefaults("vision", *bad)), "Queue.Name")
	assert.ErrorContains(t, validate(withDefaults("vision", *bad)), "Queue.ClusterQueue")
}

func TestNoLocalQueue(t *testing.T) {
	rec := run(t, teamArgs())
	assert.Empty(t, rec.ByType(tLocalQueue))
}
