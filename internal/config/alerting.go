package config

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
)

// promDuration is a Prometheus/Alertmanager duration such as 30s, 5m, 1h30m.
var promDuration = regexp.MustCompile(`^([0-9]+(ms|s|m|h|d|w|y))+$`)

// Alerting is `addons.monitoring.alerting`: who Alertmanager notifies.
// Without receivers, alerts fire in Prometheus and Alertmanager but reach
// no one (the plan says so).
//
// Webhook URLs, routing keys and passwords are credentials: keep them as
// `secure:` values inside the object (`pulumi config set --secret --path
// 'addons.monitoring.alerting.receivers[0].slack.webhookURL' ...`). A plain
// one is refused (see RequireEncrypted); they reach the cluster only in
// the Alertmanager configuration Secret.
type Alerting struct {
	// Receivers are notified of every alert whose severity they list.
	Receivers []Receiver `json:"receivers"`
	// GroupWait, GroupInterval and RepeatInterval are Alertmanager's
	// timings (defaults 30s, 5m, 4h).
	GroupWait      string `json:"groupWait"`
	GroupInterval  string `json:"groupInterval"`
	RepeatInterval string `json:"repeatInterval"`
}

// Receiver is one item of `addons.monitoring.alerting.receivers`: a name,
// the severities it gets, and one or more channels.
type Receiver struct {
	// Name is the Alertmanager receiver name (lowercase, digits, '-').
	Name string `json:"name"`
	// Severities it is notified of: critical, warning (default both).
	Severities []string   `json:"severities"`
	Slack      *Slack     `json:"slack"`
	PagerDuty  *PagerDuty `json:"pagerduty"`
	Email      *Email     `json:"email"`
	Webhook    *Webhook   `json:"webhook"`
}

// Slack posts to an incoming webhook.
type Slack struct {
	// WebhookURL is the incoming webhook (a secret).
	WebhookURL string `json:"webhookURL" secret:"true"`
	// Channel overrides the webhook's channel, e.g. "#ml-alerts".
	Channel string `json:"channel"`
}

// PagerDuty pages through an Events API v2 integration.
type PagerDuty struct {
	// RoutingKey is the integration key (a secret).
	RoutingKey string `json:"routingKey" secret:"true"`
}

// Email sends through an SMTP relay.
type Email struct {
	To   []string `json:"to"`
	From string   `json:"from"`
	// Smarthost is the relay, host:port.
	Smarthost string `json:"smarthost"`
	Username  string `json:"username"`
	// Password of Username at the relay (a secret).
	Password string `json:"password" secret:"true"`
}

// Webhook posts Alertmanager's JSON to a URL (a secret: it may carry a token).
type Webhook struct {
	URL string `json:"url" secret:"true"`
}

// Alert severities mlkube's rules use.
const (
	SeverityCritical = "critical"
	SeverityWarning  = "warning"
)

// Alerting defaults.
const (
	DefaultGroupWait      = "30s"
	DefaultGroupInterval  = "5m"
	DefaultRepeatInterval = "4h"
)

func defaultAlerting(a *Alerting) {
	for p, d := range map[*string]string{&a.GroupWait: DefaultGroupWait, &a.GroupInterval: DefaultGroupInterval, &a.RepeatInterval: DefaultRepeatInterval} {
		if *p == "" {
			*p = d
		}
	}
	for i := range a.Receivers {
		if len(a.Receivers[i].Severities) == 0 {
			a.Receivers[i].Severities = []string{SeverityCritical, SeverityWarning}
		}
	}
}

func validateAlerting(e *errs, path string, a *Alerting) {
	for _, d := range []struct{ k, v string }{{"groupWait", a.GroupWait}, {"groupInterval", a.GroupInterval}, {"repeatInterval", a.RepeatInterval}} {
		if !promDuration.MatchString(d.v) {
			e.add(key(path, d.k), "must be a duration such as 30s, 5m or 4h, got %q", d.v)
		}
	}
	seen := map[string]bool{}
	for i := range a.Receivers {
		r := &a.Receivers[i]
		rp := index(key(path, "receivers"), i)
		switch {
		case !dnsLabel.MatchString(r.Name):
			e.add(key(rp, "name"), "must be lowercase letters, digits or '-', got %q", r.Name)
		case seen[r.Name]:
			e.add(key(rp, "name"), "duplicates receiver %q", r.Name)
		}
		seen[r.Name] = true
		for j, s := range r.Severities {
			if !oneOf(s, SeverityCritical, SeverityWarning) {
				e.add(index(key(rp, "severities"), j), "must be critical or warning, got %q", s)
			}
		}
		if r.Slack == nil && r.PagerDuty == nil && r.Email == nil && r.Webhook == nil {
			e.add(rp, "needs at least one of slack, pagerduty, email or webhook")
		}
		if s := r.Slack; s != nil {
			secretURL(e, key(rp, "slack.webhookURL"), s.WebhookURL)
		}
		if p := r.PagerDuty; p != nil && p.RoutingKey == "" {
			e.add(key(rp, "pagerduty.routingKey"), "is required")
		}
		if m := r.Email; m != nil {
			validateEmail(e, key(rp, "email"), m)
		}
		if w := r.Webhook; w != nil {
			secretURL(e, key(rp, "webhook.url"), w.URL)
		}
	}
}

// secretURL checks a URL that may be a secret: the offline engine sees
// only the placeholder, which passes.
func secretURL(e *errs, path, v string) {
	if v == SecretPlaceholder {
		return
	}
	u, err := url.Parse(v)
	if v == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		e.add(path, "must be an http(s) URL (keep it secret: pulumi config set --secret --path ...)")
	}
}

func validateEmail(e *errs, path string, m *Email) {
	if len(m.To) == 0 {
		e.add(key(path, "to"), "is required")
	}
	for i, to := range m.To {
		if _, err := mail.ParseAddress(to); err != nil {
			e.add(index(key(path, "to"), i), "is not an e-mail address: %q", to)
		}
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		e.add(key(path, "from"), "is not an e-mail address: %q", m.From)
	}
	if host, port, ok := strings.Cut(m.Smarthost, ":"); !ok || host == "" || port == "" {
		e.add(key(path, "smarthost"), "must be host:port, got %q", m.Smarthost)
	}
	if m.Password != "" && m.Username == "" {
		e.add(key(path, "username"), "is required with a password")
	}
}
