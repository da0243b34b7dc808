package config

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const stackHead = `config:
  mlkube:cluster:
    provider: existing
    name: dev
    existing: {blockProvisioner: rancher.io/local-path}
  mlkube:nodePools:
    - {name: cpu, min: 1, max: 1, nodes: [cpu-0]}
`

func TestPlainCredentialsAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string // key paths refused
	}{
		{"encrypted slack webhook and grafana password pass", `  mlkube:addons:
    monitoring:
      grafanaAdminPassword: {secure: v1:aaa}
      alerting:
        receivers:
          - name: ml
            slack: {webhookURL: {secure: v1:bbb}}
`, nil},
		{"plain slack webhook", `  mlkube:addons:
    monitoring:
      alerting:
        receivers:
          - name: ml
            slack: {webhookURL: "https://hooks.slack.com/services/T0/B0/x"}
`, []string{"addons.monitoring.alerting.receivers[0].slack.webhookURL"}},
		{"plain grafana password", `  mlkube:addons:
    monitoring: {grafanaAdminPassword: hunter2}
`, []string{"addons.monitoring.grafanaAdminPassword"}},
		{"a plain one beside an encrypted one in the same key", `  mlkube:addons:
    monitoring:
      grafanaAdminPassword: {secure: v1:aaa}
      alerting:
        receivers:
          - name: oncall
            pagerduty: {routingKey: R0UT1NG}
          - name: mail
            email: {to: [a@example.com], from: b@example.com, smarthost: "smtp.example.com:587", username: am, password: pw}
            webhook: {url: {secure: v1:ccc}}
`, []string{"addons.monitoring.alerting.receivers[0].pagerduty.routingKey", "addons.monitoring.alerting.receivers[1].email.password"}},
		{"plain kubeconfig and webhook URL", `  mlkube:kubeconfig: "apiVersion: v1"
  mlkube:addons:
    monitoring:
      alerting:
        receivers: [{name: hook, webhook: {url: "https://hooks.example.com/x?token=t"}}]
`, []string{"addons.monitoring.alerting.receivers[0].webhook.url", "kubeconfig"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sf, err := ParseStackFile("mlkube", "prod", []byte(stackHead+tc.yaml))
			require.NoError(t, err)
			_, err = sf.Parse()
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			var list Errors
			require.True(t, errors.As(err, &list), "want config.Errors, got %v", err)
			var paths []string
			for _, e := range list {
				paths = append(paths, e.Path)
				assert.Contains(t, e.Message, "pulumi config set --stack prod --secret --path 'mlkube:"+e.Path+"'", "the error says the command that fixes it")
				assert.NotContains(t, e.Message, "hunter2", "the error does not repeat the credential")
			}
			assert.Equal(t, tc.want, paths)
		})
	}
}

// Every credential-bearing key is tagged: a field that loses its tag drops
// out of this list and the refusal.
func TestCredentialKeys(t *testing.T) {
	c := &Config{Kubeconfig: "k", SSHPrivateKey: "s"}
	c.Addons.Monitoring.GrafanaAdminPassword = "g"
	c.Addons.Monitoring.Alerting.Receivers = []Receiver{{
		Slack: &Slack{WebhookURL: "s", Channel: "#c"}, PagerDuty: &PagerDuty{RoutingKey: "r"},
		Email: &Email{Username: "u", Password: "p", Smarthost: "h:1"}, Webhook: &Webhook{URL: "w"},
	}}
	var paths []string
	for _, cr := range Credentials(c) {
		paths = append(paths, cr.Path)
	}
	assert.Equal(t, []string{
		"addons.monitoring.alerting.receivers[0].email.password",
		"addons.monitoring.alerting.receivers[0].pagerduty.routingKey",
		"addons.monitoring.alerting.receivers[0].slack.webhookURL",
		"addons.monitoring.alerting.receivers[0].webhook.url",
		"addons.monitoring.grafanaAdminPassword",
		"kubeconfig",
		"sshPrivateKey",
	}, paths)
}

type noResources struct{}

func (noResources) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return a.Name, a.Inputs, nil
}
func (noResources) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// Inside the program the engine has decrypted every value and says only
// which top-level keys hold a secret.
func TestProgramRefusesCredentialsUnderAPlainKey(t *testing.T) {
	addons := `{"monitoring": {"grafanaAdminPassword": "hunter2"}}`
	for _, tc := range []struct {
		name    string
		secrets []string
		refused bool
	}{
		{"addons not secret", nil, true},
		{"addons secret", []string{"mlkube:addons"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := with("addons", addons)
			var got error
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				_, got = FromContext(ctx)
				return nil
			}, pulumi.WithMocks("mlkube", "prod", noResources{}), func(info *pulumi.RunInfo) {
				info.Config = raw
				info.ConfigSecretKeys = tc.secrets
			})
			require.NoError(t, err)
			if !tc.refused {
				require.NoError(t, got)
				return
			}
			var list Errors
			require.True(t, errors.As(got, &list), "want config.Errors, got %v", got)
			require.Len(t, list, 1)
			assert.Equal(t, "addons.monitoring.grafanaAdminPassword", list[0].Path)
		})
	}
}
