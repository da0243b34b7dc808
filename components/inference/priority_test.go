package inference

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/stretchr/testify/assert"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
)

// TestPriorityClass: the servers' pods carry the class; the model loader
// keeps none (its immutable template would otherwise replace it).
func TestPriorityClass(t *testing.T) {
	for _, tc := range []struct{ class, want string }{
		{"mlkube-serving-production", "mlkube-serving-production"},
		{"", ""},
	} {
		a := gpuArgs()
		a.PriorityClassName = tc.class
		rec := run(t, "ml-llm", a)
		d := mocktest.Decode[appsv1.Deployment](t, rec.One(t, tDeployment))
		assert.Equal(t, tc.want, d.Spec.Template.Spec.PriorityClassName)
		for _, reg := range rec.ByType("kubernetes:batch/v1:Job") {
			j := mocktest.Decode[batchv1.Job](t, reg)
			assert.Empty(t, j.Spec.Template.Spec.PriorityClassName, "loader %s", j.Name)
		}
	}
	a := gpuArgs()
	a.PriorityClassName = "Bad Class"
	assert.ErrorContains(t, Validate("x", *a), "PriorityClassName")
}
