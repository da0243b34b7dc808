package training

import (
	"testing"

	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/stretchr/testify/assert"
	batchv1 "k8s.io/api/batch/v1"
)

// TestNeedsEgressIsDeclaredOnTheJob: the data a job reads is declared on
// the Job or CronJob itself (beside skipAwait), never on its pod template,
// and nothing is declared when the job reads nothing.
func TestNeedsEgressIsDeclaredOnTheJob(t *testing.T) {
	a := validArgs()
	a.NeedsEgress = []string{"objectStorage"}
	j := mocktest.Decode[batchv1.Job](t, run(t, "reader", &a).One(t, tJob))
	assert.Equal(t, "objectStorage", j.Annotations[labels.NeedsEgress])
	assert.Equal(t, "true", j.Annotations[SkipAwaitAnnotation])
	assert.NotContains(t, j.Spec.Template.Annotations, labels.NeedsEgress)

	a.Schedule = "0 3 * * *"
	a.RestartPolicy = RestartOnFailure
	c := mocktest.Decode[batchv1.CronJob](t, run(t, "nightly", &a).One(t, tCronJob))
	assert.Equal(t, "objectStorage", c.Annotations[labels.NeedsEgress])

	b := validArgs()
	j = mocktest.Decode[batchv1.Job](t, run(t, "plain", &b).One(t, tJob))
	assert.NotContains(t, j.Annotations, labels.NeedsEgress)
}
