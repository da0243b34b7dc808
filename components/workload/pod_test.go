package workload_test

import (
	"testing"

	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/components/training"
	"github.com/mlkube/mlkube/components/workload"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// A field of the pod model means the same in a service and a job: the
// same Pod renders the same pod spec and main container in both.
func TestServicesAndJobsRenderThePodAlike(t *testing.T) {
	grace := 90
	pod := workload.Pod{
		Namespace: "ml",
		Container: workload.Container{
			Image: "ghcr.io/acme/ml:1.0", Command: []string{"python"}, Arguments: []string{"main.py"},
			Env:              map[string]string{"EPOCHS": "3"},
			SecretEnv:        map[string]workload.SecretKeyRef{"HF_TOKEN": {Secret: "hf", Key: "token"}},
			RuntimeClassName: "nvidia",
		},
		GPUs: 2, GPUResourceName: "nvidia.com/mig-1g.10gb",
		Resources: workload.Resources{
			Requests: map[string]string{"cpu": "2", "memory": "8Gi"},
			Limits:   map[string]string{"cpu": "4", "memory": "8Gi"},
		},
		NodeSelector:                  map[string]string{"mlkube.io/pool": "gpu"},
		Tolerations:                   []workload.Toleration{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}},
		PriorityClassName:             "mlkube-high",
		TerminationGracePeriodSeconds: grace,
		RunAsUser:                     2000,
		FSGroup:                       3000,
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		if _, err := inference.NewInferenceService(ctx, "svc", &inference.Args{Pod: pod, Model: inference.Model{Source: "s3://b/m"}}, pulumi.Provider(p)); err != nil {
			return err
		}
		_, err := training.NewTrainingJob(ctx, "job", &training.Args{Pod: pod}, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	svc := mocktest.Decode[appsv1.Deployment](t, rec.One(t, "kubernetes:apps/v1:Deployment")).Spec.Template.Spec
	job := mocktest.Decode[batchv1.Job](t, rec.One(t, "kubernetes:batch/v1:Job")).Spec.Template.Spec

	envOf := func(c corev1.Container, name string) *corev1.EnvVar {
		for _, e := range c.Env {
			if e.Name == name {
				return &e
			}
		}
		return nil
	}
	for _, tc := range []struct {
		name string
		get  func(s corev1.PodSpec) any
		want any
	}{
		{"runtimeClassName", func(s corev1.PodSpec) any { return *s.RuntimeClassName }, "nvidia"},
		{"nodeSelector", func(s corev1.PodSpec) any { return s.NodeSelector }, pod.NodeSelector},
		{"tolerations", func(s corev1.PodSpec) any { return s.Tolerations[0].Key + "=" + s.Tolerations[0].Value }, "nvidia.com/gpu=present"},
		{"priorityClassName", func(s corev1.PodSpec) any { return s.PriorityClassName }, "mlkube-high"},
		{"grace period", func(s corev1.PodSpec) any { return *s.TerminationGracePeriodSeconds }, int64(grace)},
		{"user", func(s corev1.PodSpec) any { return *s.SecurityContext.RunAsUser }, int64(2000)},
		{"fsGroup", func(s corev1.PodSpec) any { return *s.SecurityContext.FSGroup }, int64(3000)},
		{"no service account token", func(s corev1.PodSpec) any { return *s.AutomountServiceAccountToken }, false},
		{"image", func(s corev1.PodSpec) any { return s.Containers[0].Image }, "ghcr.io/acme/ml:1.0"},
		{"command", func(s corev1.PodSpec) any { return s.Containers[0].Command }, []string{"python"}},
		{"args", func(s corev1.PodSpec) any { return s.Containers[0].Args }, []string{"main.py"}},
		{"GPU limit", func(s corev1.PodSpec) any {
			q := s.Containers[0].Resources.Limits["nvidia.com/mig-1g.10gb"]
			return q.String()
		}, "2"},
		{"cpu request", func(s corev1.PodSpec) any { return s.Containers[0].Resources.Requests.Cpu().String() }, "2"},
		{"plain env", func(s corev1.PodSpec) any { return envOf(s.Containers[0], "EPOCHS").Value }, "3"},
		{"secret env", func(s corev1.PodSpec) any { return envOf(s.Containers[0], "HF_TOKEN").ValueFrom.SecretKeyRef.Name }, "hf"},
		{"read-only root", func(s corev1.PodSpec) any { return *s.Containers[0].SecurityContext.ReadOnlyRootFilesystem }, true},
	} {
		assert.Equal(t, tc.want, tc.get(svc), "service: %s", tc.name)
		assert.Equal(t, tc.want, tc.get(job), "job: %s", tc.name)
	}
}

// Without a runtime class the pods run under the node's default runtime:
// the field is left out rather than set empty.
func TestNoRuntimeClassByDefault(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := training.NewTrainingJob(ctx, "job", &training.Args{Pod: workload.Pod{
			Namespace: "ml", Container: workload.Container{Image: "r/t:1.0"},
			Resources: workload.Resources{Requests: map[string]string{"cpu": "1", "memory": "1Gi"}, Limits: map[string]string{"cpu": "1", "memory": "1Gi"}},
		}}, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	assert.Nil(t, mocktest.Decode[batchv1.Job](t, rec.One(t, "kubernetes:batch/v1:Job")).Spec.Template.Spec.RuntimeClassName)
}
