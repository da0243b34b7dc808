package training

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

const (
	tJob     = "kubernetes:batch/v1:Job"
	tCronJob = "kubernetes:batch/v1:CronJob"
	tService = "kubernetes:core/v1:Service"
	tSA      = "kubernetes:core/v1:ServiceAccount"
)

var gpuToleration = Toleration{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}

func run(t *testing.T, name string, args *Args) *mocktest.Recorder {
	t.Helper()
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := NewTrainingJob(ctx, name, args, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	mocktest.CheckAll(t, rec, TypeToken, name)
	return rec
}

func TestSingleGPUJob(t *testing.T) {
	a := validArgs()
	a.Name = "finetune"
	a.GPUs = 4
	a.NodeSelector = map[string]string{"mlkube.io/pool": "gpu-h100"}
	a.Tolerations = []Toleration{gpuToleration}
	a.DataVolume, a.CheckpointVolume = "corpus", "finetune-ckpt"
	a.StageData = &Stage{Image: "docker.io/rclone/rclone:1.69.1", Command: []string{"rclone", "copy", ":s3:corpus", "/data"}}
	a.Env = map[string]string{"EPOCHS": "3"}
	a.SecretEnv = map[string]SecretKeyRef{"HF_TOKEN": {Secret: "hf", Key: "token"}}
	a.NonRetriableExitCodes = []int{42}
	rec := run(t, "ml-finetune", &a)

	assert.Empty(t, rec.ByType(tCronJob))
	assert.Empty(t, rec.ByType(tService), "no headless Service without Distributed")
	reg := rec.One(t, tJob)
	assert.True(t, reg.RegisterRPC.GetDeleteBeforeReplace(), "fixed name: delete before replace")
	assert.True(t, hasDep(reg.RegisterRPC.GetDependencies(), "ml-finetune-serviceaccount"))
	j := mocktest.Decode[batchv1.Job](t, reg)
	assert.Equal(t, "finetune", j.Name)
	assert.Equal(t, "true", j.Annotations[SkipAwaitAnnotation])
	assert.Equal(t, int32(2), *j.Spec.BackoffLimit)
	assert.Equal(t, int64(86400), *j.Spec.ActiveDeadlineSeconds)
	assert.Nil(t, j.Spec.TTLSecondsAfterFinished, "a finished Job stays, so a refresh does not make the next up run it again")
	assert.Nil(t, j.Spec.CompletionMode)
	require.NotNil(t, j.Spec.PodFailurePolicy)
	rules := j.Spec.PodFailurePolicy.Rules
	require.Len(t, rules, 2)
	assert.Equal(t, batchv1.PodFailurePolicyActionIgnore, rules[0].Action)
	assert.Equal(t, corev1.DisruptionTarget, rules[0].OnPodConditions[0].Type)
	assert.Equal(t, batchv1.PodFailurePolicyActionFailJob, rules[1].Action)
	assert.Equal(t, []int32{42}, rules[1].OnExitCodes.Values)

	tmpl := j.Spec.Template
	assert.Equal(t, "false", tmpl.Annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"])
	assert.Equal(t, "true", tmpl.Annotations["karpenter.sh/do-not-disrupt"])
	pod := tmpl.Spec
	assert.Equal(t, corev1.RestartPolicyNever, pod.RestartPolicy)
	assert.Equal(t, "finetune", pod.ServiceAccountName)
	assert.False(t, *pod.AutomountServiceAccountToken)
	assert.Equal(t, map[string]string{"mlkube.io/pool": "gpu-h100"}, pod.NodeSelector)
	assert.Equal(t, []corev1.Toleration{{Key: "nvidia.com/gpu", Operator: "Equal", Value: "present", Effect: "NoSchedule"}}, pod.Tolerations)
	assert.True(t, *pod.SecurityContext.RunAsNonRoot)
	assert.Equal(t, int64(1000), *pod.SecurityContext.FSGroup)
	assert.Equal(t, corev1.SeccompProfileTypeRuntimeDefault, pod.SecurityContext.SeccompProfile.Type)
	require.Len(t, pod.InitContainers, 1)
	for _, c := range append(pod.InitContainers, pod.Containers...) {
		sc := c.SecurityContext
		assert.False(t, *sc.AllowPrivilegeEscalation, c.Name)
		assert.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop, c.Name)
		assert.True(t, *sc.ReadOnlyRootFilesystem, c.Name)
		assert.Equal(t, corev1.SeccompProfileTypeRuntimeDefault, sc.SeccompProfile.Type, c.Name)
		assert.Equal(t, "/tmp", mounts(c)["tmp"].MountPath, c.Name)
	}

	tr := pod.Containers[0]
	gpu := corev1.ResourceName("nvidia.com/gpu")
	req, lim := tr.Resources.Requests[gpu], tr.Resources.Limits[gpu]
	assert.Equal(t, "4", req.String())
	assert.True(t, req.Equal(lim), "GPU requests == limits")
	assert.True(t, mounts(tr)["data"].ReadOnly, "data read-only in the trainer")
	assert.Equal(t, "/data", mounts(tr)["data"].MountPath)
	assert.False(t, mounts(tr)["checkpoints"].ReadOnly)
	assert.Equal(t, "/checkpoints", mounts(tr)["checkpoints"].MountPath)
	assert.False(t, mounts(pod.InitContainers[0])["data"].ReadOnly, "the stage container writes the data")
	assert.Equal(t, "/dev/shm", mounts(tr)["dshm"].MountPath)
	vols := map[string]corev1.Volume{}
	for _, v := range pod.Volumes {
		vols[v.Name] = v
	}
	assert.Equal(t, "corpus", vols["data"].PersistentVolumeClaim.ClaimName)
	assert.Equal(t, "finetune-ckpt", vols["checkpoints"].PersistentVolumeClaim.ClaimName)
	assert.Equal(t, corev1.StorageMediumMemory, vols["dshm"].EmptyDir.Medium)

	env := envMap(tr)
	assert.Equal(t, "/data", env["DATA_DIR"].Value)
	assert.Equal(t, "/checkpoints", env["CHECKPOINT_DIR"].Value)
	assert.Equal(t, "3", env["EPOCHS"].Value)
	secret := env["HF_TOKEN"]
	assert.Empty(t, secret.Value, "secrets never as plain values")
	require.NotNil(t, secret.ValueFrom)
	assert.Equal(t, "hf", secret.ValueFrom.SecretKeyRef.Name)
	assert.Equal(t, "token", secret.ValueFrom.SecretKeyRef.Key)
	_, ddp := env["RANK"]
	assert.False(t, ddp)
}

func TestDistributedDDP(t *testing.T) {
	a := validArgs()
	a.Name = "ddp"
	a.GPUs = 8
	a.Distributed = &Distributed{Nodes: 4}
	rec := run(t, "ml-ddp", &a)

	svcReg := rec.One(t, tService)
	svc := mocktest.Decode[corev1.Service](t, svcReg)
	assert.Equal(t, "ddp", svc.Name)
	assert.Equal(t, corev1.ClusterIPNone, svc.Spec.ClusterIP)
	assert.True(t, svc.Spec.PublishNotReadyAddresses)
	assert.Equal(t, int32(29500), svc.Spec.Ports[0].Port)
	assert.Equal(t, map[string]string{"app.kubernetes.io/name": "ddp", "app.kubernetes.io/component": "training"}, svc.Spec.Selector)

	reg := rec.One(t, tJob)
	assert.True(t, hasDep(reg.RegisterRPC.GetDependencies(), "ml-ddp-service"), "Job depends on the headless Service")
	j := mocktest.Decode[batchv1.Job](t, reg)
	assert.Equal(t, batchv1.IndexedCompletion, *j.Spec.CompletionMode)
	assert.Equal(t, int32(4), *j.Spec.Completions)
	assert.Equal(t, int32(4), *j.Spec.Parallelism)
	assert.Equal(t, int32(2), *j.Spec.BackoffLimit)
	assert.Nil(t, j.Spec.BackoffLimitPerIndex)
	assert.NotNil(t, j.Spec.PodFailurePolicy)
	pod := j.Spec.Template.Spec
	assert.Equal(t, "ddp", pod.Subdomain, "subdomain = headless Service, hostnames ddp-<index>")
	for k, v := range svc.Spec.Selector {
		assert.Equal(t, v, j.Spec.Template.Labels[k], "Service selects the pods")
	}

	env := envMap(pod.Containers[0])
	for _, rank := range []string{"RANK", "NODE_RANK"} {
		require.NotNil(t, env[rank].ValueFrom, rank)
		assert.Equal(t, "metadata.annotations['batch.kubernetes.io/job-completion-index']", env[rank].ValueFrom.FieldRef.FieldPath)
	}
	assert.Equal(t, "4", env["WORLD_SIZE"].Value)
	assert.Equal(t, "4", env["NNODES"].Value)
	assert.Equal(t, "8", env["NPROC_PER_NODE"].Value)
	assert.Equal(t, "ddp-0.ddp.ml.svc", env["MASTER_ADDR"].Value)
	assert.Equal(t, "29500", env["MASTER_PORT"].Value)
	assert.Equal(t, int32(29500), pod.Containers[0].Ports[0].ContainerPort)
}

func TestParallelBatch(t *testing.T) {
	a := validArgs()
	a.Completions, a.Parallelism = 100, 10
	a.NonRetriableExitCodes = []int{3}
	rec := run(t, "batch", &a)

	j := mocktest.Decode[batchv1.Job](t, rec.One(t, tJob))
	assert.Equal(t, batchv1.IndexedCompletion, *j.Spec.CompletionMode)
	assert.Equal(t, int32(100), *j.Spec.Completions)
	assert.Equal(t, int32(10), *j.Spec.Parallelism)
	assert.Equal(t, int32(2), *j.Spec.BackoffLimitPerIndex)
	assert.Nil(t, j.Spec.BackoffLimit)
	assert.Equal(t, batchv1.PodFailurePolicyActionFailIndex, j.Spec.PodFailurePolicy.Rules[1].Action)
	assert.Empty(t, j.Spec.Template.Spec.Subdomain)
	_, gpu := j.Spec.Template.Spec.Containers[0].Resources.Limits["nvidia.com/gpu"]
	assert.False(t, gpu)
}

func TestCronJob(t *testing.T) {
	a := validArgs()
	a.Schedule = "0 3 * * *"
	a.TimeZone = "Europe/Berlin"
	a.RestartPolicy = RestartOnFailure
	a.Tolerations = []Toleration{gpuToleration}
	rec := run(t, "nightly", &a)

	assert.Empty(t, rec.ByType(tJob))
	c := mocktest.Decode[batchv1.CronJob](t, rec.One(t, tCronJob))
	assert.Equal(t, "0 3 * * *", c.Spec.Schedule)
	assert.Equal(t, "Europe/Berlin", *c.Spec.TimeZone)
	assert.Equal(t, batchv1.ForbidConcurrent, c.Spec.ConcurrencyPolicy)
	js := c.Spec.JobTemplate.Spec
	assert.Equal(t, int32(2), *js.BackoffLimit)
	assert.Nil(t, js.PodFailurePolicy, "needs restartPolicy Never")
	assert.Equal(t, corev1.RestartPolicyOnFailure, js.Template.Spec.RestartPolicy)
	assert.Equal(t, "false", js.Template.Annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"])
	assert.Equal(t, "true", js.Template.Annotations["karpenter.sh/do-not-disrupt"])
	assert.Len(t, js.Template.Spec.Tolerations, 1)
	// The CronJob owns its Jobs: history limits clean up, no TTL by default.
	assert.Equal(t, int32(3), *c.Spec.SuccessfulJobsHistoryLimit)
	assert.Equal(t, int32(3), *c.Spec.FailedJobsHistoryLimit)
	assert.Nil(t, js.TTLSecondsAfterFinished)

	ttl := 3600
	a.TTLSecondsAfterFinished = &ttl
	c = mocktest.Decode[batchv1.CronJob](t, run(t, "nightly", &a).One(t, tCronJob))
	assert.Equal(t, int32(3600), *c.Spec.JobTemplate.Spec.TTLSecondsAfterFinished, "a scheduled job may shorten the history")
}

// A one-shot Job that Kubernetes deletes after a TTL is gone from the
// cluster but not from the program: `pulumi up --refresh` drops it from the
// state and creates it again, which runs the training again. So the Job
// carries no TTL, and asking for one is refused.
func TestFinishedJobIsNotRunAgain(t *testing.T) {
	a := validArgs()
	j := mocktest.Decode[batchv1.Job](t, run(t, "once", &a).One(t, tJob))
	assert.Nil(t, j.Spec.TTLSecondsAfterFinished)

	ttl := 86400
	a.TTLSecondsAfterFinished = &ttl
	err := validate("once", withDefaults(a))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TTLSecondsAfterFinished: applies only with a Schedule")
}

func TestScheduledDistributedUsesJobNameForMaster(t *testing.T) {
	a := validArgs()
	a.Schedule = "@weekly"
	a.Distributed = &Distributed{Nodes: 2, Port: 23456}
	rec := run(t, "weekly", &a)

	c := mocktest.Decode[batchv1.CronJob](t, rec.One(t, tCronJob))
	env := c.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Env
	require.Equal(t, "JOB_NAME", env[0].Name, "defined before MASTER_ADDR expands it")
	assert.Equal(t, "metadata.labels['batch.kubernetes.io/job-name']", env[0].ValueFrom.FieldRef.FieldPath)
	m := map[string]corev1.EnvVar{}
	for _, e := range env {
		m[e.Name] = e
	}
	assert.Equal(t, "$(JOB_NAME)-0.weekly.ml.svc", m["MASTER_ADDR"].Value)
	assert.Equal(t, "23456", m["MASTER_PORT"].Value)
	assert.Equal(t, "weekly", c.Spec.JobTemplate.Spec.Template.Spec.Subdomain)
	assert.Len(t, rec.ByType(tService), 1)
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	a := validArgs()
	a.GPUs = -1
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := NewTrainingJob(ctx, "bad", &a, pulumi.Provider(p))
		return err
	})
	require.ErrorContains(t, err, "GPUs: ")
	assert.Empty(t, rec.Kubernetes())
}

func mounts(c corev1.Container) map[string]corev1.VolumeMount {
	out := map[string]corev1.VolumeMount{}
	for _, m := range c.VolumeMounts {
		out[m.Name] = m
	}
	return out
}

func envMap(c corev1.Container) map[string]corev1.EnvVar {
	out := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		out[e.Name] = e
	}
	return out
}

func hasDep(urns []string, name string) bool {
	for _, u := range urns {
		if strings.HasSuffix(u, "::"+name) {
			return true
		}
	}
	return false
}
