package monitoring_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/internal/addontest"
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

func TestMonitoring(t *testing.T) {
	r := addontest.Install(t, addontest.Fixture{Kind: "eks", Storage: true}, addontest.Defaults())
	rel := addontest.Release(r, "kube-prometheus-stack")
	require.NotNil(t, rel)
	v := rel["values"]
	spec := addontest.Get(v, "prometheus", "prometheusSpec")
	assert.Equal(t, "15d", addontest.Get(spec, "retention"))
	assert.Equal(t, "mlkube-standard", addontest.Get(spec, "storageSpec", "volumeClaimTemplate", "spec", "storageClassName"))
	assert.Equal(t, "50Gi", addontest.Get(spec, "storageSpec", "volumeClaimTemplate", "spec", "resources", "requests", "storage"))
	assert.Equal(t, false, addontest.Get(spec, "serviceMonitorSelectorNilUsesHelmValues"))
	assert.Equal(t, true, addontest.Get(v, "alertmanager", "enabled"))
	assert.Equal(t, monitoring.GrafanaAdminSecret, addontest.Get(v, "grafana", "admin", "existingSecret"))
	assert.True(t, addontest.Tolerates(addontest.Get(v, "prometheus-node-exporter", "tolerations"), cluster.Taint(addontest.GPUTaint())))
	assert.True(t, addontest.Tolerates(addontest.Get(v, "prometheus-node-exporter", "tolerations"), addontest.ExtraTaint))
	assert.Equal(t, false, addontest.Get(v, "kubeControllerManager", "enabled"), "EKS runs the control plane")
	assert.Equal(t, float64(monitoring.TimeoutSeconds), rel["timeout"])

	// The admin Secret comes from the config secret and stays secret.
	secret := r.One(t, "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret)
	assert.True(t, secret.Inputs["stringData"].ContainsSecrets(), "the password stays a secret")
	assert.True(t, mocktest.WaitsFor(r.One(t, addontest.ReleaseType, "kube-prometheus-stack"), "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret))

	// The GPU dashboard is a labelled ConfigMap with DCGM panels.
	dash := mocktest.Plain(r.One(t, "kubernetes:core/v1:ConfigMap", "gpu-dashboard"))
	assert.Equal(t, "1", addontest.Get(dash, "metadata", "labels", "grafana_dashboard"))
	for _, m := range []string{"DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_GPU_TEMP"} {
		assert.Contains(t, addontest.Get(dash, "data", "gpu.json"), m)
	}

	// The PrometheusRule waits for the release that installs its CRD.
	rule := r.One(t, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", monitoring.RuleName)
	assert.True(t, mocktest.WaitsFor(rule, addontest.ReleaseType, "kube-prometheus-stack"), "%v", rule.RegisterRPC.GetDependencies())
	var alerts []string
	for _, g := range addontest.Get(mocktest.Plain(rule), "spec", "groups").([]any) {
		for _, x := range addontest.Get(g, "rules").([]any) {
			alerts = append(alerts, addontest.Get(x, "alert").(string)+" for "+addontest.Get(x, "for").(string)+": "+addontest.Get(x, "expr").(string))
		}
	}
	assert.Contains(t, alerts, "GPUUtilisationHigh for 5m: avg by (Hostname, gpu, modelName) (DCGM_FI_DEV_GPU_UTIL) > 85")
	assert.Contains(t, alerts, "InferenceLatencyP99High for 5m: histogram_quantile(0.99, sum by (namespace, service, le) (rate(inference_request_duration_seconds_bucket[5m]))) > 0.5")
	assert.Contains(t, alerts, `InferenceErrorRateHigh for 5m: sum by (namespace, service) (rate(inference_requests_total{code=~"5.."}[5m])) / sum by (namespace, service) (rate(inference_requests_total[5m])) > 0.01`)
	assert.Contains(t, alerts, `PodPendingTooLong for 2m: sum by (namespace, pod) (kube_pod_status_phase{phase="Pending"}) > 0`)

	// Without a password one is generated: pulumi-random's result goes,
	// secret, into the Secret the chart reads, and the release waits for it.
	cfg := addontest.Defaults()
	cfg.Monitoring.GrafanaAdminPassword = ""
	r = addontest.Install(t, addontest.Fixture{Kind: config.ProviderKubeadm}, cfg)
	pw := r.One(t, addontest.RandomPasswordType, monitoring.GrafanaAdminSecret)
	assert.Equal(t, float64(monitoring.GrafanaPasswordLength), mocktest.Plain(pw)["length"])
	secret = r.One(t, "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret)
	assert.True(t, secret.Inputs["stringData"].ContainsSecrets(), "the generated password is secret in the Secret's inputs")
	assert.Contains(t, secret.Inputs["stringData"].String(), "generated-"+monitoring.GrafanaAdminSecret, "the Secret holds the generated result")
	assert.True(t, mocktest.WaitsFor(secret, addontest.RandomPasswordType, monitoring.GrafanaAdminSecret), "the Secret takes the generated result")
	assert.True(t, mocktest.WaitsFor(r.One(t, addontest.ReleaseType, "kube-prometheus-stack"), "kubernetes:core/v1:Secret", monitoring.GrafanaAdminSecret))
	assert.Nil(t, addontest.Get(addontest.Release(r, "kube-prometheus-stack"), "values", "prometheus", "prometheusSpec", "storageSpec", "volumeClaimTemplate", "spec", "storageClassName"),
		"no block provisioner: the cluster's default class")
	assert.Nil(t, addontest.Get(addontest.Release(r, "kube-prometheus-stack"), "values", "kubeControllerManager"))
	assert.Contains(t, strings.Join(addons.Notes(&cluster.Cluster{Shape: cluster.Shape{Kind: config.ProviderKubeadm}}, cfg), "\n"), "grafanaAdminPassword")

	// With a password of the stack's, nothing random is made.
	r = addontest.Install(t, addontest.Fixture{Kind: "eks"}, addontest.Defaults())
	assert.Empty(t, r.ByType(addontest.RandomPasswordType))
}

func TestMonitoringValues(t *testing.T) {
	for gb, want := range map[int]string{50: "42GB", 100: "85GB", 1: "1GB"} {
		assert.Equal(t, want, monitoring.RetentionSize(gb))
	}
	cfg := config.Monitoring{RetentionDays: 30, StorageGB: 200}
	for kind, managed := range map[string]bool{"eks": true, "gke": true, "aks": true, "kubeadm": false, "existing": false} {
		v := monitoring.Values(&cluster.Cluster{Shape: cluster.Shape{Kind: kind, Capabilities: addontest.Capabilities(kind)}}, cfg, "fast")
		assert.Equal(t, managed, addontest.Get(v, "kubeScheduler", "enabled") == false, kind)
		assert.Equal(t, "30d", addontest.Get(v, "prometheus", "prometheusSpec", "retention"))
		assert.Equal(t, "200Gi", addontest.Get(v, "prometheus", "prometheusSpec", "storageSpec", "volumeClaimTemplate", "spec", "resources", "requests", "storage"))
		assert.Equal(t, "fast", addontest.Get(v, "prometheus", "prometheusSpec", "storageSpec", "volumeClaimTemplate", "spec", "storageClassName"))
	}
	dash := monitoring.GPUDashboard()
	assert.Equal(t, dash, monitoring.GPUDashboard())
	var model map[string]any
	require.NoError(t, json.Unmarshal([]byte(dash), &model))
	assert.Len(t, model["panels"], 8)
	assert.Equal(t, "mlkube-gpu", model["uid"])
	assert.Equal(t, monitoring.Rules(), monitoring.Rules())
}

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
	cfg := addontest.Defaults()
	cfg.Monitoring.Alerting = receivers()
	r := addontest.Install(t, addontest.Fixture{Kind: "eks"}, cfg)

	// Receivers reach the cluster only inside a secret Secret, and the
	// chart is told to use it instead of writing its own.
	secret := r.One(t, "kubernetes:core/v1:Secret", monitoring.AlertmanagerSecret)
	assert.True(t, secret.Inputs["stringData"].ContainsSecrets())
	rel := addontest.Release(r, "kube-prometheus-stack")
	assert.Equal(t, true, addontest.Get(rel, "values", "alertmanager", "alertmanagerSpec", "useExistingSecret"))
	assert.Equal(t, monitoring.AlertmanagerSecret, addontest.Get(rel, "values", "alertmanager", "alertmanagerSpec", "configSecret"))
	assert.True(t, mocktest.WaitsFor(r.One(t, addontest.ReleaseType, "kube-prometheus-stack"), "kubernetes:core/v1:Secret", monitoring.AlertmanagerSecret))
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
	assert.Contains(t, strings.Join(addons.Notes(&cluster.Cluster{Shape: cluster.Shape{Kind: "eks"}}, addontest.Defaults()), "\n"), "notify no one")
	assert.NotContains(t, strings.Join(addons.Notes(&cluster.Cluster{Shape: cluster.Shape{Kind: "eks"}}, cfg), "\n"), "notify no one")
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
		cl, err := addontest.Fixture{Kind: "eks"}.Build(ctx)
		if err != nil {
			return err
		}
		_, err = addons.Install(ctx, cl, addontest.Defaults(), addons.Options{Services: services})
		return err
	})
	for _, s := range services {
		cm := mocktest.Plain(r.One(t, "kubernetes:core/v1:ConfigMap", monitoring.DashboardName(s)))
		assert.Equal(t, monitoring.Namespace, addontest.Get(cm, "metadata", "namespace"))
		assert.Equal(t, "1", addontest.Get(cm, "metadata", "labels", "grafana_dashboard"), "the sidecar loads it like the GPU dashboard")
		var model struct {
			UID    string `json:"uid"`
			Panels []struct {
				Title   string `json:"title"`
				Targets []struct {
					Expr string `json:"expr"`
				} `json:"targets"`
			} `json:"panels"`
		}
		require.NoError(t, json.Unmarshal([]byte(addontest.Get(cm, "data", s.Name+".json").(string)), &model))
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
		assert.Contains(t, exprs["GPU utilisation"], `DCGM_FI_DEV_GPU_UTIL{namespace="`+s.Namespace+`", pod=~"`)
		// The pod regex (anchored, as Prometheus anchors it) matches this
		// service's Deployment pods, not those of a service whose name
		// starts the same.
		m := regexp.MustCompile(`[{ ]pod=~"([^"]+)"`).FindStringSubmatch(exprs["GPU utilisation"])
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

// TestHouse runs the house checks on monitoring alone, with receivers,
// a generated password and a service dashboard, on every cloud.
func TestHouse(t *testing.T) {
	cfg := addontest.Defaults().Monitoring
	cfg.Alerting = receivers()
	cfg.GrafanaAdminPassword = ""
	addontest.House(t, addontest.Addon{Type: monitoring.TypeToken, Name: "monitoring", Kinds: addontest.Clouds}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := monitoring.New(ctx, "monitoring", &monitoring.Args{
			Cluster: cl, Config: cfg, StorageClass: monitoring.DefaultStorageClass, Services: []monitoring.Service{{Namespace: "ml", Name: "llm"}},
		})
		return err
	})
}
