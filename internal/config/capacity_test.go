package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// capacityPools: a CPU pool of up to 3 m6i.xlarge (4 CPUs, 16 GiB), a GPU
// pool of up to 2 g5.12xlarge (4 A10G), a one-node pool and a pool of a
// machine type internal/machines does not know.
const capacityPools = `[
	{"name": "cpu", "machineType": "m6i.xlarge", "nodeSelector": {"kubernetes.io/os": "linux"}, "min": 1, "max": 3},
	{"name": "gpu", "machineType": "g5.12xlarge", "nodeSelector": {"node.kubernetes.io/instance-type": "g5.12xlarge"}, "max": 2, "gpu": {"model": "a10g", "count": 4}},
	{"name": "solo", "machineType": "m6i.xlarge", "nodes": ["n1"], "max": 1},
	{"name": "odd", "machineType": "z9.mega", "nodeSelector": {"pool": "odd"}, "max": 4}]`

const smallPod = `"resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}}`

func service(name, pool, extra string) string {
	return `{"name": "` + name + `", "team": "ml", "image": "r/s:1.0", "pool": "` + pool + `", "model": {"source": "s3://b/m"}, ` + smallPod + extra + `}`
}

func job(name, pool, extra string) string {
	return `{"name": "` + name + `", "team": "ml", "image": "r/t:1.0", "pool": "` + pool + `", ` + smallPod + extra + `}`
}

// assertProblem: want "" means got is empty, else one of got starts with
// want.
func assertProblem(t *testing.T, got []string, want string) {
	t.Helper()
	if want == "" {
		assert.Empty(t, got)
		return
	}
	found := false
	for _, g := range got {
		found = found || strings.HasPrefix(g, want)
	}
	assert.True(t, found, "want a problem starting with\n  %s\ngot\n  %s", want, strings.Join(got, "\n  "))
}

// stackProblems parses a stack with capacityPools and returns its problems
// (none when it is valid).
func stackProblems(t *testing.T, workloads, addons string) []string {
	t.Helper()
	raw := with("nodePools", capacityPools, "workloads", workloads)
	if addons != "" {
		raw["mlkube:addons"] = addons
	}
	_, err := Parse("mlkube", "test", raw)
	if err == nil {
		return nil
	}
	var list Errors
	require.True(t, errors.As(err, &list), "want config.Errors, got %T: %v", err, err)
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Error()
	}
	return out
}

func workloadsOf(volumes string, inference, training []string) string {
	return `{"teams": [{"name": "ml", "quota": {"gpus": 1000}}], "volumes": [` + volumes + `], "inference": [` +
		strings.Join(inference, ",") + `], "training": [` + strings.Join(training, ",") + `]}`
}

func TestCapacityRules(t *testing.T) {
	for _, tc := range []struct {
		name      string
		volumes   string
		inference []string
		training  []string
		addons    string
		want      string // "" when the stack must be valid
	}{
		{name: "HPA max × GPUs beyond the pool at its max",
			inference: []string{service("big", "gpu", `, "gpu": 3, "autoscaling": {"min": 1, "max": 3}`)},
			want:      `workloads.inference[0].autoscaling.max: 3 replica(s) × 3 GPU(s) need 9 GPU(s), but pool "gpu" holds at most 2 such replica(s) (max 2 node(s) × 4 GPU(s) per node)`},
		{name: "replicas × GPUs beyond the pool",
			inference: []string{service("big", "gpu", `, "gpu": 4, "replicas": 3`)},
			want:      `workloads.inference[0].replicas: 3 replica(s) × 4 GPU(s) need 12 GPU(s), but pool "gpu" holds at most 2`},
		{name: "HPA max that the pool holds",
			inference: []string{service("ok", "gpu", `, "gpu": 2, "autoscaling": {"min": 1, "max": 4}`)}},
		{name: "pod asks for more CPU than a node has",
			inference: []string{`{"name": "fat", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "model": {"source": "s3://b/m"},
				"resources": {"requests": {"cpu": "6", "memory": "1Gi"}, "limits": {"cpu": "6", "memory": "1Gi"}}}`},
			want: `workloads.inference[0].resources.requests.cpu: asks for 6 but a node of pool "cpu" (m6i.xlarge) has 4 CPUs in all`},
		{name: "job asks for more memory than a node has",
			training: []string{`{"name": "fat", "team": "ml", "image": "r/t:1.0", "pool": "cpu",
				"resources": {"requests": {"cpu": "1", "memory": "20Gi"}, "limits": {"cpu": "1", "memory": "20Gi"}}}`},
			want: `workloads.training[0].resources.requests.memory: asks for 20Gi but a node of pool "cpu" (m6i.xlarge) has 16Gi memory in all`},
		{name: "a whole node is not too much",
			training: []string{`{"name": "whole", "team": "ml", "image": "r/t:1.0", "pool": "cpu",
				"resources": {"requests": {"cpu": "4", "memory": "16Gi"}, "limits": {"cpu": "4", "memory": "16Gi"}}}`}},
		{name: "unknown machine type is skipped",
			training: []string{`{"name": "any", "team": "ml", "image": "r/t:1.0", "pool": "odd",
				"resources": {"requests": {"cpu": "500", "memory": "1Ti"}, "limits": {"cpu": "500", "memory": "1Ti"}}}`}},
		{name: "distributed job wider than the pool",
			training: []string{job("ddp", "gpu", `, "gpu": 4, "distributed": {"nodes": 3}`)},
			want:     `workloads.training[0].distributed.nodes: runs one pod per node on 3 nodes at once, but pool "gpu" has at most 2`},
		{name: "distributed job as wide as the pool",
			training: []string{job("ddp", "gpu", `, "gpu": 4, "distributed": {"nodes": 2}`)}},
		{name: "RWO volume under replicas on several nodes",
			volumes:   `{"name": "w", "team": "ml", "purpose": "model", "size": "10Gi"}`,
			inference: []string{`{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "replicas": 2, "model": {"volume": "w", "source": "s3://m/w"}, ` + smallPod + `}`},
			want:      `workloads.volumes[0].accessMode: ReadWriteOnce volume "w" is mounted by up to 2 pods (workloads.inference[0].model.volume) that can land on different nodes`},
		{name: "RWO volume shared by workloads on different pools",
			volumes:  `{"name": "d", "team": "ml", "purpose": "data", "size": "10Gi"}`,
			training: []string{job("a", "cpu", `, "dataVolume": "d"`), job("b", "solo", `, "dataVolume": "d"`)},
			want:     `workloads.volumes[0].accessMode: ReadWriteOnce volume "d" is mounted by up to 2 pods (workloads.training[0].dataVolume, workloads.training[1].dataVolume)`},
		{name: "RWO volume under replicas on a one-node pool",
			volumes:   `{"name": "w", "team": "ml", "purpose": "model", "size": "10Gi"}`,
			inference: []string{`{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "solo", "replicas": 2, "model": {"volume": "w", "source": "s3://m/w"}, ` + smallPod + `}`}},
		{name: "RWX volume under replicas",
			volumes:   `{"name": "w", "team": "ml", "purpose": "model", "size": "10Gi", "accessMode": "ReadWriteMany"}`,
			inference: []string{`{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "replicas": 3, "model": {"volume": "w", "source": "s3://m/w"}, ` + smallPod + `}`}},
		{name: "two services on one ingress host and path",
			inference: []string{
				service("a", "cpu", `, "expose": {"type": "ingress", "host": "ml.example.com"}`),
				service("b", "cpu", `, "expose": {"type": "ingress", "host": "ML.example.com"}`),
			},
			want: `workloads.inference[1].expose.path: route ml.example.com/ is already claimed by workloads.inference[0].expose.path`},
		{name: "two services on one host, path with and without a trailing slash",
			inference: []string{
				service("a", "cpu", `, "expose": {"type": "ingress", "host": "ml.example.com", "path": "/models/a"}`),
				service("b", "cpu", `, "expose": {"type": "ingress", "host": "ml.example.com", "path": "/models/a/"}`),
			},
			want: `workloads.inference[1].expose.path: route ml.example.com/models/a is already claimed by workloads.inference[0].expose.path`},
		{name: "three services on one host under three paths",
			inference: []string{
				service("a", "cpu", `, "expose": {"type": "ingress", "host": "ml.example.com", "path": "/models/sentiment"}`),
				service("b", "cpu", `, "expose": {"type": "ingress", "host": "ml.example.com", "path": "/models/classification"}`),
				service("c", "cpu", `, "expose": {"type": "ingress", "host": "ml.example.com", "path": "/models/embedding"}`),
			}},
		{name: "two services on their own hosts",
			inference: []string{
				service("a", "cpu", `, "expose": {"type": "ingress", "host": "a.example.com"}`),
				service("b", "cpu", `, "expose": {"type": "ingress", "host": "b.example.com"}`),
			}},
		{name: "chart version that is not a version",
			addons: `{"monitoring": {"version": "latest"}}`,
			want:   `addons.monitoring.version: must be a chart version such as 1.2.3 or v25.3.0, got "latest"`},
		{name: "fluent bit chart version range",
			addons: `{"logging": {"fluentBit": {"version": "~0.47"}}}`,
			want:   `addons.logging.fluentBit.version: must be a chart version`},
		{name: "chart versions that are versions",
			addons: `{"gpuOperator": {"version": "v25.3.0"}, "monitoring": {"version": "75.15.1"}, "autoscaler": {"version": "9.46.6-rc.1"}}`},
		{name: "TTL on a scheduled job",
			training: []string{job("nightly", "cpu", `, "schedule": "0 3 * * *", "ttlSecondsAfterFinished": 3600`)}},
		{name: "MODEL_PATH to a file of the model",
			inference: []string{service("sk", "cpu", `, "env": {"MODEL_PATH": "/models/model.joblib"}`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertProblem(t, stackProblems(t, workloadsOf(tc.volumes, tc.inference, tc.training), tc.addons), tc.want)
		})
	}
}

// The rules speak only of real mistakes: every shipped stack passes them.
func TestShippedStacksPassCapacityRules(t *testing.T) {
	for _, s := range ListStacks("../..") {
		c, _, err := Load("../..", s)
		require.NoError(t, err, s)
		e := &errs{}
		pools := poolSet{}
		for i := range c.NodePools {
			pools[c.NodePools[i].Name] = &c.NodePools[i]
		}
		validateCapacity(e, c, pools)
		assert.Empty(t, e.list, "stack %s", s)
	}
}
