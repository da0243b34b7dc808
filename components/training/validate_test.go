package training

import (
	"errors"
	"testing"

	"github.com/mlkube/mlkube/components/workload"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validArgs() Args {
	return Args{Pod: Pod{
		Namespace: "ml",
		Container: workload.Container{Image: "ghcr.io/acme/trainer@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		Resources: Resources{
			Requests: map[string]string{"cpu": "8", "memory": "64Gi"},
			Limits:   map[string]string{"cpu": "8", "memory": "64Gi"},
		},
	}}
}

func TestValidate(t *testing.T) {
	require.NoError(t, validate("train", withDefaults(validArgs())))

	for _, tc := range []struct {
		name  string
		edit  func(a *Args)
		field string
	}{
		{"latest", func(a *Args) { a.Image = "trainer:latest" }, "Image"},
		{"negative GPUs", func(a *Args) { a.GPUs = -1 }, "GPUs"},
		{"request above limit", func(a *Args) { a.Resources.Requests["cpu"] = "16" }, `Resources.Requests["cpu"]`},
		{"secret without key", func(a *Args) { a.SecretEnv = map[string]SecretKeyRef{"TOKEN": {Secret: "hf"}} }, `SecretEnv["TOKEN"]`},
		{"secret also plain", func(a *Args) {
			a.Env = map[string]string{"TOKEN": "x"}
			a.SecretEnv = map[string]SecretKeyRef{"TOKEN": {Secret: "hf", Key: "token"}}
		}, `SecretEnv["TOKEN"]`},
		{"reserved env", func(a *Args) { a.Env = map[string]string{"RANK": "0"} }, `Env["RANK"]`},
		{"restart policy", func(a *Args) { a.RestartPolicy = "Always" }, "RestartPolicy"},
		{"TTL on a one-shot job", func(a *Args) { n := 60; a.TTLSecondsAfterFinished = &n }, "TTLSecondsAfterFinished"},
		{"negative TTL", func(a *Args) { n := -1; a.Schedule, a.TTLSecondsAfterFinished = "@daily", &n }, "TTLSecondsAfterFinished"},
		{"negative backoff", func(a *Args) { n := -1; a.BackoffLimit = &n }, "BackoffLimit"},
		{"bad schedule", func(a *Args) { a.Schedule = "every day" }, "Schedule"},
		{"bad concurrency", func(a *Args) { a.Schedule, a.ConcurrencyPolicy = "@daily", "Sometimes" }, "ConcurrencyPolicy"},
		{"concurrency without schedule", func(a *Args) { a.ConcurrencyPolicy = ConcurrencyAllow }, "ConcurrencyPolicy"},
		{"distributed cron must forbid", func(a *Args) {
			a.Schedule, a.ConcurrencyPolicy, a.Distributed = "@daily", ConcurrencyAllow, &Distributed{Nodes: 2}
		}, "ConcurrencyPolicy"},
		{"one node", func(a *Args) { a.Distributed = &Distributed{Nodes: 1} }, "Distributed.Nodes"},
		{"distributed and completions", func(a *Args) { a.Distributed, a.Completions = &Distributed{Nodes: 2}, 4 }, "Completions"},
		{"exit code 0", func(a *Args) { a.NonRetriableExitCodes = []int{0} }, "NonRetriableExitCodes[0]"},
		{"exit codes need Never", func(a *Args) { a.RestartPolicy, a.NonRetriableExitCodes = RestartOnFailure, []int{3} }, "NonRetriableExitCodes"},
		{"stage image", func(a *Args) { a.StageData = &Stage{Image: "stager"} }, "StageData.Image"},
		{"same paths", func(a *Args) { a.CheckpointPath = "/data" }, "CheckpointPath"},
		{"tmp path", func(a *Args) { a.DataPath = "/tmp" }, "DataPath"},
		{"same volumes", func(a *Args) { a.DataVolume, a.CheckpointVolume = "v", "v" }, "CheckpointVolume"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := validArgs()
			tc.edit(&a)
			err := validate("train", withDefaults(a))
			require.Error(t, err)
			var fe *FieldError
			require.True(t, errors.As(err, &fe))
			assert.Contains(t, err.Error(), tc.field+": ")
			assert.Contains(t, err.Error(), `mlkube:workloads:TrainingJob "train"`)
		})
	}
}
