package monitoring

import (
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"
)

// AlertmanagerSecret holds Alertmanager's whole configuration
// (alertmanager.yaml). mlkube writes it instead of the chart, so receiver
// credentials never pass through Helm values, which Pulumi and Helm keep in
// plain text in the release's history.
const (
	AlertmanagerSecret = "alertmanager-mlkube"
	AlertmanagerKey    = "alertmanager.yaml"
	// NullReceiver takes what no receiver asked for (the chart's Watchdog
	// and InfoInhibitor, alerts of an unlisted severity).
	NullReceiver = "null"
)

// AlertGrouping are the labels Alertmanager groups notifications by: one
// message per alert and service, not one per pod.
var AlertGrouping = []string{"alertname", "namespace", "service"}

// AlertmanagerConfig is the alertmanager.yaml of the stack's receivers.
// Every receiver gets the alerts of its severities (continue: true, so two
// receivers may both get a critical alert); a critical alert silences the
// warning of the same name and service. The text is the same on every run
// (maps marshal with sorted keys).
func AlertmanagerConfig(a config.Alerting) string {
	routes := []any{}
	receivers := []any{map[string]any{"name": NullReceiver}}
	for _, r := range a.Receivers {
		routes = append(routes, map[string]any{
			"receiver": r.Name,
			"matchers": []any{`severity=~"` + strings.Join(r.Severities, "|") + `"`},
			"continue": true,
		})
		receivers = append(receivers, receiver(r))
	}
	doc := map[string]any{
		"route": map[string]any{
			"receiver":        NullReceiver,
			"group_by":        AlertGrouping,
			"group_wait":      a.GroupWait,
			"group_interval":  a.GroupInterval,
			"repeat_interval": a.RepeatInterval,
			"routes":          routes,
		},
		"receivers": receivers,
		"inhibit_rules": []any{map[string]any{
			"source_matchers": []any{`severity="` + config.SeverityCritical + `"`},
			"target_matchers": []any{`severity="` + config.SeverityWarning + `"`},
			"equal":           []any{"alertname", "namespace", "service"},
		}},
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		panic(err) // plain maps and strings always marshal
	}
	return string(out)
}

// summaryTemplate is the one-line text of a notification.
const summaryTemplate = `{{ range .Alerts }}{{ .Annotations.summary }}
{{ end }}`

func receiver(r config.Receiver) map[string]any {
	out := map[string]any{"name": r.Name}
	if s := r.Slack; s != nil {
		c := map[string]any{
			"api_url":       s.WebhookURL,
			"send_resolved": true,
			"title":         `[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.namespace }}/{{ .CommonLabels.service }}`,
			"text":          summaryTemplate,
		}
		if s.Channel != "" {
			c["channel"] = s.Channel
		}
		out["slack_configs"] = []any{c}
	}
	if p := r.PagerDuty; p != nil {
		out["pagerduty_configs"] = []any{map[string]any{
			"routing_key":   p.RoutingKey,
			"send_resolved": true,
			"description":   `{{ .CommonLabels.alertname }} {{ .CommonLabels.namespace }}/{{ .CommonLabels.service }}: {{ .CommonAnnotations.summary }}`,
		}}
	}
	if m := r.Email; m != nil {
		c := map[string]any{
			"to":            strings.Join(m.To, ", "),
			"from":          m.From,
			"smarthost":     m.Smarthost,
			"send_resolved": true,
			"require_tls":   true,
		}
		if m.Username != "" {
			c["auth_username"] = m.Username
			c["auth_password"] = m.Password
		}
		out["email_configs"] = []any{c}
	}
	if w := r.Webhook; w != nil {
		out["webhook_configs"] = []any{map[string]any{"url": w.URL, "send_resolved": true}}
	}
	return out
}

// newAlertmanagerSecret registers the configuration Secret; the whole
// document is secret since receivers carry credentials.
func newAlertmanagerSecret(ctx *pulumi.Context, ns pulumi.StringPtrInput, labels pulumi.StringMap, a config.Alerting, opts ...pulumi.ResourceOption) (*corev1.Secret, error) {
	return corev1.NewSecret(ctx, AlertmanagerSecret, &corev1.SecretArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(AlertmanagerSecret), Namespace: ns, Labels: labels},
		Type:     pulumi.String("Opaque"),
		StringData: pulumi.StringMap{
			AlertmanagerKey: pulumi.ToSecret(pulumi.String(AlertmanagerConfig(a))).(pulumi.StringOutput),
		},
	}, opts...)
}
