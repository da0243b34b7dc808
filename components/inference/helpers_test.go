package inference

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	appsv1 "k8s.io/api/apps/v1"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStartupFailureThreshold(t *testing.T) {
	for _, tc := range []struct{ seconds, period, want int }{
		{600, 10, 60}, {605, 10, 61}, {10, 10, 1}, {0, 10, 1}, {1800, 10, 180}, {30, 0, 30},
	} {
		assert.Equal(t, tc.want, startupFailureThreshold(tc.seconds, tc.period), "%ds / %ds", tc.seconds, tc.period)
	}
}

func TestDownloadCommand(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"s3://models/llama/v3/", []string{"rclone", "copy", "--fast-list", ":s3,provider=AWS,env_auth=true:models/llama/v3", "/models"}},
		{"gs://bucket/m", []string{"rclone", "copy", "--fast-list", ":gcs,env_auth=true:bucket/m", "/models"}},
		{"gs://bucket", []string{"rclone", "copy", "--fast-list", ":gcs,env_auth=true:bucket", "/models"}},
		{"az://acct/container/path/to", []string{"rclone", "copy", "--fast-list", ":azureblob,env_auth=true,account=acct:container/path/to", "/models"}},
		{"https://example.com/m.onnx", []string{"rclone", "copyurl", "--auto-filename", "https://example.com/m.onnx", "/models"}},
	} {
		s, err := parseSource(tc.src)
		require.NoError(t, err, tc.src)
		assert.Equal(t, tc.want, downloadCommand(s, "/models"), tc.src)
	}
	for _, bad := range []string{"http://example.com/m", "ftp://x/y", "s3:///key", "az://acct", "/local/path", "models"} {
		_, err := parseSource(bad)
		assert.Error(t, err, bad)
	}
}

func TestConfigHash(t *testing.T) {
	a := map[string]string{"A": "1", "B": "2"}
	assert.Equal(t, configHash(a), configHash(map[string]string{"B": "2", "A": "1"}), "order-independent")
	assert.NotEqual(t, configHash(a), configHash(map[string]string{"A": "1", "B": "3"}))
	assert.NotEqual(t, configHash(map[string]string{"A": "1B"}), configHash(map[string]string{"A1": "B"}))
	assert.Len(t, configHash(nil), 16)
}

func TestDefaults(t *testing.T) {
	a := withDefaults(Args{Model: Model{Source: "s3://b/k"}, Autoscaling: &Autoscaling{Max: 4}, Expose: Expose{Type: ExposeIngress}})
	assert.Equal(t, DefaultReplicas, a.Replicas)
	assert.Equal(t, 8080, a.Probes.Port, "probe port follows the server port")
	assert.Equal(t, DefaultDownloaderImage, a.Model.DownloaderImage)
	assert.Equal(t, "nvidia.com/gpu", a.GPUResourceName)
	assert.Equal(t, DefaultReplicas, a.Autoscaling.Min, "the fixed replica count is the autoscaler's floor")
	assert.Equal(t, 70, a.Autoscaling.CPUPercent, "CPU target when no metric is given")
	assert.Equal(t, 300, *a.Autoscaling.ScaleDownStabilizationSeconds)
	assert.Equal(t, []string{DefaultIngressNamespace}, a.Expose.IngressNamespaces)

	c := withDefaults(Args{Replicas: 3, Autoscaling: &Autoscaling{Max: 9, Metrics: []Metric{{Name: "q", Target: "1"}}}})
	assert.Equal(t, 3, c.Autoscaling.Min, "an explicit replica count is the floor")
	assert.Equal(t, MetricPods, c.Autoscaling.Metrics[0].Type, "metrics are per pod unless said otherwise")

	zero := 0
	b := withDefaults(Args{Autoscaling: &Autoscaling{Min: 3, Max: 9, MemoryPercent: 80, ScaleDownStabilizationSeconds: &zero}})
	assert.Equal(t, 0, b.Autoscaling.CPUPercent, "no CPU default when another metric is set")
	assert.Equal(t, 0, *b.Autoscaling.ScaleDownStabilizationSeconds, "explicit zero is kept")
}

func TestStrictDecodeRejectsMisspelledField(t *testing.T) {
	a := pulumi.MockResourceArgs{TypeToken: "kubernetes:apps/v1:Deployment", Name: "x", Inputs: resource.NewPropertyMapFromMap(map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "x"},
		"spec":     map[string]any{"replica": 1},
	})}
	err := mocktest.DecodeStrict(a, &appsv1.Deployment{})
	assert.ErrorContains(t, err, `unknown field "replica"`)
}
