package training

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
)

// TestQueuedDistributedJob: a queued distributed job is one suspended
// Indexed Job in its team's queue, at its priority, whose suspend field
// the engine leaves to Kueue.
func TestQueuedDistributedJob(t *testing.T) {
	a := validArgs()
	a.Name = "pretrain"
	a.GPUs = 8
	a.Distributed = &Distributed{Nodes: 4}
	a.Queue, a.PriorityClassName = "training", "mlkube-training-production"
	a.CheckpointVolume = "pretrain-ckpt"
	rec := run(t, "ml-pretrain", &a)

	reg := rec.One(t, tJob)
	j := mocktest.Decode[batchv1.Job](t, reg)
	assert.Equal(t, "training", j.Labels["kueue.x-k8s.io/queue-name"])
	require.NotNil(t, j.Spec.Suspend)
	assert.True(t, *j.Spec.Suspend, "created suspended: no pod before Kueue admits all of them")
	assert.Equal(t, []string{"spec.suspend"}, reg.RegisterRPC.GetIgnoreChanges(), "Kueue owns suspend once the Job exists")
	assert.Equal(t, int32(4), *j.Spec.Parallelism, "one Workload of all the job's pods")
	assert.Equal(t, int32(4), *j.Spec.Completions)
	assert.Equal(t, batchv1.IndexedCompletion, *j.Spec.CompletionMode)
	pod := j.Spec.Template.Spec
	assert.Equal(t, "mlkube-training-production", pod.PriorityClassName)
	assert.Equal(t, int64(DefaultCheckpointGraceSeconds), *pod.TerminationGracePeriodSeconds, "time to checkpoint when preempted")
}

func TestUnqueuedJob(t *testing.T) {
	a := validArgs()
	a.Name = "plain"
	rec := run(t, "ml-plain", &a)
	reg := rec.One(t, tJob)
	j := mocktest.Decode[batchv1.Job](t, reg)
	assert.NotContains(t, j.Labels, "kueue.x-k8s.io/queue-name")
	assert.Nil(t, j.Spec.Suspend, "runs at once without Kueue")
	assert.Empty(t, reg.RegisterRPC.GetIgnoreChanges())
	assert.Empty(t, j.Spec.Template.Spec.PriorityClassName)
	assert.Nil(t, j.Spec.Template.Spec.TerminationGracePeriodSeconds, "Kubernetes' default without a checkpoint")
}

func TestQueuedCronJob(t *testing.T) {
	a := validArgs()
	a.Name = "nightly"
	a.Schedule = "0 3 * * *"
	a.Queue = "training"
	a.TerminationGracePeriodSeconds = 45
	rec := run(t, "ml-nightly", &a)
	reg := rec.One(t, tCronJob)
	c := mocktest.Decode[batchv1.CronJob](t, reg)
	assert.Equal(t, "training", c.Spec.JobTemplate.Labels["kueue.x-k8s.io/queue-name"], "each Job it creates is queued")
	assert.Nil(t, c.Spec.JobTemplate.Spec.Suspend, "Kueue's webhook suspends each new Job")
	assert.Equal(t, int64(45), *c.Spec.JobTemplate.Spec.Template.Spec.TerminationGracePeriodSeconds)
}

func TestQueueValidation(t *testing.T) {
	a := validArgs()
	a.Queue, a.PriorityClassName, a.TerminationGracePeriodSeconds = "Not_A_Name", "also bad", -1
	err := Validate("x", a)
	require.Error(t, err)
	for _, f := range []string{"Queue", "PriorityClassName", "TerminationGracePeriodSeconds"} {
		assert.ErrorContains(t, err, f)
	}
}
