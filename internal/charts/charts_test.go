package charts_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/mlkube/mlkube/internal/cluster"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/charts"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
)

// fixture is a small node-agent chart: a DaemonSet whose tolerations and
// node selector come from values, a Secret, a CRD, NOTES, a test hook, a
// pre-install hook Job and an optional subchart.
var fixture = map[string]string{
	"Chart.yaml": `apiVersion: v2
name: agent
version: 0.1.0
kubeVersion: ">=1.29.0-0"
dependencies:
  - name: extra
    version: 0.1.0
    condition: extra.enabled
`,
	"values.yaml": `image: registry.example/agent:1.2.3
tolerations: []
nodeSelector: {}
password: hunter2
extra:
  enabled: false
`,
	"templates/daemonset.yaml": `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ .Release.Name }}
  labels:
    app: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      {{- with .Values.nodeSelector }}
      nodeSelector: {{ toYaml . | nindent 8 }}
      {{- end }}
      tolerations: {{ toYaml .Values.tolerations | nindent 8 }}
      containers:
        - name: agent
          image: {{ .Values.image }}
`,
	"templates/secret.yaml": `apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-auth
stringData:
  password: {{ .Values.password | quote }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  kube: {{ .Capabilities.KubeVersion.Version | quote }}
`,
	"templates/hook.yaml": `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-setup
  annotations:
    helm.sh/hook: pre-install
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: setup
          image: registry.example/setup:1.0.0
`,
	"templates/tests/test.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    helm.sh/hook: test
spec:
  containers:
    - name: t
      image: busybox:latest
`,
	"templates/NOTES.txt": `Thanks for installing {{ .Release.Name }}.`,
	"crds/widgets.yaml": `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: {type: object}
`,
	"charts/extra/Chart.yaml": "apiVersion: v2\nname: extra\nversion: 0.1.0\n",
	"charts/extra/templates/cm.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: extra
`,
}

func writeChart(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "agent")
	for name, text := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return dir
}

// cache packages the fixture into a fresh cache folder, as `mlkube charts
// pull` leaves it, and points MLKUBE_CHART_CACHE at it.
func cache(t *testing.T) string {
	t.Helper()
	ch, err := loader.Load(writeChart(t, fixture))
	require.NoError(t, err)
	dir := t.TempDir()
	path, err := chartutil.Save(ch, dir)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, charts.ArchiveName("agent", "0.1.0")), path)
	t.Setenv(charts.EnvCache, dir)
	return dir
}

// pools are a CPU pool and a GPU pool with the taint every GPU pool carries.
var pools = []config.NodePool{
	{Name: "system", Labels: gpu.PoolLabels("system", "")},
	{Name: "gpu", Labels: gpu.PoolLabels("gpu", "t4"), GPU: &config.GPU{Model: "t4", Count: 1},
		Taints: []config.Taint{{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect}}},
}

const releaseURN = "urn:pulumi:test::mlkube::mlkube:addons:Logging$kubernetes:helm.sh/v3:Release::agent"

// findings renders the cached fixture with values and runs the policy set
// over its objects, as the plan does for a cached chart.
func findings(t *testing.T, values map[string]any) []policy.Finding {
	t.Helper()
	objs, cached, err := charts.RenderRelease("agent", "0.1.0", values, "logging")
	require.NoError(t, err)
	require.True(t, cached)
	release := policy.Resource{URN: releaseURN, Type: "kubernetes:helm.sh/v3:Release", Name: "agent", Custom: true,
		Inputs: map[string]any{"chart": "agent", "version": "0.1.0", "values": values}}
	return policy.Check(policy.Input{Pools: cluster.PoolsFrom(pools), Resources: append([]policy.Resource{release}, charts.Resources(releaseURN, objs)...)})
}

func TestRenderedDaemonSetWithoutGPUTolerationIsFound(t *testing.T) {
	cache(t)
	// The planted mistake: a node agent with no tolerations.
	got := findings(t, map[string]any{"tolerations": []any{}})
	var coverage []policy.Finding
	for _, f := range got {
		if f.Policy == "gpu-daemonset-coverage" {
			coverage = append(coverage, f)
		}
	}
	require.Len(t, coverage, 1, "%v", got)
	assert.Equal(t, policy.SeverityWarning, coverage[0].Severity)
	assert.Equal(t, "urn:pulumi:test::mlkube::mlkube:addons:Logging$kubernetes:helm.sh/v3:Release$kubernetes:apps/v1:DaemonSet::agent/logging/agent", coverage[0].URN)
	assert.Contains(t, coverage[0].Message, "gpu ("+gpu.TaintKey+"="+gpu.TaintValue+":"+gpu.TaintEffect+")")

	// The same chart with the toleration mlkube computes has no finding,
	// and neither the Widget CRD nor the test hook's busybox:latest image
	// yields one (the hook is dropped; the CRD comes with the release).
	for _, tolerations := range [][]any{
		{map[string]any{"operator": "Exists"}},
		{map[string]any{"key": gpu.TaintKey, "operator": "Exists", "effect": gpu.TaintEffect}},
	} {
		assert.Empty(t, findings(t, map[string]any{"tolerations": tolerations}))
	}
}

func TestRenderIsHelmInstallWithoutACluster(t *testing.T) {
	dir := writeChart(t, fixture)
	objs, err := charts.RenderPath(dir, map[string]any{"nodeSelector": map[string]any{gpu.PoolLabel: "gpu"}},
		charts.Options{Namespace: "logging", KubeVersion: "1.33"})
	require.NoError(t, err)

	var kinds []string
	for _, o := range objs {
		kinds = append(kinds, charts.TypeToken(o)+" "+fmt.Sprint(o["metadata"].(map[string]any)["name"]))
	}
	// CRDs first, then pre-install hooks, then the manifests in Helm's
	// install order; NOTES, the test hook and the disabled subchart are gone.
	assert.Equal(t, []string{
		"kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition widgets.example.com",
		"kubernetes:batch/v1:Job agent-setup",
		"kubernetes:core/v1:Secret agent-auth",
		"kubernetes:core/v1:ConfigMap agent-config",
		"kubernetes:apps/v1:DaemonSet agent",
	}, kinds)

	byName := map[string]map[string]any{}
	for _, o := range objs {
		byName[o["metadata"].(map[string]any)["name"].(string)] = o
	}
	assert.Equal(t, charts.Redacted, byName["agent-auth"]["stringData"].(map[string]any)["password"], "secret values are redacted")
	assert.Equal(t, "v1.33.0", byName["agent-config"]["data"].(map[string]any)["kube"])
	assert.Equal(t, "logging", byName["agent"]["metadata"].(map[string]any)["namespace"], "namespaced objects get the release namespace")
	assert.Nil(t, byName["widgets.example.com"]["metadata"].(map[string]any)["namespace"], "CRDs stay cluster-scoped")
	spec := byName["agent"]["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
	assert.Equal(t, map[string]any{gpu.PoolLabel: "gpu"}, spec["nodeSelector"])

	// Same inputs, same objects; the subchart appears when enabled.
	again, err := charts.RenderPath(dir, map[string]any{"nodeSelector": map[string]any{gpu.PoolLabel: "gpu"}},
		charts.Options{Namespace: "logging", KubeVersion: "1.33"})
	require.NoError(t, err)
	assert.Equal(t, objs, again)
	withExtra, err := charts.RenderPath(dir, map[string]any{"extra": map[string]any{"enabled": true}}, charts.Options{Namespace: "logging"})
	require.NoError(t, err)
	assert.Len(t, withExtra, len(objs)+1)

	_, err = charts.RenderPath(dir, nil, charts.Options{KubeVersion: "1.28"})
	assert.ErrorContains(t, err, "requires Kubernetes >=1.29.0-0")
}

func TestRenderReleaseWithoutCachedChart(t *testing.T) {
	t.Setenv(charts.EnvCache, t.TempDir())
	objs, cached, err := charts.RenderRelease("gpu-operator", "v26.3.3", map[string]any{}, "gpu-operator")
	assert.NoError(t, err)
	assert.False(t, cached)
	assert.Nil(t, objs)
}

func TestCacheDir(t *testing.T) {
	t.Setenv(charts.EnvCache, "/cache/here")
	assert.Equal(t, "/cache/here", charts.CacheDir())
	t.Setenv(charts.EnvCache, "")
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	assert.Equal(t, "/xdg/mlkube/charts", charts.CacheDir())
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "/home/u")
	assert.Equal(t, "/home/u/.cache/mlkube/charts", charts.CacheDir())
}

// TestPull serves a Helm repository from a local HTTP server: the index
// names the archive by a relative URL with its digest.
func TestPull(t *testing.T) {
	ch, err := loader.Load(writeChart(t, fixture))
	require.NoError(t, err)
	archive, err := chartutil.Save(ch, t.TempDir())
	require.NoError(t, err)
	data, err := os.ReadFile(archive)
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])

	index := func(d string) string {
		return "apiVersion: v1\nentries:\n  agent:\n  - name: agent\n    version: 0.1.0\n    digest: " + d +
			"\n    urls: [charts/agent-0.1.0.tgz]\n  - name: agent\n    version: 0.0.9\n    urls: [x.tgz]\n"
	}
	served := index(digest)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/repo/index.yaml":
			fmt.Fprint(w, served)
		case "/repo/charts/agent-0.1.0.tgz":
			w.Write(data)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	dir := filepath.Join(t.TempDir(), "cache")
	path, err := charts.Pull(context.Background(), srv.Client(), srv.URL+"/repo", "agent", "0.1.0", dir)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "agent-0.1.0.tgz"), path)
	list, err := charts.Cached(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"agent-0.1.0.tgz"}, list, "no temporary files are left")

	_, err = charts.Pull(context.Background(), srv.Client(), srv.URL+"/repo", "agent", "9.9.9", dir)
	assert.ErrorContains(t, err, "has no chart agent version 9.9.9")

	served = index(strings.Repeat("0", 64))
	_, err = charts.Pull(context.Background(), srv.Client(), srv.URL+"/repo", "agent", "0.1.0", t.TempDir())
	assert.ErrorContains(t, err, "sha256")
}
