package inference

import (
	"testing"

	"github.com/mlkube/mlkube/internal/labels"
	"github.com/stretchr/testify/assert"
)

// The canary's pods carry the track label on top of the stable's labels,
// and the stable's own labels are left as they were.
func TestCanaryArgsTrackLabel(t *testing.T) {
	a := validArgs()
	a.Labels = map[string]string{"tier": "gold"}
	a.Expose = Expose{Type: ExposeIngress, Host: "h.example.com", CanaryAnnotations: true, Canary: &Canary{Image: "r/m:2.0", Weight: 10, Replicas: 2}}
	c := canaryArgs(a)
	assert.Equal(t, map[string]string{"tier": "gold", labels.Track: "canary"}, c.Labels)
	assert.Equal(t, map[string]string{"tier": "gold"}, a.Labels, "the stable's labels are not modified")
	assert.Equal(t, "r/m:2.0", c.Image)
	assert.Equal(t, 2, c.Replicas)
	assert.Nil(t, c.Autoscaling, "a canary is never autoscaled")
}
