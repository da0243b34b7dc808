package platform

import (
	"errors"
	"fmt"
	"testing"

	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/components/workload"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStackKey(t *testing.T) {
	for _, tc := range []struct{ field, want string }{
		{"Image", "image"},
		{`Resources.Limits["cpu"]`, "resources.limits.cpu"},
		{`Env["MODEL_PATH"]`, "env.MODEL_PATH"},
		{"Model.DownloaderImage", "model.downloaderImage"},
		{"Autoscaling.Metrics[1].Target", "autoscaling.metrics[1].target"},
		{"Autoscaling.CPUPercent", "autoscaling.cpu"},
		{"GPUs", "gpu"},
		{"Tolerations[0].Key", "pool"},
		{"Namespace", "team"},
		{"RunAsUser", ""},
	} {
		assert.Equal(t, tc.want, stackKey(tc.field, inferenceKeys), tc.field)
	}
	assert.Equal(t, "ttlSecondsAfterFinished", stackKey("TTLSecondsAfterFinished", trainingKeys))
	assert.Equal(t, "class", stackKey("StorageClass", volumeKeys))
}

// A component's own validation speaks of its Args fields; the stack user
// reads them under the workload's key path, in the form of every other
// stack error.
func TestComponentErrorsNameTheStackKey(t *testing.T) {
	a := &inference.Args{
		Pod: inference.Pod{
			Namespace: "ml", Container: workload.Container{Image: "r/s:latest"},
			Resources: inference.Resources{Requests: map[string]string{"cpu": "2", "memory": "1Gi"}, Limits: map[string]string{"cpu": "1", "memory": "1Gi"}},
		},
		Model: inference.Model{Source: "s3://b/m"},
	}
	// Invalid arguments are refused before the context is used.
	_, err := inference.NewInferenceService(nil, "ml-svc", a)
	require.Error(t, err)
	got := stackErrors("workloads.inference[2]", err, inferenceKeys)
	var paths []string
	for _, e := range got {
		paths = append(paths, e.Path)
	}
	assert.Contains(t, paths, "workloads.inference[2].image")
	assert.Contains(t, paths, "workloads.inference[2].resources.requests.cpu")
	for _, e := range got {
		assert.NotContains(t, e.Error(), "mlkube:workloads:InferenceService", "the stack key replaces the component's name")
	}

	plain := stackErrors("workloads.training[0]", fmt.Errorf("wrapped: %w", errors.New("no provider")), trainingKeys)
	assert.Equal(t, config.Errors{{Path: "workloads.training[0]", Message: "wrapped: no provider"}}, plain)
}

// A field of the shared pod model is named by the same stack key under
// services and jobs (the grace period is the exception: a job's is
// checkpointGraceSeconds).
func TestPodFieldsHaveOneStackKey(t *testing.T) {
	for _, tc := range []struct{ field, want string }{
		{"Namespace", "team"}, {"Image", "image"}, {"Arguments", "args"}, {"GPUs", "gpu"}, {"GPUResourceName", "pool"},
		{"Tolerations[0].Key", "pool"}, {"PriorityClassName", ""}, {"RuntimeClassName", "runtimeClassName"},
		{`SecretEnv["HF_TOKEN"].Secret`, "secretEnv.HF_TOKEN.secret"}, {"SharedMemorySize", ""},
	} {
		assert.Equal(t, tc.want, stackKey(tc.field, inferenceKeys), "service: %s", tc.field)
		assert.Equal(t, tc.want, stackKey(tc.field, trainingKeys), "job: %s", tc.field)
	}
	assert.Equal(t, "checkpointGraceSeconds", stackKey("TerminationGracePeriodSeconds", trainingKeys))
	assert.Equal(t, "terminationGracePeriodSeconds", stackKey("TerminationGracePeriodSeconds", inferenceKeys))
}
