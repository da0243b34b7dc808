package plan

import (
	"fmt"
	"testing"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// queueStack has two teams sharing a GPU pool, a distributed training job
// and an inference service; addons adds to the addons key.
func queueStack(addons string) *config.StackFile {
	values := map[string]string{
		"mlkube:cluster": `{"provider": "existing", "name": "lab"}`,
		"mlkube:nodePools": `[{"name": "cpu", "max": 1, "nodes": ["cpu-1"]},
			{"name": "gpu", "max": 4, "nodes": ["gpu-1", "gpu-2", "gpu-3", "gpu-4"], "gpu": {"model": "a100", "count": 8}}]`,
		"mlkube:workloads": `{"teams": [{"name": "vision", "quota": {"gpus": 16, "cpu": "64", "memory": "256Gi"}},
				{"name": "nlp", "namespace": "team-nlp", "quota": {"gpus": 8, "cpu": "32", "memory": "128Gi"}}],
			"inference": [{"name": "llm", "team": "nlp", "image": "r/s:1.0", "pool": "gpu", "gpu": 1,
				"resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
				"model": {"source": "s3://b/m"}}],
			"training": [{"name": "pretrain", "team": "vision", "image": "r/t:1.0", "pool": "gpu", "gpu": 8,
				"distributed": {"nodes": 2}, "checkpointGraceSeconds": 900,
				"resources": {"requests": {"cpu": "8", "memory": "64Gi"}, "limits": {"cpu": "8", "memory": "64Gi"}}}]}`,
	}
	if addons != "" {
		values["mlkube:addons"] = addons
	}
	return &config.StackFile{Project: "mlkube", Stack: "queues", Values: values}
}

func TestTrainingGoesThroughTheTeamsQueue(t *testing.T) {
	p, err := Build(queueStack(""))
	require.NoError(t, err)

	rel := find(p, "kubernetes:helm.sh/v3:Release", "kueue")
	require.NotNil(t, rel, "Kueue comes with the training job")
	for _, team := range []string{"vision", "nlp"} {
		cq := find(p, "kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue", "clusterqueue-"+team)
		require.NotNil(t, cq, team)
		assert.Equal(t, "mlkube", cq.Inputs["spec"].(map[string]any)["cohortName"], team)
		lq := find(p, "kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue", team+"-localqueue")
		require.NotNil(t, lq, team)
		assert.Equal(t, team, lq.Inputs["spec"].(map[string]any)["clusterQueue"])
		assert.Contains(t, lq.DependsOn, rel.URN, "the LocalQueue waits for Kueue's CRDs and webhook")
		assert.Contains(t, lq.DependsOn, cq.URN)
	}
	vision := find(p, "kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue", "clusterqueue-vision")
	flavors := vision.Inputs["spec"].(map[string]any)["resourceGroups"].([]any)[0].(map[string]any)["flavors"].([]any)
	require.Len(t, flavors, 2, "a flavor per pool")
	gpuFlavor := flavors[1].(map[string]any)
	assert.Equal(t, "gpu", gpuFlavor["name"])
	assert.Equal(t, map[string]any{"name": "nvidia.com/gpu", "nominalQuota": "16"}, gpuFlavor["resources"].([]any)[2], "the team's quota, written once in the stack")

	// Both teams may borrow up to the cohort's total: their namespace
	// quotas must not refuse a job admitted on borrowed GPUs.
	for _, q := range []string{"vision-quota", "nlp-quota"} {
		hard := find(p, "kubernetes:core/v1:ResourceQuota", q).Inputs["spec"].(map[string]any)["hard"].(map[string]any)
		assert.Equal(t, "24", hard["requests.nvidia.com/gpu"], q)
		assert.Equal(t, "96", hard["requests.cpu"], q)
		assert.Equal(t, "384Gi", hard["requests.memory"], q)
	}

	job := find(p, "kubernetes:batch/v1:Job", "vision-pretrain-job")
	require.NotNil(t, job)
	assert.Equal(t, "training", job.Inputs["metadata"].(map[string]any)["labels"].(map[string]any)["kueue.x-k8s.io/queue-name"])
	spec := job.Inputs["spec"].(map[string]any)
	assert.Equal(t, true, spec["suspend"])
	assert.Equal(t, []string{"spec.suspend"}, job.IgnoreChanges)
	pod := spec["template"].(map[string]any)["spec"].(map[string]any)
	assert.Equal(t, "mlkube-training-dev", pod["priorityClassName"])
	assert.EqualValues(t, 900, pod["terminationGracePeriodSeconds"])
	trainingClass := find(p, "kubernetes:scheduling.k8s.io/v1:PriorityClass", "priorities-mlkube-training-dev")
	require.NotNil(t, trainingClass)
	assert.Contains(t, job.DependsOn, trainingClass.URN, "the class exists before a pod names it")

	d := find(p, "kubernetes:apps/v1:Deployment", "nlp-llm-deployment")
	require.NotNil(t, d)
	assert.Equal(t, "mlkube-serving-dev", d.Inputs["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["priorityClassName"])
}

func TestKueueOff(t *testing.T) {
	p, err := Build(queueStack(`{"kueue": {"enabled": false}}`))
	require.NoError(t, err)
	assert.Nil(t, find(p, "kubernetes:helm.sh/v3:Release", "kueue"))
	assert.Nil(t, find(p, "kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue", "vision-localqueue"))
	job := find(p, "kubernetes:batch/v1:Job", "vision-pretrain-job")
	spec := job.Inputs["spec"].(map[string]any)
	assert.Nil(t, spec["suspend"], "runs at once")
	assert.NotContains(t, job.Inputs["metadata"].(map[string]any)["labels"], "kueue.x-k8s.io/queue-name")
	hard := find(p, "kubernetes:core/v1:ResourceQuota", "vision-quota").Inputs["spec"].(map[string]any)["hard"].(map[string]any)
	assert.Equal(t, "16", hard["requests.nvidia.com/gpu"], "the team's own quota")
	assert.Equal(t, "mlkube-training-dev", spec["template"].(map[string]any)["spec"].(map[string]any)["priorityClassName"], "priorities do not need Kueue")
}

// TestQueuesOnTheClustersOwnKueue: with addons.kueue.install: false the
// plan has no Kueue release and no kueue-system namespace, the same
// flavors, queues and queued jobs, and no CRD-order error for them: the
// cluster serves Kueue's API already. Its note says what that Kueue must be.
func TestQueuesOnTheClustersOwnKueue(t *testing.T) {
	p, err := Build(queueStack(`{"kueue": {"install": false}}`))
	require.NoError(t, err)
	assert.Nil(t, find(p, "kubernetes:helm.sh/v3:Release", "kueue"))
	assert.Nil(t, find(p, "kubernetes:core/v1:Namespace", "kueue-system"))
	for _, team := range []string{"vision", "nlp"} {
		assert.NotNil(t, find(p, "kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue", "clusterqueue-"+team), team)
		assert.NotNil(t, find(p, "kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue", team+"-localqueue"), team)
	}
	assert.NotNil(t, find(p, "kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor", "flavor-gpu"))
	job := find(p, "kubernetes:batch/v1:Job", "vision-pretrain-job")
	require.NotNil(t, job)
	assert.Equal(t, true, job.Inputs["spec"].(map[string]any)["suspend"], "still queued")
	for _, f := range p.Findings {
		assert.NotEqual(t, "crd-after-owner", f.Policy, "%s", f.Message)
	}
	assert.Contains(t, fmt.Sprint(p.Outputs["notes"]), "the cluster's own Kueue, "+versions.KueueExistingMinimum)

	installed, err := Build(queueStack(""))
	require.NoError(t, err)
	var crdOrder int
	for _, r := range installed.Resources {
		if r.Type == "kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue" {
			crdOrder++
			assert.Contains(t, r.DependsOn, find(installed, "kubernetes:helm.sh/v3:Release", "kueue").URN, "an installed Kueue's queues wait for it")
		}
	}
	assert.Equal(t, 2, crdOrder)
}
