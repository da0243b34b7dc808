package config

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const teamAndService = `{"teams": [{"name": "ml", "egress": %s}],
  "inference": [{"name": "llm", "team": "ml", "image": "srv:1.0", "pool": "cpu",
    "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
    "model": {"source": %q}, "identity": %s, "egress": %s}]}`

// adopted is a valid adopted-cluster stack with kv set over it.
func adopted(kv ...string) map[string]string {
	raw := with(kv...)
	raw["mlkube:nodePools"] = `[{"name": "cpu", "nodeSelector": {"kubernetes.io/os": "linux"}, "min": 1, "max": 1}]`
	return raw
}

func workloads(teamEgress, source, identity, egress string) string {
	return fmt.Sprintf(teamAndService, teamEgress, source, identity, egress)
}

func TestAlertingDefaultsAndErrors(t *testing.T) {
	c, err := Parse("mlkube", "test", adopted("addons", `{"monitoring": {"alerting": {"receivers": [
		{"name": "oncall", "pagerduty": {"routingKey": "[secret]"}},
		{"name": "ml", "slack": {"webhookURL": "[secret]"}, "severities": ["warning"]}]}}}`))
	require.NoError(t, err, "secret placeholders pass validation offline")
	a := c.Addons.Monitoring.Alerting
	assert.Equal(t, []string{"critical", "warning"}, a.Receivers[0].Severities, "every severity by default")
	assert.Equal(t, []string{"warning"}, a.Receivers[1].Severities)
	assert.Equal(t, "30s", a.GroupWait)
	assert.Equal(t, "4h", a.RepeatInterval)

	got := problems(t, adopted("addons", `{"monitoring": {"alerting": {"groupWait": "soon", "receivers": [
		{"name": "Oncall", "severities": ["info"]},
		{"name": "x", "slack": {"webhookURL": "hooks.slack.com/abc"}, "pagerduty": {}},
		{"name": "x", "email": {"to": ["not-an-address"], "from": "a@b.c", "smarthost": "smtp", "password": "p"}, "webhook": {"url": "ftp://x"}}]}}}`))
	assert.ElementsMatch(t, []string{
		`addons.monitoring.alerting.groupWait: must be a duration such as 30s, 5m or 4h, got "soon"`,
		`addons.monitoring.alerting.receivers[0]: needs at least one of slack, pagerduty, email or webhook`,
		`addons.monitoring.alerting.receivers[0].name: must be lowercase letters, digits or '-', got "Oncall"`,
		`addons.monitoring.alerting.receivers[0].severities[0]: must be critical or warning, got "info"`,
		`addons.monitoring.alerting.receivers[1].pagerduty.routingKey: is required`,
		`addons.monitoring.alerting.receivers[1].slack.webhookURL: must be an http(s) URL (keep it secret: pulumi config set --secret --path ...)`,
		`addons.monitoring.alerting.receivers[2].email.smarthost: must be host:port, got "smtp"`,
		`addons.monitoring.alerting.receivers[2].email.to[0]: is not an e-mail address: "not-an-address"`,
		`addons.monitoring.alerting.receivers[2].email.username: is required with a password`,
		`addons.monitoring.alerting.receivers[2].name: duplicates receiver "x"`,
		`addons.monitoring.alerting.receivers[2].webhook.url: must be an http(s) URL (keep it secret: pulumi config set --secret --path ...)`,
	}, got)
}

func TestEgressDefaultsAndErrors(t *testing.T) {
	c, err := Parse("mlkube", "test", adopted("workloads", workloads(`[{"cidrs": ["10.20.0.0/16"], "except": ["10.20.5.0/24"]}, {"to": "objectStorage"}]`,
		"s3://models/llm/v2", "null", `[{"cidrs": ["192.168.1.10/32"], "ports": [5432]}]`)))
	require.NoError(t, err)
	team := c.Workloads.Teams[0].Egress
	assert.Equal(t, []int{443}, team[0].Ports, "HTTPS by default")
	assert.Equal(t, "TCP", team[0].Protocol)
	assert.Empty(t, team[1].Ports, "a named destination brings its own ports")
	assert.Equal(t, []int{5432}, c.Workloads.Inference[0].Egress[0].Ports)

	got := problems(t, adopted("workloads", workloads(
		`[{"cidrs": ["10.20.0.0/16"], "except": ["10.30.0.0/24"]}, {"to": "internet"}, {}, {"to": "objectStorage", "cidrs": ["1.2.3.4/32"]}]`,
		"s3://models/llm", "null", `[{"cidrs": ["everywhere"], "ports": [0], "protocol": "SCTP"}, {"to": "objectStorage", "ports": [80]}]`)))
	assert.ElementsMatch(t, []string{
		`workloads.teams[0].egress[0].except[0]: 10.30.0.0/24 is not inside any of cidrs (NetworkPolicy rejects it)`,
		`workloads.teams[0].egress[1].to: must be objectStorage, got "internet"`,
		`workloads.teams[0].egress[2]: set to (objectStorage) or cidrs`,
		`workloads.teams[0].egress[3]: set either to or cidrs, not both`,
		`workloads.inference[0].egress[0].cidrs[0]: is not a CIDR such as 10.20.0.0/16, got "everywhere"`,
		`workloads.inference[0].egress[0].ports[0]: must be a port from 1 to 65535, got 0`,
		`workloads.inference[0].egress[0].protocol: must be TCP or UDP, got "SCTP"`,
		`workloads.inference[0].egress[1]: a named destination sets its own ports and exceptions; remove ports and except`,
	}, got)
}

func TestIdentityReadURIs(t *testing.T) {
	for _, tc := range []struct {
		name, source, identity string
		want                   []string
		storage                bool
	}{
		{"derived from an s3 model", "s3://models/llm/v2", "null", []string{"s3://models/llm/v2"}, true},
		{"explicit wins", "s3://models/llm/v2", `{"read": ["s3://models/llm/v2", "s3://tokenizers/llm"]}`, []string{"s3://models/llm/v2", "s3://tokenizers/llm"}, true},
		{"https needs no identity but the internet", "https://example.com/model.bin", "null", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("mlkube", "test", adopted("workloads", workloads("[]", tc.source, tc.identity, "[]")))
			require.NoError(t, err)
			s := &c.Workloads.Inference[0]
			assert.Equal(t, tc.want, s.ReadURIs())
			assert.Equal(t, tc.storage, s.NeedsObjectStorage())
		})
	}
	got := problems(t, adopted("workloads", workloads("[]", "s3://models/llm", `{"read": ["https://example.com/x", "s3:///nobucket"]}`, "[]")))
	assert.ElementsMatch(t, []string{
		`workloads.inference[0].identity.read[0]: must be an object storage URI (s3://bucket/prefix, gs://..., az://account/container/...), got "https://example.com/x"`,
		`workloads.inference[0].identity.read[1]: must be an object storage URI (s3://bucket/prefix, gs://..., az://account/container/...), got "s3:///nobucket"`,
	}, got)
	got = problems(t, adopted("workloads", workloads("[]", "s3://models/llm", `{}`, "[]")))
	assert.Equal(t, []string{`workloads.inference[0].identity.read: is required: the object storage URIs (s3://bucket/prefix) the workload reads`}, got)
}
