package monitoring_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons/gpuoperator"
	"github.com/mlkube/mlkube/addons/metrics"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/internal/promql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// family is a set of series one exporter exposes, with the labels it puts
// on them itself and the scrape that stores them.
type family struct {
	source  string
	match   func(metric string) bool
	exposed []string
	scrape  promql.Scrape
}

// dcgmLabels are the DCGM exporter's own labels on every GPU series: the
// device's (gpu, UUID, pci_bus_id, device, modelName, Hostname) and, with
// Kubernetes pod mapping on (the GPU operator's default), the pod that
// holds the GPU (NVIDIA/dcgm-exporter internal/pkg/transformation, read
// 2026-12-04).
var dcgmLabels = []string{"gpu", "UUID", "pci_bus_id", "device", "modelName", "Hostname", "namespace", "pod", "container"}

func scrapeOf(t *testing.T, kind string, spec map[string]any) promql.Scrape {
	t.Helper()
	s, err := promql.ScrapesOf(kind, spec)
	require.NoError(t, err)
	require.Len(t, s, 1, "one endpoint per monitor")
	return s[0]
}

// families derives each series' labels from the scrape configuration
// mlkube writes (the DCGM exporter's ServiceMonitor, the inference
// PodMonitor) and, for kube-state-metrics, the chart's: kube-prometheus-stack
// 88.5.3 sets kube-state-metrics.prometheus.monitor.honorLabels: true
// (its values.yaml, read 2026-12-04), so the pod's namespace and name
// keep their names.
func families(t *testing.T) []family {
	exact := func(names ...string) func(string) bool {
		return func(m string) bool {
			for _, n := range names {
				if m == n {
					return true
				}
			}
			return false
		}
	}
	server := scrapeOf(t, "PodMonitor", inference.PodMonitorSpec("llm", inference.Scrape{}))
	return []family{
		{"the DCGM exporter", func(m string) bool { return strings.HasPrefix(m, "DCGM_FI_") }, dcgmLabels,
			scrapeOf(t, "ServiceMonitor", gpuoperator.MonitorSpec())},
		{"a model server's latency histogram", exact(monitoring.LatencyHistogram + "_bucket"), []string{"le"}, server},
		{"a model server's request counter", exact(monitoring.RequestCounter), []string{"code"}, server},
		{"a model server's queue gauge", exact(monitoring.QueueMetric), nil, server},
		{"kube-state-metrics", exact("kube_pod_status_phase"), []string{"namespace", "pod", "uid", "phase"},
			scrapeOf(t, "ServiceMonitor", map[string]any{"endpoints": []any{map[string]any{"honorLabels": true}}})},
	}
}

// reporter is what checkExpr reports to: a *testing.T, or a recorder in
// the test of the check itself.
type reporter interface {
	Errorf(format string, args ...any)
	FailNow()
	Helper()
}

// checkExpr fails for every label an expression (or the legend or summary
// that prints its result) names that the scraped series do not carry.
func checkExpr(t reporter, fams []family, where, expr string, printed ...string) {
	t.Helper()
	u, err := promql.Parse(expr)
	require.NoError(t, err, where)
	require.NotEmpty(t, u.Metrics, "%s: %s selects no series", where, expr)
	for _, m := range u.Metrics {
		var fam *family
		for i := range fams {
			if fams[i].match(m) {
				fam = &fams[i]
			}
		}
		if !assert.NotNil(t, fam, "%s: no scrape produces %s", where, m) {
			continue
		}
		have := fam.scrape.SeriesLabels(fam.exposed)
		for _, l := range append(u.Labels, printed...) {
			assert.Contains(t, have, l, "%s: %s from %s has no label %q (it has %v): %s", where, m, fam.source, l, have, expr)
		}
	}
}

// checkDashboard checks every panel's query and legend and every variable.
func checkDashboard(t *testing.T, fams []family, name, model string) {
	var d struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr, LegendFormat string }
		}
		Templating struct {
			List []struct{ Name, Query string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(model), &d))
	require.NotEmpty(t, d.Panels)
	for _, p := range d.Panels {
		for _, q := range p.Targets {
			checkExpr(t, fams, name+" panel "+p.Title, q.Expr, promql.TemplateLabels(q.LegendFormat)...)
		}
	}
	for _, v := range d.Templating.List {
		if m, l, ok := promql.LabelValues(v.Query); ok {
			checkExpr(t, fams, name+" variable "+v.Name, m, l)
		}
	}
}

// TestQueriesUseScrapedLabels: every PromQL expression mlkube writes names
// only labels its series have once scraped. A DCGM series scraped with
// honorLabels keeps namespace and pod (never exported_namespace), a
// PodMonitor series has no service label but the one its relabeling writes.
func TestQueriesUseScrapedLabels(t *testing.T) {
	fams := families(t)
	t.Run("GPU dashboard", func(t *testing.T) { checkDashboard(t, fams, "GPU dashboard", monitoring.GPUDashboard()) })
	t.Run("service dashboard", func(t *testing.T) {
		checkDashboard(t, fams, "service dashboard", monitoring.ServiceDashboard(monitoring.Service{Namespace: "ml", Name: "llm"}))
	})
	t.Run("alert rules", func(t *testing.T) {
		groups, _ := monitoring.Rules()["groups"].([]any)
		n := 0
		for _, g := range groups {
			rules, _ := g.(map[string]any)["rules"].([]any)
			for _, r := range rules {
				rule := r.(map[string]any)
				summary, _ := rule["annotations"].(map[string]any)["summary"].(string)
				checkExpr(t, fams, "alert "+rule["alert"].(string), rule["expr"].(string), promql.TemplateLabels(summary)...)
				n++
			}
		}
		assert.Positive(t, n)
	})
	t.Run("adapter rules", func(t *testing.T) {
		for _, r := range metrics.AdapterRules() {
			rule := r.(map[string]any)
			name := "adapter rule " + rule["name"].(map[string]any)["as"].(string)
			overrides := rule["resources"].(map[string]any)["overrides"].(map[string]any)
			var matchers []string
			groupBy := ""
			for label, res := range overrides {
				matchers = append(matchers, label+`=~"x"`)
				if res.(map[string]any)["resource"] == "pod" {
					groupBy = label
				}
			}
			series := rule["seriesQuery"].(string)
			checkExpr(t, fams, name+" seriesQuery", series)
			u, err := promql.Parse(series)
			require.NoError(t, err)
			// The adapter fills the template with the series, the
			// resources' matchers and the pod label it groups by.
			q := strings.NewReplacer("<<.Series>>", u.Metrics[0], "<<.LabelMatchers>>", strings.Join(matchers, ","), "<<.GroupBy>>", groupBy).
				Replace(rule["metricsQuery"].(string))
			checkExpr(t, fams, name+" metricsQuery", q)
		}
	})
}

// TestCheckFindsExportedLabels: the check fails on the mistake it exists
// for, a query of exported_pod on an honorLabels scrape.
func TestCheckFindsExportedLabels(t *testing.T) {
	fams := families(t)
	for _, tt := range []struct{ expr, want string }{
		{`DCGM_FI_DEV_GPU_UTIL{exported_pod=~"llm-.*"}`, `has no label "exported_pod"`},
		{`sum by (exported_namespace) (DCGM_FI_DEV_GPU_UTIL)`, `has no label "exported_namespace"`},
		{`inference_queue_length{model="x"}`, `has no label "model"`},
		{`vllm_requests_running`, "no scrape produces vllm_requests_running"},
	} {
		r := &recorder{}
		checkExpr(r, fams, "planted", tt.expr)
		assert.Contains(t, strings.Join(r.errs, "\n"), tt.want, tt.expr)
	}
	r := &recorder{}
	checkExpr(r, fams, "fine", `sum by (pod) (DCGM_FI_DEV_GPU_UTIL{namespace="ml"})`)
	assert.Empty(t, r.errs)
}

type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) FailNow() {}
func (r *recorder) Helper()  {}
