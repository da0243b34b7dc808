package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/charts"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/helmrelease"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeChart writes a chart folder into the cache under the name and
// version of the pinned GPU operator. Its DaemonSet takes tolerations from
// a value the real values do not set: a planted mistake.
func fakeChart(t *testing.T, dir string, c versions.Chart) {
	t.Helper()
	root := filepath.Join(dir, c.Name+"-"+c.Version)
	require.NoError(t, os.MkdirAll(filepath.Join(root, "templates"), 0o755))
	files := map[string]string{
		"Chart.yaml": "apiVersion: v2\nname: " + c.Name + "\nversion: " + strings.TrimPrefix(c.Version, "v") + "\n",
		"templates/agent.yaml": `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ .Release.Name }}-agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      tolerations: {{ toJson (.Values.agentTolerations | default list) }}
      containers:
        - name: agent
          image: nvcr.io/nvidia/agent:1.0.0
`,
	}
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(body), 0o644))
	}
}

func TestCachedChartsAreRenderedIntoThePlan(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(charts.EnvCache, dir)
	fakeChart(t, dir, versions.GPUOperator)

	sf, cfg := stackFile(t, "workstation")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)

	var ds *policy.Resource
	for i := range p.Resources {
		if p.Resources[i].Rendered && p.Resources[i].Type == "kubernetes:apps/v1:DaemonSet" {
			ds = &p.Resources[i]
		}
	}
	require.NotNil(t, ds, "the cached chart's DaemonSet is in the plan")
	assert.Contains(t, ds.URN, "kubernetes:helm.sh/v3:Release")
	assert.Equal(t, 0, durationOf(ds), "rendered objects take no time of their own")

	var found bool
	for _, f := range p.Findings {
		if f.Policy == "gpu-daemonset-coverage" && f.URN == ds.URN {
			found = true
			assert.Contains(t, f.Message, "gpu-operator-agent")
		}
	}
	assert.True(t, found, "the planted mistake (no GPU toleration) is a finding: %v", p.Findings)

	out, err := p.RenderYAML()
	require.NoError(t, err)
	assert.Contains(t, string(out), "name: gpu-operator-agent")
	for _, o := range p.ProgramObjects() {
		assert.NotEqual(t, "gpu-operator-agent", strings.TrimPrefix(o.Name(), "gpu-operator/"))
	}

	// Without the cache the release is planned at the values level only.
	t.Setenv(charts.EnvCache, t.TempDir())
	p2, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	for _, r := range p2.Resources {
		assert.False(t, r.Rendered, r.URN)
	}
}

// TestShippedStacksRenderTheirCharts: with the chart cache built (`mlkube
// charts pull` or ../shared/charts/build.py), every release of every
// shipped stack is rendered into its plan, so the manifest-level policies
// (TestShippedStacksPlanWithoutErrorFindings) see the charts' objects.
// Without it the stack is skipped, naming what is missing.
func TestShippedStacksRenderTheirCharts(t *testing.T) {
	dir := charts.CacheDir()
	for _, name := range config.ListStacks("../..") {
		t.Run(name, func(t *testing.T) {
			sf, cfg := stackFile(t, name)
			p, err := BuildConfig(sf, cfg)
			require.NoError(t, err)
			rendered := map[string]int{}
			for _, r := range p.Resources {
				if r.Rendered {
					rendered[r.Parent]++
				}
			}
			var missing []string
			for _, r := range p.Resources {
				if r.Type != "kubernetes:helm.sh/v3:Release" {
					continue
				}
				version := r.Inputs["version"].(string)
				chart := helmrelease.ChartName(r.Inputs["chart"].(string), version)
				if charts.Find(dir, chart, version) == "" {
					missing = append(missing, chart+"-"+version)
					continue
				}
				assert.Positive(t, rendered[r.URN], "release %s: chart %s %s is cached but rendered no object", r.Name, chart, version)
			}
			if len(missing) > 0 {
				t.Skipf("chart cache %s lacks %s: those releases are planned by their values only, and the manifest-level policies do not see their objects", dir, strings.Join(missing, ", "))
			}
		})
	}
}
