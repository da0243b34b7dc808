package platform

import (
	"slices"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkStack parses an adopted-cluster stack with a CPU and a GPU pool and
// one team, and runs Check on it: every problem it returns, as the user
// reads it (none when the stack is valid).
func checkStack(t *testing.T, inference, training []string) []string {
	t.Helper()
	raw := map[string]string{
		"mlkube:cluster":   `{"provider": "existing", "name": "dev", "existing": {"blockProvisioner": "rancher.io/local-path"}}`,
		"mlkube:nodePools": `[{"name": "cpu", "max": 2, "nodes": ["cpu-0", "cpu-1"]}, {"name": "gpu", "max": 2, "nodes": ["gpu-0", "gpu-1"], "gpu": {"model": "a100", "count": 8}}]`,
		"mlkube:workloads": `{"teams": [{"name": "ml", "quota": {"gpus": 1000}}], "inference": [` + strings.Join(inference, ",") +
			`], "training": [` + strings.Join(training, ",") + `]}`,
	}
	cfg, err := config.Parse("mlkube", "test", raw)
	require.NoError(t, err, "the stack file's own checks pass; these cases are the components' rules")
	err = Check(cfg)
	if err == nil {
		return nil
	}
	var out []string
	for _, e := range err.(config.Errors) {
		out = append(out, e.Error())
	}
	return out
}

const podSpec = `"resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}}`

func svc(extra string) string {
	return `{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "model": {"source": "s3://b/m"}, ` + podSpec + extra + `}`
}

func ingressSvc(extra string) string {
	return svc(`, "expose": {"type": "ingress", "host": "models.example.com"` + extra + `}`)
}

func job(extra string) string {
	return `{"name": "t", "team": "ml", "image": "r/t:1.0", "pool": "cpu", ` + podSpec + extra + `}`
}

// TestWorkloadRulesBeforeAnythingIsRegistered: the inference and training
// components own the rules of each field; Check runs them on the Args the
// stack file gives them before the cluster is registered, and each problem
// is named by its stack key.
func TestWorkloadRulesBeforeAnythingIsRegistered(t *testing.T) {
	for _, tc := range []struct {
		name      string
		inference []string
		training  []string
		want      string // "" for a valid stack; else the prefix of one problem
	}{
		{name: "valid service and job", inference: []string{svc("")}, training: []string{job("")}},
		{name: "model baked into the image", inference: []string{strings.Replace(svc(""), `"model": {"source": "s3://b/m"}`, `"model": {"inImage": true, "path": "/opt/model"}`, 1)}},
		{name: "image without a tag", inference: []string{strings.Replace(svc(""), "r/s:1.0", "repo/server", 1)},
			want: `workloads.inference[0].image: "repo/server" has no tag (which means latest); pin a version`},
		{name: "request above the limit", inference: []string{strings.Replace(svc(""), `"requests": {"cpu": "1"`, `"requests": {"cpu": "4"`, 1)},
			want: `workloads.inference[0].resources.requests.cpu: request 4 is above the limit 1`},
		{name: "memory request left out", inference: []string{strings.Replace(svc(""), `"requests": {"cpu": "1", "memory": "1Gi"}`, `"requests": {"cpu": "1"}`, 1)},
			want: `workloads.inference[0].resources.requests.memory: is required`},
		{name: "model source scheme", inference: []string{strings.Replace(svc(""), "s3://b/m", "ftp://x", 1)},
			want: `workloads.inference[0].model.source: "ftp://x"`},
		{name: "MODEL_PATH outside the model", inference: []string{svc(`, "env": {"MODEL_PATH": "/data/model.bin"}`)},
			want: `workloads.inference[0].env.MODEL_PATH: "/data/model.bin" must be the model path (/models) or a file or directory inside it`},
		{name: "MODEL_PATH on a file of the model", inference: []string{svc(`, "env": {"MODEL_PATH": "/models/model.joblib"}`)}},
		{name: "bad config key", inference: []string{svc(`, "config": {"A.B": "1"}`)},
			want: `workloads.inference[0].config.A.B: is not a valid environment variable name`},
		{name: "relative probe path", inference: []string{svc(`, "probes": {"readinessPath": "ready"}`)},
			want: `workloads.inference[0].probes.readinessPath: "ready" must start with /`},
		{name: "autoscaling max below the replicas", inference: []string{svc(`, "replicas": 3, "autoscaling": {"max": 2}`)},
			want: `workloads.inference[0].autoscaling.max: 2 must be at least autoscaling.min (3)`},
		{name: "node port on a clusterIP", inference: []string{svc(`, "expose": {"nodePort": 30050}`)},
			want: `workloads.inference[0].expose.nodePort: 30050 must be in 30000-32767 and needs type nodePort`},
		{name: "unknown expose type", inference: []string{svc(`, "expose": {"type": "NodePort"}`)},
			want: `workloads.inference[0].expose.type: "NodePort" must be clusterIP, nodePort, loadBalancer, internalLoadBalancer or ingress`},
		{name: "bad source CIDR", inference: []string{svc(`, "expose": {"type": "internalLoadBalancer", "sourceCidrs": ["10.0.0.0"]}`)},
			want: `workloads.inference[0].expose.sourceCidrs[0]: "10.0.0.0" is not a CIDR`},
		{name: "source CIDRs on ingress", inference: []string{ingressSvc(`, "sourceCidrs": ["10.0.0.0/8"]`)},
			want: `workloads.inference[0].expose.sourceCidrs: apply only to types loadBalancer and internalLoadBalancer`},
		{name: "relative ingress path", inference: []string{ingressSvc(`, "path": "models/a"`)},
			want: `workloads.inference[0].expose.path: "models/a" must be an HTTP path such as /models/sentiment`},
		{name: "path on a clusterIP", inference: []string{svc(`, "expose": {"path": "/a"}`)},
			want: `workloads.inference[0].expose.path: applies only to type ingress`},
		{name: "tls on a node port", inference: []string{svc(`, "expose": {"type": "nodePort", "tls": {"secret": "t"}}`)},
			want: `workloads.inference[0].expose.tls.secret: applies only to type ingress`},
		{name: "traffic distribution", inference: []string{svc(`, "expose": {"trafficDistribution": "Nearest"}`)},
			want: `workloads.inference[0].expose.trafficDistribution: "Nearest" must be PreferClose or empty`},
		{name: "canary at 10%", inference: []string{ingressSvc(`, "canary": {"image": "r/s:2.0", "weight": 10, "header": "X-Canary"}`)}},
		{name: "canary on a clusterIP", inference: []string{svc(`, "expose": {"canary": {"image": "r/s:2.0", "weight": 10}}`)},
			want: `workloads.inference[0].expose.canary: needs expose.type ingress`},
		{name: "canary that changes nothing", inference: []string{ingressSvc(`, "canary": {"weight": 10}`)},
			want: `workloads.inference[0].expose.canary: must change something`},
		{name: "canary mutable image", inference: []string{ingressSvc(`, "canary": {"image": "r/s:latest", "weight": 10}`)},
			want: `workloads.inference[0].expose.canary.image: "r/s:latest" uses the mutable tag`},
		{name: "canary bad header", inference: []string{ingressSvc(`, "canary": {"image": "r/s:2.0", "header": "X Canary"}`)},
			want: `workloads.inference[0].expose.canary.header: "X Canary" must be an HTTP header name`},
		{name: "canary header value without header", inference: []string{ingressSvc(`, "canary": {"image": "r/s:2.0", "weight": 5, "headerValue": "yes"}`)},
			want: `workloads.inference[0].expose.canary.headerValue: needs expose.canary.header`},
		{name: "canary model source scheme", inference: []string{ingressSvc(`, "canary": {"model": {"source": "ftp://m/v2"}, "weight": 5}`)},
			want: `workloads.inference[0].expose.canary.model.source: "ftp://m/v2"`},
		{name: "secret env without key", inference: []string{svc(`, "secretEnv": {"HF_TOKEN": {"secret": "hf"}}`)},
			want: `workloads.inference[0].secretEnv.HF_TOKEN: needs both secretEnv.HF_TOKEN.secret and secretEnv.HF_TOKEN.key`},
		{name: "secret env bad secret name", inference: []string{svc(`, "secretEnv": {"HF_TOKEN": {"secret": "Bad_Name", "key": "t"}}`)},
			want: `workloads.inference[0].secretEnv.HF_TOKEN.secret: "Bad_Name" is not the name of a Secret`},
		{name: "secret env bad name", inference: []string{svc(`, "secretEnv": {"1TOKEN": {"secret": "hf", "key": "t"}}`)},
			want: `workloads.inference[0].secretEnv.1TOKEN: is not a valid environment variable name`},
		{name: "secret env also plain", inference: []string{svc(`, "env": {"HF_TOKEN": "x"}, "secretEnv": {"HF_TOKEN": {"secret": "hf", "key": "t"}}`)},
			want: `workloads.inference[0].secretEnv.HF_TOKEN: is also set in env`},
		{name: "runtime class on both kinds", inference: []string{svc(`, "runtimeClassName": "nvidia"`)}, training: []string{job(`, "runtimeClassName": "nvidia-cdi"`)}},
		{name: "service runtime class name", inference: []string{svc(`, "runtimeClassName": "NVIDIA"`)},
			want: `workloads.inference[0].runtimeClassName: "NVIDIA" is not the name of a RuntimeClass`},
		{name: "job runtime class name", training: []string{job(`, "runtimeClassName": "run c"`)},
			want: `workloads.training[0].runtimeClassName: "run c" is not the name of a RuntimeClass`},
		{name: "vertical recommendations alone, no HPA", inference: []string{svc(`, "autoscaling": {"vertical": {}}`)}},
		{name: "vertical recommendations beside a CPU HPA", inference: []string{svc(`, "autoscaling": {"max": 4, "cpu": 70, "vertical": {}}`)}},
		{name: "vertical update mode", inference: []string{svc(`, "autoscaling": {"vertical": {"updateMode": "Auto"}}`)},
			want: `workloads.inference[0].autoscaling.vertical.updateMode: "Auto" must be one of [Off Initial Recreate InPlaceOrRecreate]`},
		{name: "vertical recreate beside a CPU HPA", inference: []string{svc(`, "autoscaling": {"max": 4, "cpu": 70, "vertical": {"updateMode": "Recreate"}}`)},
			want: `workloads.inference[0].autoscaling.vertical.updateMode: Recreate changes the cpu requests that the HPA's cpu target (70%) is measured against`},
		{name: "vertical in place beside the default CPU HPA", inference: []string{svc(`, "autoscaling": {"max": 4, "vertical": {"updateMode": "InPlaceOrRecreate"}}`)},
			want: `workloads.inference[0].autoscaling.vertical.updateMode: InPlaceOrRecreate changes the cpu requests`},
		{name: "vertical recreate on one replica", inference: []string{svc(`, "replicas": 1, "autoscaling": {"vertical": {"updateMode": "Recreate"}}`)},
			want: `workloads.inference[0].autoscaling.vertical.updateMode: Recreate evicts pods to resize them`},
		{name: "vertical controlled resource", inference: []string{svc(`, "autoscaling": {"vertical": {"controlledResources": ["cpu", "nvidia.com/gpu"]}}`)},
			want: `workloads.inference[0].autoscaling.vertical.controlledResources[1]: "nvidia.com/gpu" must be cpu or memory`},
		{name: "vertical controlled values", inference: []string{svc(`, "autoscaling": {"vertical": {"controlledValues": "Limits"}}`)},
			want: `workloads.inference[0].autoscaling.vertical.controlledValues: "Limits" must be RequestsAndLimits or RequestsOnly`},
		{name: "vertical min quantity", inference: []string{svc(`, "autoscaling": {"vertical": {"minAllowed": {"cpu": "lots"}}}`)},
			want: `workloads.inference[0].autoscaling.vertical.minAllowed.cpu: "lots" must be a positive Kubernetes quantity`},
		{name: "vertical min above max", inference: []string{svc(`, "autoscaling": {"vertical": {"minAllowed": {"memory": "8Gi"}, "maxAllowed": {"memory": "4Gi"}}}`)},
			want: `workloads.inference[0].autoscaling.vertical.minAllowed.memory: 8Gi is above autoscaling.vertical.maxAllowed 4Gi`},
		{name: "secret in a job's plain env", training: []string{job(`, "env": {"WANDB_API_KEY": "abc"}`)},
			want: `workloads.training[0].env.WANDB_API_KEY: looks like a secret; move it to secretEnv`},
		{name: "schedule that is not cron", training: []string{job(`, "schedule": "every day"`)},
			want: `workloads.training[0].schedule: "every day" must have five cron fields`},
		{name: "restart policy", training: []string{job(`, "restartPolicy": "Always"`)},
			want: `workloads.training[0].restartPolicy: "Always" must be Never or OnFailure`},
		{name: "TTL on a one-shot job", training: []string{job(`, "ttlSecondsAfterFinished": 60`)},
			want: `workloads.training[0].ttlSecondsAfterFinished: applies only with a schedule`},
		{name: "parallelism above completions", training: []string{job(`, "completions": 2, "parallelism": 4`)},
			want: `workloads.training[0].parallelism: 4 must be at most completions (2)`},
		{name: "scale-down above 100%", inference: []string{svc(`, "autoscaling": {"max": 4, "scaleDown": {"percent": 500}}`)},
			want: `workloads.inference[0].autoscaling.scaleDown.percent: 500 must be between 1 and 100`},
		{name: "scale-down period above the HPA's limit", inference: []string{svc(`, "autoscaling": {"max": 4, "scaleDown": {"periodSeconds": 3000}}`)},
			want: `workloads.inference[0].autoscaling.scaleDown.periodSeconds: 3000 must be at most 1800 seconds`},
		{name: "stage data without a command", training: []string{job(`, "stageData": {"image": "r/c:1.0"}`)},
			want: `workloads.training[0].stageData.command: is required`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := checkStack(t, tc.inference, tc.training)
			for _, g := range got {
				assert.NotContains(t, g, "\x1f", "a field reference left unnamed")
			}
			if tc.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.True(t, slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, tc.want) }),
				"want a problem starting with\n  %s\ngot\n  %s", tc.want, strings.Join(got, "\n  "))
		})
	}
}

// TestCheckReportsEveryWorkload: one run names the problems of every
// service and job, as the stack file's own checks do.
func TestCheckReportsEveryWorkload(t *testing.T) {
	got := checkStack(t,
		[]string{strings.Replace(svc(""), "r/s:1.0", "r/s:latest", 1), strings.Replace(strings.Replace(svc(""), `"name": "s"`, `"name": "s2"`, 1), "r/s:1.0", "r/s", 1)},
		[]string{job(`, "restartPolicy": "Always"`)})
	require.Len(t, got, 3, strings.Join(got, "\n"))
	assert.True(t, strings.HasPrefix(got[0], "workloads.inference[0].image: "))
	assert.True(t, strings.HasPrefix(got[1], "workloads.inference[1].image: "))
	assert.True(t, strings.HasPrefix(got[2], "workloads.training[0].restartPolicy: "))
}

// What mlkube renders that an older minor does not serve is refused with
// its key path: the API server would drop the field silently, leaving a
// model server that is not drained or traffic that leaves its zone.
func TestFeaturesTheMinorServes(t *testing.T) {
	t.Setenv(lifecycle.EnvToday, "2026-12-04")
	at := func(version string, inference ...string) []string {
		raw := map[string]string{
			"mlkube:cluster":   `{"provider": "existing", "name": "dev", "kubernetesVersion": "` + version + `", "existing": {"blockProvisioner": "rancher.io/local-path"}}`,
			"mlkube:nodePools": `[{"name": "cpu", "max": 2, "nodes": ["cpu-0", "cpu-1"]}]`,
			"mlkube:workloads": `{"teams": [{"name": "ml"}], "inference": [` + strings.Join(inference, ",") + `]}`,
		}
		cfg, err := config.Parse("mlkube", "test", raw)
		require.NoError(t, err)
		var out []string
		if err := Check(cfg); err != nil {
			for _, e := range err.(config.Errors) {
				out = append(out, e.Error())
			}
		}
		return out
	}
	zonal := svc(`, "expose": {"trafficDistribution": "PreferClose"}`)
	assert.Empty(t, at("1.31", zonal))
	assert.Equal(t, []string{"workloads.inference[0].expose.trafficDistribution: needs Kubernetes 1.31 or newer for Service spec.trafficDistribution (ServiceTrafficDistribution); cluster.kubernetesVersion is 1.30"}, at("1.30", zonal))
	assert.Equal(t, []string{
		"workloads.inference[0]: needs Kubernetes 1.30 or newer for the preStop sleep action that drains a model server (PodLifecycleSleepAction); cluster.kubernetesVersion is 1.29",
		"workloads.inference[0].expose.trafficDistribution: needs Kubernetes 1.31 or newer for Service spec.trafficDistribution (ServiceTrafficDistribution); cluster.kubernetesVersion is 1.29",
	}, at("1.29", zonal))
	assert.Empty(t, at("1.29"), "without a model server nothing needs the sleep action")
	inPlace := svc(`, "replicas": 2, "autoscaling": {"vertical": {"updateMode": "InPlaceOrRecreate"}}`)
	assert.Empty(t, at("1.33", inPlace))
	assert.Equal(t, []string{"workloads.inference[0].autoscaling.vertical.updateMode: needs Kubernetes 1.33 or newer for the VPA's InPlaceOrRecreate mode (InPlacePodVerticalScaling); cluster.kubernetesVersion is 1.32"}, at("1.32", inPlace))
}

// The stack file refuses a baked-in model that also names where to fetch
// one, with its key path, before the component sees it.
func TestModelInImageKeys(t *testing.T) {
	raw := map[string]string{
		"mlkube:cluster":   `{"provider": "existing", "name": "dev", "existing": {"blockProvisioner": "rancher.io/local-path"}}`,
		"mlkube:nodePools": `[{"name": "cpu", "max": 2, "nodes": ["cpu-0", "cpu-1"]}]`,
		"mlkube:workloads": `{"teams": [{"name": "ml"}], "inference": [` + strings.Replace(svc(""), `"model": {"source": "s3://b/m"}`, `"model": {"inImage": true, "source": "s3://b/m"}`, 1) + `]}`,
	}
	_, err := config.Parse("mlkube", "test", raw)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "workloads.inference[0].model.inImage: a model baked into the image takes no source, volume or existingClaim")
}
