package priority

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
)

const tPriorityClass = "kubernetes:scheduling.k8s.io/v1:PriorityClass"

func TestPriorityClasses(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := New(ctx, "priorities", &Args{Production: true, Serving: true, Training: true}, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	mocktest.CheckAll(t, rec, TypeToken, "priorities")

	got := map[string]*schedulingv1.PriorityClass{}
	for _, a := range rec.ByType(tPriorityClass) {
		pc := mocktest.Decode[schedulingv1.PriorityClass](t, a)
		got[pc.Name] = pc
	}
	require.Len(t, got, 2)
	serving, training := got["mlkube-serving-production"], got["mlkube-training-production"]
	require.NotNil(t, serving)
	require.NotNil(t, training)
	assert.Equal(t, int32(100000), serving.Value)
	assert.Equal(t, int32(90000), training.Value)
	assert.Equal(t, corev1.PreemptLowerPriority, *serving.PreemptionPolicy)
	assert.Equal(t, corev1.PreemptNever, *training.PreemptionPolicy, "training waits instead of evicting")
	assert.False(t, serving.GlobalDefault, "pods that name no class keep priority 0")
	assert.False(t, training.GlobalDefault)
}

func TestNoClassesWithoutWorkloads(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := New(ctx, "priorities", &Args{}, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	assert.Empty(t, rec.ByType(tPriorityClass))
}
