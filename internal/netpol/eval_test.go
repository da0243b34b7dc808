package netpol

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pod(ns string, labels map[string]string, ports ...ContainerPort) *Pod {
	return &Pod{Name: ns + "/" + labels["app"], Namespace: ns, Labels: labels, Ports: ports}
}

func app(name string) map[string]string { return map[string]string{"app": name} }

func sel(labels map[string]string) *Selector { return &Selector{MatchLabels: labels} }

func nsSel(name string) *Selector {
	return &Selector{MatchLabels: map[string]string{NamespaceNameLabel: name}}
}

var (
	web      = pod("ml", app("web"), ContainerPort{Name: "http", Port: 8080}, ContainerPort{Name: "metrics", Port: 9090})
	client   = pod("ml", app("client"))
	other    = pod("other", app("client"))
	monitor  = pod("monitoring", app("prometheus"))
	denyAll  = Policy{Name: "deny", Namespace: "ml", PolicyTypes: []string{"Ingress", "Egress"}}
	denyIn   = Policy{Name: "deny-in", Namespace: "ml", PolicyTypes: []string{"Ingress"}}
	denyOut  = Policy{Name: "deny-out", Namespace: "ml", PolicyTypes: []string{"Egress"}}
	anyPorts = []Port(nil)
)

func toWeb(from *Pod, port int) Flow {
	return Flow{From: Endpoint{Pod: from}, To: Endpoint{Pod: web}, Port: port}
}

func ingressTo(labels map[string]string, rules ...Rule) Policy {
	return Policy{Name: "in", Namespace: "ml", PodSelector: Selector{MatchLabels: labels}, PolicyTypes: []string{"Ingress"}, Ingress: rules}
}

func egressFrom(labels map[string]string, rules ...Rule) Policy {
	return Policy{Name: "out", Namespace: "ml", PodSelector: Selector{MatchLabels: labels}, PolicyTypes: []string{"Egress"}, Egress: rules}
}

func external(cidr string, except ...string) Endpoint { return Endpoint{CIDR: cidr, Except: except} }

// TestAllowed is the specification, case by case: each row is one
// sentence of it, a cluster and a flow, and the verdict it implies.
func TestAllowed(t *testing.T) {
	publicHTTPS := []string{"10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"}
	cases := []struct {
		name       string
		namespaces []Namespace
		policies   []Policy
		flow       Flow
		allowed    bool
		egress     bool // the source side's verdict
		ingress    bool // the destination side's verdict
	}{
		{name: "no policy selects either pod: everything is allowed",
			flow: toWeb(client, 8080), allowed: true, egress: true, ingress: true},
		{name: "a policy with no ingress rules isolates and denies ingress",
			policies: []Policy{denyIn}, flow: toWeb(client, 8080), egress: true},
		{name: "an ingress-only policy leaves egress open",
			policies: []Policy{denyIn}, flow: Flow{From: Endpoint{Pod: client}, To: external("1.2.3.4/32"), Port: 443}, allowed: true, egress: true, ingress: true},
		{name: "an egress-only policy denies egress but not ingress",
			policies: []Policy{denyOut}, flow: toWeb(client, 8080), ingress: true},
		{name: "without policyTypes a policy affects ingress even with only egress rules",
			policies: []Policy{{Name: "p", Namespace: "ml", Egress: []Rule{{}}}}, flow: toWeb(client, 8080), egress: true},
		{name: "without policyTypes and without egress rules, egress stays open",
			policies: []Policy{{Name: "p", Namespace: "ml", Ingress: []Rule{{}}}}, flow: Flow{From: Endpoint{Pod: client}, To: external("1.2.3.4"), Port: 443}, allowed: true, egress: true, ingress: true},
		{name: "policies add up: a deny-all and an allowance allow",
			policies: []Policy{denyAll, ingressTo(app("web"), Rule{Peers: []Peer{{PodSelector: sel(app("client"))}}}), egressFrom(nil, Rule{})},
			flow:     toWeb(client, 8080), allowed: true, egress: true, ingress: true},
		{name: "a policy selects pods of its own namespace only",
			policies: []Policy{{Name: "deny", Namespace: "other", PolicyTypes: []string{"Ingress"}}}, flow: toWeb(client, 8080), allowed: true, egress: true, ingress: true},
		{name: "a podSelector peer is in the policy's namespace",
			policies: []Policy{ingressTo(app("web"), Rule{Peers: []Peer{{PodSelector: sel(app("client"))}}})}, flow: toWeb(other, 8080), egress: true},
		{name: "a namespaceSelector peer is every pod of the namespaces",
			policies: []Policy{ingressTo(app("web"), Rule{Peers: []Peer{{NamespaceSelector: nsSel("monitoring")}}})}, flow: toWeb(monitor, 9090), allowed: true, egress: true, ingress: true},
		{name: "every namespace carries its name label",
			namespaces: []Namespace{{Name: "monitoring", Labels: map[string]string{"team": "obs"}}},
			policies:   []Policy{ingressTo(app("web"), Rule{Peers: []Peer{{NamespaceSelector: &Selector{MatchLabels: map[string]string{"team": "obs", NamespaceNameLabel: "monitoring"}}}}})},
			flow:       toWeb(monitor, 9090), allowed: true, egress: true, ingress: true},
		{name: "both selectors in one peer: the selected pods of the selected namespaces",
			policies: []Policy{ingressTo(app("web"), Rule{Peers: []Peer{{NamespaceSelector: nsSel("monitoring"), PodSelector: sel(app("grafana"))}}})}, flow: toWeb(monitor, 9090), egress: true},
		{name: "the selectors as two peers: either one",
			policies: []Policy{ingressTo(app("web"), Rule{Peers: []Peer{{NamespaceSelector: nsSel("monitoring")}, {PodSelector: sel(app("grafana"))}}})}, flow: toWeb(monitor, 9090), allowed: true, egress: true, ingress: true},
		{name: "an empty namespaceSelector is every namespace",
			policies: []Policy{ingressTo(app("web"), Rule{Peers: []Peer{{NamespaceSelector: &Selector{}}}})}, flow: toWeb(other, 8080), allowed: true, egress: true, ingress: true},
		{name: "matchExpressions In",
			policies: []Policy{ingressTo(nil, Rule{Peers: []Peer{{PodSelector: &Selector{MatchExpressions: []Expression{{Key: "app", Operator: "In", Values: []string{"client", "batch"}}}}}}})},
			flow:     toWeb(client, 8080), allowed: true, egress: true, ingress: true},
		{name: "matchExpressions NotIn holds when the label is absent",
			policies: []Policy{ingressTo(nil, Rule{Peers: []Peer{{PodSelector: &Selector{MatchExpressions: []Expression{{Key: "tier", Operator: "NotIn", Values: []string{"db"}}}}}}})},
			flow:     toWeb(client, 8080), allowed: true, egress: true, ingress: true},
		{name: "matchExpressions Exists fails on a missing label",
			policies: []Policy{ingressTo(nil, Rule{Peers: []Peer{{PodSelector: &Selector{MatchExpressions: []Expression{{Key: "tier", Operator: "Exists"}}}}}})},
			flow:     toWeb(client, 8080), egress: true},
		{name: "matchExpressions DoesNotExist selects the policy's pods",
			policies: []Policy{{Name: "p", Namespace: "ml", PodSelector: Selector{MatchExpressions: []Expression{{Key: "app", Operator: "DoesNotExist"}}}, PolicyTypes: []string{"Ingress"}}},
			flow:     toWeb(client, 8080), allowed: true, egress: true, ingress: true},
		{name: "a port without protocol is TCP: UDP is denied",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: []Port{{Port: 8080}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: Endpoint{Pod: web}, Protocol: UDP, Port: 8080}, egress: true},
		{name: "a protocol without port is every port of it",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: []Port{{Protocol: UDP}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: Endpoint{Pod: web}, Protocol: UDP, Port: 5353}, allowed: true, egress: true, ingress: true},
		{name: "endPort opens the range",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: []Port{{Port: 8000, EndPort: 8100}}})}, flow: toWeb(client, 8080), allowed: true, egress: true, ingress: true},
		{name: "endPort ends the range",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: []Port{{Port: 8000, EndPort: 8079}}})}, flow: toWeb(client, 8080), egress: true},
		{name: "a named port is the destination's container port",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: []Port{{Name: "metrics"}}})}, flow: toWeb(monitor, 9090), allowed: true, egress: true, ingress: true},
		{name: "a named port opens no other port",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: []Port{{Name: "metrics"}}})}, flow: toWeb(monitor, 8080), egress: true},
		{name: "an egress named port resolves on the destination pod",
			policies: []Policy{egressFrom(app("client"), Rule{Ports: []Port{{Name: "http"}}})}, flow: toWeb(client, 8080), allowed: true, egress: true, ingress: true},
		{name: "an egress named port never matches an address outside",
			policies: []Policy{egressFrom(app("client"), Rule{Ports: []Port{{Name: "http"}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: external("1.2.3.4"), Port: 8080}, ingress: true},
		{name: "a flow over a port range needs every port",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: []Port{{Port: 1000, EndPort: 2000}}}, Rule{Ports: []Port{{Port: 2001, EndPort: 3000}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: Endpoint{Pod: web}, Port: 1500, EndPort: 3000}, allowed: true, egress: true, ingress: true},
		{name: "a port range with a hole is denied",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: []Port{{Port: 1000, EndPort: 2000}}}, Rule{Ports: []Port{{Port: 2002, EndPort: 3000}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: Endpoint{Pod: web}, Port: 1500, EndPort: 3000}, egress: true},
		{name: "an ipBlock opens an address inside it",
			policies: []Policy{egressFrom(app("client"), Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "10.20.0.0/16"}}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: external("10.20.3.4/32"), Port: 5432}, allowed: true, egress: true, ingress: true},
		{name: "an ipBlock's except stays closed",
			policies: []Policy{egressFrom(app("client"), Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "10.20.0.0/16", Except: []string{"10.20.99.0/24"}}}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: external("10.20.99.4"), Port: 5432}, ingress: true},
		{name: "a block is allowed only when all of it is",
			policies: []Policy{egressFrom(app("client"), Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "0.0.0.0/0", Except: publicHTTPS}}}, Ports: []Port{{Port: 443}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: external("0.0.0.0/0"), Port: 443}, ingress: true},
		{name: "the public internet minus private ranges, as the rule says",
			policies: []Policy{egressFrom(app("client"), Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "0.0.0.0/0", Except: publicHTTPS}}}, Ports: []Port{{Port: 443}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: external("0.0.0.0/0", publicHTTPS...), Port: 443}, allowed: true, egress: true, ingress: true},
		{name: "two blocks together cover their union",
			policies: []Policy{egressFrom(app("client"), Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "10.0.0.0/9"}}, {IPBlock: &IPBlock{CIDR: "10.128.0.0/9"}}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: external("10.0.0.0/8"), Port: 22}, allowed: true, egress: true, ingress: true},
		{name: "addresses and ports from different rules must meet on every port",
			policies: []Policy{egressFrom(app("client"),
				Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "10.0.0.0/8"}}}, Ports: []Port{{Port: 1, EndPort: 100}}},
				Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "10.0.0.0/9"}}}, Ports: []Port{{Port: 101, EndPort: 200}}})},
			flow: Flow{From: Endpoint{Pod: client}, To: external("10.0.0.0/8"), Port: 50, EndPort: 150}, ingress: true},
		{name: "an IPv4 block does not open IPv6",
			policies: []Policy{egressFrom(app("client"), Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "0.0.0.0/0"}}}})},
			flow:     Flow{From: Endpoint{Pod: client}, To: external("2600::/64"), Port: 443}, ingress: true},
		{name: "an ipBlock does not select pods",
			policies: []Policy{ingressTo(app("web"), Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "0.0.0.0/0"}}}})}, flow: toWeb(client, 8080), egress: true},
		{name: "an ipBlock admits clients outside the cluster",
			policies: []Policy{ingressTo(app("web"), Rule{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "0.0.0.0/0"}}}, Ports: []Port{{Port: 8080}}})},
			flow:     Flow{From: external("203.0.113.0/24"), To: Endpoint{Pod: web}, Port: 8080}, allowed: true, egress: true, ingress: true},
		{name: "a rule with no peers and no ports admits everything",
			policies: []Policy{ingressTo(app("web"), Rule{Ports: anyPorts})},
			flow:     Flow{From: external("0.0.0.0/0"), To: Endpoint{Pod: web}, Port: 1, EndPort: 65535}, allowed: true, egress: true, ingress: true},
		{name: "both sides must allow: egress denied, ingress open",
			policies: []Policy{egressFrom(app("client"), Rule{Peers: []Peer{{PodSelector: sel(app("db"))}}})}, flow: toWeb(client, 8080), ingress: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Cluster{Namespaces: tc.namespaces, Policies: tc.policies}.Allowed(tc.flow)
			require.NoError(t, err)
			assert.Equal(t, tc.allowed, v.Allowed, "verdict")
			assert.Equal(t, tc.egress, v.Egress.Allowed, "egress")
			assert.Equal(t, tc.ingress, v.Ingress.Allowed, "ingress")
		})
	}
}

func TestVerdictNamesTheIsolatingPolicies(t *testing.T) {
	c := Cluster{Policies: []Policy{denyAll, denyIn, ingressTo(app("db"))}}
	v, err := c.Allowed(toWeb(client, 8080))
	require.NoError(t, err)
	assert.Equal(t, Side{Isolated: true, Policies: []string{"ml/deny"}}, v.Egress)
	assert.Equal(t, Side{Isolated: true, Policies: []string{"ml/deny", "ml/deny-in"}}, v.Ingress)
}

func TestMalformedFlowsAreErrors(t *testing.T) {
	cases := map[string]Flow{
		"no port":          {From: Endpoint{Pod: client}, To: Endpoint{Pod: web}},
		"reversed range":   {From: Endpoint{Pod: client}, To: Endpoint{Pod: web}, Port: 90, EndPort: 80},
		"port over 65535":  {From: Endpoint{Pod: client}, To: Endpoint{Pod: web}, Port: 70000},
		"no source":        {To: Endpoint{Pod: web}, Port: 80},
		"pod and CIDR":     {From: Endpoint{Pod: client, CIDR: "1.2.3.4/32"}, To: Endpoint{Pod: web}, Port: 80},
		"not an address":   {From: Endpoint{Pod: client}, To: external("example.com"), Port: 443},
		"not an exception": {From: Endpoint{Pod: client}, To: external("10.0.0.0/8", "10.1/16"), Port: 443},
	}
	c := Cluster{Policies: []Policy{denyAll}}
	for name, f := range cases {
		_, err := c.Allowed(f)
		assert.Error(t, err, name)
	}
}

func TestBlockSet(t *testing.T) {
	set, err := blockSet("10.0.0.0/8", []string{"10.0.0.0/9", "10.255.255.255/32"})
	require.NoError(t, err)
	require.Len(t, set, 1)
	assert.Equal(t, "10.128.0.0", set[0].lo.String())
	assert.Equal(t, "10.255.255.254", set[0].hi.String())

	all, err := blockSet("::/0", nil)
	require.NoError(t, err)
	assert.Equal(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", all[0].hi.String())
}
