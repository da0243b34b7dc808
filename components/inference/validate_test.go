package inference

import (
	"errors"
	"testing"

	"github.com/mlkube/mlkube/components/workload"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validArgs are the smallest Args that pass validation.
func validArgs() Args {
	return Args{
		Pod: Pod{
			Namespace: "team-a",
			Container: workload.Container{Image: "ghcr.io/acme/server:1.4.2"},
			Resources: Resources{
				Requests: map[string]string{"cpu": "2", "memory": "8Gi"},
				Limits:   map[string]string{"cpu": "4", "memory": "8Gi"},
			},
		},
		Model: Model{Source: "s3://models/llama"},
	}
}

func TestValidate(t *testing.T) {
	require.NoError(t, validate("llama", withDefaults(validArgs())))

	for _, tc := range []struct {
		name  string
		edit  func(a *Args)
		field string
	}{
		{"latest tag", func(a *Args) { a.Image = "ghcr.io/acme/server:latest" }, "Image"},
		{"no tag", func(a *Args) { a.Image = "ghcr.io/acme/server" }, "Image"},
		{"registry port is not a tag", func(a *Args) { a.Image = "registry:5000/acme/server" }, "Image"},
		{"empty image", func(a *Args) { a.Image = "" }, "Image"},
		{"bad digest", func(a *Args) { a.Image = "ghcr.io/acme/server@sha256:xyz" }, "Image"},
		{"negative GPUs", func(a *Args) { a.GPUs = -1 }, "GPUs"},
		{"request above limit", func(a *Args) { a.Resources.Requests["memory"] = "16Gi" }, `Resources.Requests["memory"]`},
		{"missing cpu limit", func(a *Args) { delete(a.Resources.Limits, "cpu") }, `Resources.Limits["cpu"]`},
		{"bad quantity", func(a *Args) { a.Resources.Requests["cpu"] = "two" }, `Resources.Requests["cpu"]`},
		{"GPU in resources", func(a *Args) { a.Resources.Limits["nvidia.com/gpu"] = "1" }, `Resources.Limits["nvidia.com/gpu"]`},
		{"no namespace", func(a *Args) { a.Namespace = "" }, "Namespace"},
		{"no model", func(a *Args) { a.Model = Model{} }, "Model"},
		{"no model", func(a *Args) { a.Model.Source = "" }, "Model"},
		{"node port out of range", func(a *Args) { a.Expose = Expose{Type: ExposeNodePort, NodePort: 8080} }, "Expose.NodePort"},
		{"node port on a ClusterIP", func(a *Args) { a.Expose = Expose{NodePort: 30050} }, "Expose.NodePort"},
		{"bad traffic distribution", func(a *Args) { a.Expose.TrafficDistribution = "Nearest" }, "Expose.TrafficDistribution"},
		{"ingress path without slash", func(a *Args) { a.Expose = Expose{Type: ExposeIngress, Host: "h.example.com", Path: "models"} }, "Expose.Path"},
		{"canary without ingress", func(a *Args) { a.Expose.Canary = &Canary{Image: "r/m:2.0", Weight: 10} }, "Expose.Canary"},
		{"canary through a controller that does not split", func(a *Args) {
			a.Expose = Expose{Type: ExposeIngress, Host: "h.example.com", IngressClass: "alb", Canary: &Canary{Image: "r/m:2.0", Weight: 10}}
		}, "Expose.Canary"},
		{"canary weight", func(a *Args) {
			a.Expose = Expose{Type: ExposeIngress, Host: "h.example.com", CanaryAnnotations: true, Canary: &Canary{Image: "r/m:2.0", Weight: 110}}
		}, "Expose.Canary.Weight"},
		{"canary mutable image", func(a *Args) {
			a.Expose = Expose{Type: ExposeIngress, Host: "h.example.com", CanaryAnnotations: true, Canary: &Canary{Image: "r/m:latest", Weight: 10}}
		}, "Expose.Canary.Image"},
		{"secret env without key", func(a *Args) { a.SecretEnv = map[string]SecretKeyRef{"TOKEN": {Secret: "s"}} }, `SecretEnv["TOKEN"]`},
		{"secret env also plain", func(a *Args) {
			a.Env = map[string]string{"TOKEN": "x"}
			a.SecretEnv = map[string]SecretKeyRef{"TOKEN": {Secret: "s", Key: "k"}}
		}, `SecretEnv["TOKEN"]`},
		{"scale-up period", func(a *Args) { a.Autoscaling = &Autoscaling{Max: 2, ScaleUpPeriodSeconds: 3600} }, "Autoscaling.ScaleUpPeriodSeconds"},
		{"unknown scheme", func(a *Args) { a.Model.Source = "ftp://x/y" }, "Model.Source"},
		{"reserved env", func(a *Args) { a.Env = map[string]string{"MODEL_VERSION": "v9"} }, `Env["MODEL_VERSION"]`},
		{"model path outside the model", func(a *Args) { a.Env = map[string]string{"MODEL_PATH": "/x/model.joblib"} }, `Env["MODEL_PATH"]`},
		{"model path escaping the model", func(a *Args) { a.Env = map[string]string{"MODEL_PATH": "/models/../etc/passwd"} }, `Env["MODEL_PATH"]`},
		{"relative model path", func(a *Args) { a.Env = map[string]string{"MODEL_PATH": "model.joblib"} }, `Env["MODEL_PATH"]`},
		{"grace below drain", func(a *Args) { a.DrainSeconds, a.TerminationGracePeriodSeconds = 30, 20 }, "TerminationGracePeriodSeconds"},
		{"root user", func(a *Args) { a.RunAsUser = -5 }, "RunAsUser"},
		{"max below min", func(a *Args) { a.Autoscaling = &Autoscaling{Min: 3, Max: 2} }, "Autoscaling.Max"},
		{"bad metric", func(a *Args) {
			a.Autoscaling = &Autoscaling{Max: 2, Metrics: []Metric{{Type: "object", Name: "q", Target: "10"}}}
		}, "Autoscaling.Metrics[0].Type"},
		{"bad metric target", func(a *Args) {
			a.Autoscaling = &Autoscaling{Max: 2, Metrics: []Metric{{Type: MetricPods, Name: "q", Target: "-1"}}}
		}, "Autoscaling.Metrics[0].Target"},
		{"bad expose", func(a *Args) { a.Expose.Type = "NodePort" }, "Expose.Type"},
		{"bad toleration", func(a *Args) { a.Tolerations = []Toleration{{Key: "k", Operator: "Exists", Value: "v"}} }, "Tolerations[0].Value"},
		{"bad cidr", func(a *Args) { a.Expose = Expose{Type: ExposeInternalLoadBalancer, SourceCIDRs: []string{"10.0.0.0"}} }, "Expose.SourceCIDRs[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := validArgs()
			tc.edit(&a)
			err := validate("llama", withDefaults(a))
			require.Error(t, err)
			var fe *FieldError
			require.True(t, errors.As(err, &fe), "error %v has no FieldError", err)
			assert.Contains(t, err.Error(), tc.field+": ")
			assert.Contains(t, err.Error(), `mlkube:workloads:InferenceService "llama"`)
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	a := validArgs()
	a.Image, a.GPUs, a.Namespace = "server:latest", -2, ""
	err := validate("llama", withDefaults(a))
	require.Error(t, err)
	for _, f := range []string{"Image: ", "GPUs: ", "Namespace: "} {
		assert.Contains(t, err.Error(), f)
	}
}

func TestValidateName(t *testing.T) {
	assert.ErrorContains(t, validate("Llama_7B", withDefaults(validArgs())), "Name: ")
	assert.ErrorContains(t, validate("a-name-that-is-far-too-long-for-a-kubernetes-service-x", withDefaults(validArgs())), "Name: ")
}
