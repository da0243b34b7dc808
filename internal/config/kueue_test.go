package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestKueueWanted: Kueue comes with the first training job; a stack may
// force it on or off.
func TestKueueWanted(t *testing.T) {
	on, off := true, false
	training := Workloads{Training: []Training{{}}}
	serving := Workloads{Inference: []Inference{{}}}
	assert.True(t, Kueue{}.Wanted(training))
	assert.False(t, Kueue{}.Wanted(serving), "nothing to queue")
	assert.False(t, Kueue{Addon: Addon{Enabled: &off}}.Wanted(training))
	assert.True(t, Kueue{Addon: Addon{Enabled: &on}}.Wanted(serving))
}

func TestKueueKeys(t *testing.T) {
	for _, tc := range []struct {
		name, training, addons, want string
	}{
		{name: "grace for a checkpoint", training: job("t", "cpu", `, "checkpointGraceSeconds": 600`)},
		{name: "grace too long", training: job("t", "cpu", `, "checkpointGraceSeconds": 7200`),
			want: "workloads.training[0].checkpointGraceSeconds: must be a whole number from 1 to 3600"},
		{name: "kueue off", training: job("t", "cpu", ""), addons: `{"kueue": {"enabled": false}}`},
		{name: "kueue chart version", training: job("t", "cpu", ""), addons: `{"kueue": {"version": "0.x"}}`,
			want: "addons.kueue.version: must be a chart version"},
		{name: "kueue misspelled key", training: job("t", "cpu", ""), addons: `{"kueue": {"enable": false}}`,
			want: "addons.kueue.enable: unknown key"},
		{name: "kueue already runs", training: job("t", "cpu", ""), addons: `{"kueue": {"install": false}}`},
		{name: "kueue already runs, jobs unqueued", training: job("t", "cpu", ""), addons: `{"kueue": {"install": false, "enabled": false}}`,
			want: "addons.kueue.install: false says a Kueue in the cluster queues the training jobs, and enabled: false runs them unqueued"},
		{name: "kueue already runs, chart version", training: job("t", "cpu", ""), addons: `{"kueue": {"install": false, "version": "0.17.1"}}`,
			want: "addons.kueue.version: means nothing with install: false"},
		{name: "kueue already runs, chart values", training: job("t", "cpu", ""), addons: `{"kueue": {"install": false, "values": {"a": 1}}}`,
			want: "addons.kueue.values: means nothing with install: false"},
		{name: "kueue installed, chart values", training: job("t", "cpu", ""), addons: `{"kueue": {"install": true, "values": {"a": 1}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertProblem(t, stackProblems(t, workloadsOf("", nil, []string{tc.training}), tc.addons), tc.want)
		})
	}
}

// TestKueueAlreadyRunsNeedsAdoptedCluster: a cluster the stack creates has
// no Kueue before its first pulumi up, so install: false is refused there,
// with every other problem of the key in the same report.
func TestKueueAlreadyRunsNeedsAdoptedCluster(t *testing.T) {
	raw := with("addons", `{"kueue": {"install": false, "version": "0.17.1"}}`,
		"cluster", `{"provider": "eks", "name": "dev", "region": "us-east-1"}`)
	got := problems(t, raw)
	assert.Contains(t, strings.Join(got, "\n"), "addons.kueue.install: false needs a cluster where Kueue already runs (provider: existing); provider eks creates the cluster")
	assert.Contains(t, strings.Join(got, "\n"), "addons.kueue.version: means nothing")

	adopted := with("addons", `{"kueue": {"install": false}}`)
	_, err := Parse("mlkube", "test", adopted)
	assert.NoError(t, err)
}

func TestKueueInstalls(t *testing.T) {
	no, yes := false, true
	assert.True(t, Kueue{}.Installs(), "mlkube installs Kueue unless told it runs already")
	assert.True(t, Kueue{Install: &yes}.Installs())
	assert.False(t, Kueue{Install: &no}.Installs())
}
