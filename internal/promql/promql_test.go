package promql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		expr            string
		metrics, labels []string
	}{
		{`DCGM_FI_DEV_GPU_UTIL{Hostname=~"$node"} * 1000000`, []string{"DCGM_FI_DEV_GPU_UTIL"}, []string{"Hostname"}},
		{`avg by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL) > 85`, []string{"DCGM_FI_DEV_GPU_UTIL"}, []string{"Hostname", "gpu"}},
		{`histogram_quantile(0.99, sum by (namespace, le) (rate(x_bucket{service="a, b}"}[5m]))) > 0.5`, []string{"x_bucket"}, []string{"le", "namespace", "service"}},
		{`sum(rate(r{code=~"5.."}[5m])) / ignoring(code) sum without (pod) (rate(r[5m]))`, []string{"r"}, []string{"code", "pod"}},
		{`a{__name__="a", exported_pod=~'p-.*'} and on (instance) b offset 5m`, []string{"a", "b"}, []string{"exported_pod", "instance"}},
		{`count by (node) (kube_node_info) or vector(0)`, []string{"kube_node_info"}, []string{"node"}},
	} {
		u, err := Parse(tt.expr)
		require.NoError(t, err, tt.expr)
		assert.Equal(t, tt.metrics, u.Metrics, tt.expr)
		assert.Equal(t, tt.labels, u.Labels, tt.expr)
	}
	for _, bad := range []string{`a{b="c"`, `a{b=c}`, `sum by (a (x)`, `a[5m`, `a{b="c}`} {
		_, err := Parse(bad)
		assert.Error(t, err, bad)
	}
}

func TestTemplateLabels(t *testing.T) {
	assert.Equal(t, []string{"gpu", "pod"}, TemplateLabels("{{pod}} gpu {{ gpu }}"))
	assert.Equal(t, []string{"Hostname", "gpu"}, TemplateLabels("GPU {{ $labels.gpu }} on {{ $labels.Hostname }} is busy"))
	assert.Empty(t, TemplateLabels("errors"))
	m, l, ok := LabelValues("label_values(DCGM_FI_DEV_GPU_UTIL, Hostname)")
	assert.True(t, ok)
	assert.Equal(t, []string{"DCGM_FI_DEV_GPU_UTIL", "Hostname"}, []string{m, l})
	_, _, ok = LabelValues("prometheus")
	assert.False(t, ok)
}

// TestSeriesLabels: a clashing exposed label keeps its name only when the
// scrape honours it; relabelings add target labels.
func TestSeriesLabels(t *testing.T) {
	exposed := []string{"gpu", "namespace", "pod"}
	for _, tt := range []struct {
		name string
		kind string
		spec map[string]any
		want []string
	}{
		{"service monitor, honorLabels", "ServiceMonitor", map[string]any{"endpoints": []any{map[string]any{"honorLabels": true}}},
			[]string{"container", "endpoint", "gpu", "instance", "job", "namespace", "pod", "service"}},
		{"service monitor, target labels win", "ServiceMonitor", map[string]any{"endpoints": []any{map[string]any{}}},
			[]string{"container", "endpoint", "exported_namespace", "exported_pod", "gpu", "instance", "job", "namespace", "pod", "service"}},
		{"pod monitor with a relabeling", "PodMonitor", map[string]any{"podMetricsEndpoints": []any{map[string]any{
			"honorLabels": true, "relabelings": []any{map[string]any{"action": "replace", "targetLabel": "service"}, map[string]any{"action": "labeldrop", "regex": "x"}}}}},
			[]string{"container", "endpoint", "gpu", "instance", "job", "namespace", "pod", "service"}},
		{"pod monitor has no service", "PodMonitor", map[string]any{"podMetricsEndpoints": []any{map[string]any{"honorLabels": true}}},
			[]string{"container", "endpoint", "gpu", "instance", "job", "namespace", "pod"}},
	} {
		s, err := ScrapesOf(tt.kind, tt.spec)
		require.NoError(t, err, tt.name)
		require.Len(t, s, 1, tt.name)
		assert.Equal(t, tt.want, s[0].SeriesLabels(exposed), tt.name)
	}
	_, err := ScrapesOf("Probe", map[string]any{})
	assert.Error(t, err)
	_, err = ScrapesOf("PodMonitor", map[string]any{"endpoints": []any{map[string]any{}}})
	assert.ErrorContains(t, err, "podMetricsEndpoints")
}
