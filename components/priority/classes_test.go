package priority

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOrder(t *testing.T) {
	// Highest first: production before dev, then serving before training.
	order := []Class{For(Serving, true), For(Training, true), For(Serving, false), For(Training, false)}
	for i := 1; i < len(order); i++ {
		assert.Greater(t, order[i-1].Value, order[i].Value, "%s above %s", order[i-1].Name, order[i].Name)
	}
	for _, c := range order {
		assert.Less(t, c.Value, 1000000000, "%s below the classes reserved for the system", c.Name)
		assert.Greater(t, c.Value, 0, "%s above pods without a class", c.Name)
	}
}

func TestFor(t *testing.T) {
	tests := []struct {
		kind       string
		production bool
		name       string
		preemption string
	}{
		{Serving, true, "mlkube-serving-production", PreemptLowerPriority},
		{Training, true, "mlkube-training-production", PreemptNever},
		{Serving, false, "mlkube-serving-dev", PreemptLowerPriority},
		{Training, false, "mlkube-training-dev", PreemptNever},
	}
	for _, tt := range tests {
		c := For(tt.kind, tt.production)
		assert.Equal(t, tt.name, c.Name)
		assert.Equal(t, tt.preemption, c.PreemptionPolicy, c.Name)
		assert.NotEmpty(t, c.Description, c.Name)
	}
}

func TestClasses(t *testing.T) {
	tests := []struct {
		name                          string
		production, serving, training bool
		want                          []string
	}{
		{"both, dev", false, true, true, []string{"mlkube-serving-dev", "mlkube-training-dev"}},
		{"serving only, production", true, true, false, []string{"mlkube-serving-production"}},
		{"training only", false, false, true, []string{"mlkube-training-dev"}},
		{"no workloads", true, false, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range Classes(tt.production, tt.serving, tt.training) {
				got = append(got, c.Name)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
