package training

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMasterAddr(t *testing.T) {
	assert.Equal(t, "ddp-0.ddp.ml.svc", masterAddr("ddp", "ddp", "ml"))
	assert.Equal(t, "$(JOB_NAME)-0.ddp.ml.svc", masterAddr("$(JOB_NAME)", "ddp", "ml"))
}

func TestShape(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Args
		want string
	}{
		{"default", Args{}, shapeSingle},
		{"one completion", Args{Completions: 1}, shapeSingle},
		{"completions", Args{Completions: 8}, shapeParallel},
		{"parallelism", Args{Parallelism: 2}, shapeParallel},
		{"distributed", Args{Distributed: &Distributed{Nodes: 2}}, shapeDistributed},
	} {
		assert.Equal(t, tc.want, shape(tc.a), tc.name)
	}
}

func TestFailureRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Args
		want []failureRule
	}{
		{"never", Args{RestartPolicy: RestartNever}, []failureRule{{action: "Ignore"}}},
		{"on failure has none", Args{RestartPolicy: RestartOnFailure}, nil},
		{"exit codes fail the job", Args{RestartPolicy: RestartNever, NonRetriableExitCodes: []int{42}},
			[]failureRule{{action: "Ignore"}, {action: "FailJob", exitCodes: []int{42}}}},
		{"exit codes fail the index", Args{RestartPolicy: RestartNever, Completions: 4, NonRetriableExitCodes: []int{3}},
			[]failureRule{{action: "Ignore"}, {action: "FailIndex", exitCodes: []int{3}}}},
	} {
		assert.Equal(t, tc.want, failureRules(tc.a), tc.name)
	}
}

func TestDefaults(t *testing.T) {
	a := withDefaults(Args{Schedule: "@daily", Distributed: &Distributed{Nodes: 2}, StageData: &Stage{Image: "x:1"}})
	assert.Equal(t, 2, *a.BackoffLimit)
	assert.Nil(t, a.TTLSecondsAfterFinished, "no TTL unless asked for")
	assert.Equal(t, 86400, a.ActiveDeadlineSeconds)
	assert.Equal(t, RestartNever, a.RestartPolicy)
	assert.Equal(t, ConcurrencyForbid, a.ConcurrencyPolicy)
	assert.Equal(t, 29500, a.Distributed.Port)
	assert.Equal(t, "2Gi", a.StageData.Resources.Limits["memory"])
	assert.Empty(t, withDefaults(Args{}).ConcurrencyPolicy, "no policy without a schedule")
	zero := 0
	assert.Equal(t, 0, *withDefaults(Args{BackoffLimit: &zero}).BackoffLimit, "explicit zero is kept")
}
