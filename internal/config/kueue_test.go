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
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := stackProblems(t, workloadsOf("", nil, []string{tc.training}), tc.addons)
			if tc.want == "" {
				assert.Empty(t, got)
				return
			}
			found := false
			for _, g := range got {
				found = found || strings.HasPrefix(g, tc.want)
			}
			assert.True(t, found, "want a problem starting with\n  %s\ngot\n  %s", tc.want, strings.Join(got, "\n  "))
		})
	}
}
