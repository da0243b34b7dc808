package config

import (
	"errors"
	"github.com/mlkube/mlkube/internal/gpu"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// minimal is the smallest valid configuration; tests override keys.
func minimal() map[string]string {
	return map[string]string{
		"mlkube:cluster":   `{"provider": "existing", "name": "dev", "existing": {"blockProvisioner": "rancher.io/local-path"}}`,
		"mlkube:nodePools": `[{"name": "cpu", "min": 1, "max": 2, "nodes": ["cpu-0", "cpu-1"]}, {"name": "gpu", "max": 2, "nodes": ["gpu-0", "gpu-1"], "gpu": {"model": "a100", "count": 8}}]`,
	}
}

func with(kv ...string) map[string]string {
	raw := minimal()
	for i := 0; i < len(kv); i += 2 {
		raw["mlkube:"+kv[i]] = kv[i+1]
	}
	return raw
}

func problems(t *testing.T, raw map[string]string) []string {
	t.Helper()
	_, err := Parse("mlkube", "test", raw)
	require.Error(t, err)
	var list Errors
	require.True(t, errors.As(err, &list), "want config.Errors, got %T: %v", err, err)
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Error()
	}
	return out
}

func TestMinimalIsValidAndDefaulted(t *testing.T) {
	c, err := Parse("mlkube", "test", minimal())
	require.NoError(t, err)
	assert.Equal(t, EnvDev, c.Environment)
	assert.Equal(t, DefaultKubernetesVersion, c.Cluster.KubernetesVersion)

	cpu, gpuPool := c.NodePools[0], c.NodePools[1]
	assert.Empty(t, cpu.Taints, "CPU pools are not tainted")
	assert.Equal(t, map[string]string{"mlkube.io/pool": "cpu"}, cpu.Labels)
	assert.Equal(t, DefaultDiskGB, cpu.DiskGB)

	require.Len(t, gpuPool.Taints, 1, "a GPU pool gets the GPU taint without being asked")
	assert.Equal(t, Taint{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}, gpuPool.Taints[0])
	assert.Equal(t, "nvidia", gpuPool.Labels["mlkube.io/accelerator"])
	assert.Equal(t, "a100", gpuPool.Labels["mlkube.io/gpu-model"])
	assert.Equal(t, gpu.SharingNone, gpuPool.GPU.Sharing.Mode)
	assert.Equal(t, "none", gpuPool.Labels["nvidia.com/device-plugin.config"], "nodes select the GPU operator's sharing config")
	assert.Equal(t, DefaultGPUDiskGB, gpuPool.DiskGB)
}

func TestUserLabelsAndTaintsAreKept(t *testing.T) {
	c, err := Parse("mlkube", "test", with("nodePools", `[
		{"name": "cpu", "nodes": ["c0"]},
		{"name": "gpu", "nodes": ["g0"], "labels": {"team": "nlp"},
		 "taints": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NoExecute"}, {"key": "dedicated", "value": "nlp"}],
		 "gpu": {"model": "t4", "count": 1}}]`))
	require.NoError(t, err)
	p := c.NodePools[1]
	assert.Equal(t, "nlp", p.Labels["team"])
	assert.Equal(t, "gpu", p.Labels["mlkube.io/pool"])
	require.Len(t, p.Taints, 2, "the user's own GPU taint replaces the default one")
	assert.Equal(t, "NoExecute", p.Taints[0].Effect)
	assert.Equal(t, "NoSchedule", p.Taints[1].Effect, "a taint without effect defaults to NoSchedule")
}

func TestSharing(t *testing.T) {
	tests := []struct {
		name    string
		sharing string
		want    Sharing
		problem string
	}{
		{"none", `"none"`, Sharing{Mode: gpu.SharingNone}, ""},
		{"time slicing", `{"timeSlicing": 4}`, Sharing{Mode: gpu.SharingTimeSlicing, Replicas: 4}, ""},
		{"mig", `{"mig": {"strategy": "single", "profile": "all-1g.10gb"}}`, Sharing{Mode: gpu.SharingMIG, MIGStrategy: "single", MIGProfile: "all-1g.10gb"}, ""},
		{"bad word", `"all"`, Sharing{}, `nodePools[1].gpu.sharing: must be none, {timeSlicing: N} or {mig: {strategy: single|mixed, profile: ...}}, got "all"`},
		{"one replica", `{"timeSlicing": 1}`, Sharing{}, "nodePools[1].gpu.sharing.timeSlicing: must be a whole number from 2 to 48, got 1"},
		{"two modes", `{"timeSlicing": 2, "mig": {}}`, Sharing{}, "nodePools[1].gpu.sharing: must have exactly one of timeSlicing or mig, got 2 keys"},
		{"bad strategy", `{"mig": {"strategy": "all", "profile": "x"}}`, Sharing{}, `nodePools[1].gpu.sharing.mig.strategy: must be single or mixed, got "all"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := with("nodePools", `[{"name": "cpu", "nodes": ["c0"]}, {"name": "gpu", "nodes": ["g0"], "gpu": {"model": "a100", "count": 1, "sharing": `+tt.sharing+`}}]`)
			if tt.problem != "" {
				assert.Contains(t, problems(t, raw), tt.problem)
				return
			}
			c, err := Parse("mlkube", "test", raw)
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.NodePools[1].GPU.Sharing)
			labels := c.NodePools[1].Labels
			switch tt.want.Mode {
			case gpu.SharingTimeSlicing:
				assert.Equal(t, "time-slicing-4", labels["nvidia.com/device-plugin.config"])
			case gpu.SharingMIG:
				assert.Equal(t, "mig-single", labels["nvidia.com/device-plugin.config"])
				assert.Equal(t, "all-1g.10gb", labels["nvidia.com/mig.config"])
			}
		})
	}
}

func TestMIGNeedsMIGCapableModel(t *testing.T) {
	raw := with("nodePools", `[{"name": "cpu", "nodes": ["c0"]}, {"name": "gpu", "nodes": ["g0"], "gpu": {"model": "t4", "count": 1, "sharing": {"mig": {"strategy": "single", "profile": "all-1g.5gb"}}}}]`)
	assert.Contains(t, problems(t, raw), `nodePools[1].gpu.sharing.mig: GPU model "t4" does not support MIG; use timeSlicing or none`)
}

// TestEveryErrorAtOnce is the contract of Parse: one run lists every
// mistake, each with its key path.
func TestEveryErrorAtOnce(t *testing.T) {
	raw := map[string]string{
		"mlkube:environment": "prod",
		"mlkube:cluster":     `{"provider": "eks", "name": "ML", "kubernetesVersion": 1.3, "regoin": "eu-west-1"}`,
		"mlkube:nodePools": `[
			{"name": "cpu", "machineType": "m6i.large", "min": 3, "max": 2},
			{"name": "gpu", "machineType": "g5.xlarge", "max": 2, "gpu": {"model": "a10g", "count": 0.5}},
			{"name": "cpu", "machineType": "m6i.large", "max": "two"}]`,
		"mlkube:colour": "blue",
	}
	got := problems(t, raw)
	want := []string{
		`cluster.kubernetesVersion: must be a string, got the number 1.3: quote the value in the stack file (YAML reads 1.30 as the number 1.3)`,
		`cluster.name: must be 1-40 lowercase letters, digits or '-', starting with a letter, got "ML"`,
		`cluster.regoin: unknown key (did you mean "region"?); known keys here: admins, endpoint, existing, kubernetesVersion, name, network, provider, region`,
		`colour: unknown key; known keys: addons, cluster, environment, kubeconfig, nodePools, prices, sshPrivateKey, workloads`,
		`environment: must be dev, staging or production, got "prod"`,
		`nodePools[0].min: must be <= max (2), got 3`,
		`nodePools[1].gpu.count: must be a whole number from 1 to 16, got 0.5`,
		`nodePools[2].max: must be a whole number from 0 to 1000, got "two"`,
		`nodePools[2].name: duplicates pool "cpu"`,
	}
	assert.Equal(t, want, got)
}

// TestWorkloadMistakes: the stack file's own checks of workloads, the ones
// that need the whole stack (teams, pools, volumes, quotas). The rules of
// each field are the components'; internal/platform's check_test runs them.
func TestWorkloadMistakes(t *testing.T) {
	workloads := `{
		"teams": [{"name": "ml", "quota": {"gpus": 2, "cpu": "lots"}}],
		"volumes": [{"name": "w", "team": "ml", "purpose": "model", "size": "10Gi"}],
		"inference": [
			{"name": "a", "team": "ml", "image": "repo/server", "pool": "gpu", "gpu": 1,
			 "resources": {"requests": {"cpu": "4", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "1Gi"}},
			 "model": {"volume": "w"}},
			{"name": "b", "team": "ml", "image": "repo/server:latest", "pool": "cpu", "gpu": 1,
			 "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
			 "model": {"source": "ftp://x"}},
			{"name": "c", "team": "ml", "image": "repo/server:1.0", "pool": "nowhere",
			 "resources": {"requests": {"cpu": "1"}, "limits": {"cpu": "1", "memory": "1Gi"}},
			 "model": {"source": "s3://b/m"}}
		],
		"training": [
			{"name": "t", "team": "ml", "image": "repo/trainer@sha256:abc", "pool": "gpu", "gpu": 9,
			 "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
			 "env": {"WANDB_API_KEY": "abc"}, "schedule": "every day"}
		]}`
	got := problems(t, with("workloads", workloads))
	for _, want := range []string{
		`workloads.teams[0].quota.cpu: must be a Kubernetes quantity such as 500m, 4 or 16Gi, got "lots"`,
		`workloads.inference[1].gpu: asks for 1 GPU(s) but pool "cpu" has no GPUs`,
		`workloads.inference[2].pool: must name a pool in nodePools (one of cpu, gpu), got "nowhere"`,
		`workloads.training[0].gpu: asks for 9 GPU(s) but a node of pool "gpu" offers 8`,
		`workloads.teams[0].quota.gpus: team "ml" needs 13 GPU(s) when its workloads run at full scale, quota is 2`,
	} {
		assert.Contains(t, got, want)
	}
}

func TestFractionalAndZeroGPURejected(t *testing.T) {
	for _, gpu := range []string{"0.5", "0", "-1"} {
		w := `{"teams": [{"name": "ml", "quota": {"gpus": 8}}], "inference": [{"name": "a", "team": "ml", "image": "r/s:1.0", "pool": "gpu", "gpu": ` + gpu + `,
			"resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}}, "model": {"source": "s3://b/m"}}]}`
		assert.Contains(t, problems(t, with("workloads", w)), "workloads.inference[0].gpu: must be a whole number from 1 to 16, got "+gpu)
	}
}

func TestNaturalOrder(t *testing.T) {
	assert.True(t, naturalLess("nodePools[2].max", "nodePools[10].max"))
	assert.False(t, naturalLess("nodePools[10].max", "nodePools[2].max"))
	assert.True(t, naturalLess("cluster.name", "cluster.region"))
}

func TestMIGProfileMustBeUniform(t *testing.T) {
	raw := with("nodePools", `[{"name": "cpu", "nodes": ["c0"]}, {"name": "gpu", "nodes": ["g0"], "gpu": {"model": "a100", "count": 8, "sharing": {"mig": {"strategy": "mixed", "profile": "all-balanced"}}}}]`)
	assert.Contains(t, problems(t, raw), `nodePools[1].gpu.sharing.mig.profile: must be a profile such as all-1g.10gb (every GPU split into one instance size), got "all-balanced"`)
}

func TestParseStackFileRedactsSecrets(t *testing.T) {
	sf, err := ParseStackFile("mlkube", "s", []byte(`
config:
  mlkube:kubeconfig:
    secure: v1:abcdef
  mlkube:cluster:
    provider: existing
    name: s
    existing: {kubeconfig: /tmp/kc}
  aws:region: eu-west-1
`))
	require.NoError(t, err)
	assert.Equal(t, SecretPlaceholder, sf.Values["mlkube:kubeconfig"])
	assert.Equal(t, []string{"mlkube:kubeconfig"}, sf.SecretKeys)
	assert.Equal(t, "eu-west-1", sf.Values["aws:region"], "other namespaces pass through untouched")
	assert.JSONEq(t, `{"provider":"existing","name":"s","existing":{"kubeconfig":"/tmp/kc"}}`, sf.Values["mlkube:cluster"])
}

func TestShippedStacksAreValid(t *testing.T) {
	stacks := ListStacks("../..")
	require.Contains(t, stacks, "local")
	for _, s := range stacks {
		_, _, err := Load("../..", s)
		assert.NoError(t, err, "stack %s", s)
	}
}

func TestUnknownStackListsTheOthers(t *testing.T) {
	_, _, err := Load("../..", "nope")
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "stacks available: ") && strings.Contains(err.Error(), "local"), err.Error())
}

func TestPrices(t *testing.T) {
	c, err := Parse("mlkube", "test", with("prices", `{"p4d.24xlarge": 15.8}`))
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"p4d.24xlarge": 15.8}, c.Prices)
	got := problems(t, with("prices", `{"g5.xlarge": -1, "m6i.large": "cheap"}`))
	require.Len(t, got, 2)
	assert.Equal(t, "prices.g5.xlarge: must be a price in USD per node hour above 0 and at most 10000, got -1", got[0])
	assert.Contains(t, got[1], "prices.m6i.large: must be a number")
}

// TestTeamAndVolumeNames: team and volume names are DNS labels, each taken
// once within its kind.
func TestTeamAndVolumeNames(t *testing.T) {
	got := problems(t, with("workloads", `{
		"teams": [{"name": "ml"}, {"name": "ml"}, {"name": "ML"}],
		"volumes": [{"name": "w", "team": "ml", "purpose": "data", "size": "1Gi"},
		            {"name": "w", "team": "ml", "purpose": "data", "size": "1Gi"},
		            {"name": "ml", "team": "ml", "purpose": "data", "size": "1Gi"},
		            {"name": "W_1", "team": "ml", "purpose": "data", "size": "1Gi"}]}`))
	assert.Contains(t, got, `workloads.teams[1].name: duplicates team "ml"`)
	assert.Contains(t, got, `workloads.teams[2].name: must be lowercase letters, digits or '-', got "ML"`)
	assert.Contains(t, got, `workloads.volumes[1].name: duplicates volume "w"`)
	assert.Contains(t, got, `workloads.volumes[3].name: must be lowercase letters, digits or '-', got "W_1"`)
	for _, g := range got {
		assert.NotContains(t, g, "workloads.volumes[2].name", "a volume may share a team's name")
	}
}
