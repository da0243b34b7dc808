package addons_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

func receivers() config.Alerting {
	return config.Alerting{
		GroupWait: "30s", GroupInterval: "5m", RepeatInterval: "4h",
		Receivers: []config.Receiver{
			{Name: "oncall", Severities: []string{"critical"}, PagerDuty: &config.PagerDuty{RoutingKey: "pd-key"}},
			{Name: "ml-team", Severities: []string{"critical", "warning"},
				Slack:   &config.Slack{WebhookURL: "https://hooks.slack.example/T0/B0/x", Channel: "#ml-alerts"},
				Email:   &config.Email{To: []string{"ml@example.com", "ops@example.com"}, From: "alerts@example.com", Smarthost: "smtp.example.com:587", Username: "alerts", Password: "smtp-pw"},
				Webhook: &config.Webhook{URL: "https://hooks.example.com/alerts?token=t"}},
		},
	}
}

func TestAlertmanagerReceivers(t *testing.T) {
	cfg := defaults()
	cfg.Monitoring.Alerting = receivers()
	r := run(t, fixture{kind: "eks"}, cfg)

	// Receivers reach the cluster only inside a secret Secret, and the
	// chart is told to use it instead of writing its own.
	secret := registration(t, r, "kubernetes:core/v1:Secret", monitoring.AlertmanagerSecret)
	assert.True(t, secret.Inputs["stringData"].ContainsSecrets())
	rel := release(r, "kube-prometheus-stack")
	assert.Equal(t, true, get(rel, "values", "alertmanager", "alertmanagerSpec", "useExistingSecret"))
	assert.Equal(t, monitoring.AlertmanagerSecret, get(rel, "values", "alertmanager", "alertmanagerSpec", "configSecret"))
	assert.True(t, mocktest.WaitsFor(registration(t, r, releaseType, "kube-prometheus-stack"), "kubernetes:core/v1:Secret", monitoring.AlertmanagerSecret))
	for _, v := range []string{"pd-key", "smtp-pw", "hooks.slack.example"} {
		assert.NotContains(t, mustJSON(t, rel), v, "no credential in the Helm values")
	}

	var doc struct {
		Route struct {
			Receiver string   `json:"receiver"`
			GroupBy  []string `json:"group_by"`
			Routes   []struct {
				Receiver string   `json:"receiver"`
				Matchers []string `json:"matchers"`
				Continue bool     `json:"continue"`
			} `json:"routes"`
		} `json:"route"`
		Receivers []map[string]any `json:"receivers"`
	}
	data := secret.Inputs["stringData"]
	require.True(t, data.IsSecret())
	text := data.SecretValue().Element.ObjectValue()[monitoring.AlertmanagerKey].StringValue()
	require.NoError(t, yaml.Unmarshal([]byte(text), &doc))
	assert.Equal(t, monitoring.NullReceiver, doc.Route.Receiver, "unrouted alerts (Watchdog) go nowhere")
	assert.Equal(t, []string{"alertname", "namespace", "service"}, doc.Route.GroupBy)
	require.Len(t, doc.Route.Routes, 2)
	assert.Equal(t, "oncall", doc.Route.Routes[0].Receiver)
	assert.Equal(t, []string{`severity=~"critical"`}, doc.Route.Routes[0].Matchers, "oncall is paged for critical alerts only")
	assert.Equal(t, []string{`severity=~"critical|warning"`}, doc.Route.Routes[1].Matchers)
	assert.True(t, doc.Route.Routes[0].Continue, "a critical alert reaches every receiver that asked for it")
	byName := map[string]map[string]any{}
	for _, rc := range doc.Receivers {
		byName[rc["name"].(string)] = rc
	}
	assert.Equal(t, "pd-key", at(byName["oncall"], "pagerduty_configs", 0, "routing_key"))
	assert.Equal(t, "https://hooks.slack.example/T0/B0/x", at(byName["ml-team"], "slack_configs", 0, "api_url"))
	assert.Equal(t, "#ml-alerts", at(byName["ml-team"], "slack_configs", 0, "channel"))
	assert.Equal(t, "ml@example.com, ops@example.com", at(byName["ml-team"], "email_configs", 0, "to"))
	assert.Equal(t, "smtp-pw", at(byName["ml-team"], "email_configs", 0, "auth_password"))
	assert.Equal(t, "https://hooks.example.com/alerts?token=t", at(byName["ml-team"], "webhook_configs", 0, "url"))
	assert.Contains(t, byName, monitoring.NullReceiver)
	assert.Equal(t, text, monitoring.AlertmanagerConfig(receivers()), "the same text on every run")

	// Without receivers, the plan says that alerts reach no one.
	assert.Contains(t, strings.Join(addons.Notes(&cluster.Cluster{Kind: "eks"}, defaults()), "\n"), "notify no one")
	assert.NotContains(t, strings.Join(addons.Notes(&cluster.Cluster{Kind: "eks"}, cfg), "\n"), "notify no one")
}

// byClause finds every `by (...)` grouping of a PromQL expression.
var byClause = regexp.MustCompile(`by \(([^)]*)\)`)

// The inference alerts group by labels that the model servers' series
// really carry (the PodMonitor's target labels, service included, and the
// histogram's le), so each alert names the service it is about.
func TestInferenceRulesGroupByScrapedLabels(t *testing.T) {
	assert.Equal(t, inference.ServiceLabel, monitoring.ServiceLabel)
	have := append(slices.Clone(inference.ScrapedLabels), "le")
	rules := 0
	for _, g := range monitoring.Rules()["groups"].([]any) {
		group := g.(map[string]any)
		if group["name"] != "mlkube.inference" {
			continue
		}
		for _, x := range group["rules"].([]any) {
			rule := x.(map[string]any)
			expr := rule["expr"].(string)
			matches := byClause.FindAllStringSubmatch(expr, -1)
			require.NotEmpty(t, matches, expr)
			for _, m := range matches {
				labels := strings.Split(m[1], ", ")
				assert.Contains(t, labels, "service", "%s groups by service", rule["alert"])
				assert.Contains(t, labels, "namespace", "%s groups by namespace", rule["alert"])
				for _, l := range labels {
					assert.Contains(t, have, l, "%s groups by %q, which the series do not carry", rule["alert"], l)
				}
			}
			// The summary only names labels the alert keeps.
			for _, ref := range regexp.MustCompile(`\$labels\.([a-z_]+)`).FindAllStringSubmatch(rule["annotations"].(map[string]any)["summary"].(string), -1) {
				assert.Contains(t, matches[len(matches)-1][1], ref[1], "%s's summary names %s", rule["alert"], ref[1])
			}
			rules++
		}
	}
	assert.Equal(t, 2, rules, "latency and error-rate rules")
}

func TestServiceDashboards(t *testing.T) {
	r := &mocktest.Recorder{}
	services := []monitoring.Service{{Namespace: "ml", Name: "llm"}, {Namespace: "vision", Name: "detector"}}
	r.Run(t, func(ctx *pulumi.Context) error {
		cl, err := fixture{kind: "eks"}.build(ctx)
		if err != nil {
			return err
		}
		_, err = addons.Install(ctx, cl, defaults(), addons.Options{Services: services})
		return err
	})
	for _, s := range services {
		cm := mocktest.Plain(registration(t, r, "kubernetes:core/v1:ConfigMap", monitoring.DashboardName(s)))
		assert.Equal(t, monitoring.Namespace, get(cm, "metadata", "namespace"))
		assert.Equal(t, "1", get(cm, "metadata", "labels", "grafana_dashboard"), "the sidecar loads it like the GPU dashboard")
		var model struct {
			UID    string `json:"uid"`
			Panels []struct {
				Title   string `json:"title"`
				Targets []struct {
					Expr string `json:"expr"`
				} `json:"targets"`
			} `json:"panels"`
		}
		require.NoError(t, json.Unmarshal([]byte(get(cm, "data", s.Name+".json").(string)), &model))
		assert.LessOrEqual(t, len(model.UID), 40)
		exprs := map[string]string{}
		for _, p := range model.Panels {
			exprs[p.Title] = p.Targets[0].Expr
		}
		sel := `namespace="` + s.Namespace + `", service="` + s.Name + `"`
		for title, q := range map[string]string{"Latency p50": "0.5", "Latency p95": "0.95", "Latency p99": "0.99"} {
			assert.Contains(t, exprs[title], "histogram_quantile("+q+", ")
			assert.Contains(t, exprs[title], "inference_request_duration_seconds_bucket{"+sel+"}")
		}
		assert.Contains(t, exprs["Queue depth"], "inference_queue_length{"+sel+"}")
		assert.Contains(t, exprs["Requests per second"], "inference_requests_total{"+sel+"}")
		assert.Contains(t, exprs["Error rate (5xx)"], `code=~"5.."`)
		assert.Contains(t, exprs["GPU utilisation"], `DCGM_FI_DEV_GPU_UTIL{exported_namespace="`+s.Namespace+`", exported_pod=~"`)
		// The pod regex (anchored, as Prometheus anchors it) matches this
		// service's Deployment pods, not those of a service whose name
		// starts the same.
		m := regexp.MustCompile(`exported_pod=~"([^"]+)"`).FindStringSubmatch(exprs["GPU utilisation"])
		require.NotNil(t, m)
		pods := regexp.MustCompile("^(?:" + m[1] + ")$")
		assert.True(t, pods.MatchString(s.Name+"-7d9f8b6c4-x2x7k"))
		assert.False(t, pods.MatchString(s.Name+"-large-7d9f8b6c4-x2x7k"))
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// at walks maps by key and lists by index.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}
