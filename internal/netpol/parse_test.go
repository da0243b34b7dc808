package netpol

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePolicy(t *testing.T) {
	obj := map[string]any{
		"kind":     "NetworkPolicy",
		"metadata": map[string]any{"name": "web", "namespace": "ml"},
		"spec": map[string]any{
			"podSelector": map[string]any{
				"matchLabels":      map[string]any{"app": "web"},
				"matchExpressions": []any{map[string]any{"key": "tier", "operator": "NotIn", "values": []any{"db"}}},
			},
			"policyTypes": []any{"Ingress", "Egress"},
			"ingress": []any{map[string]any{
				"from": []any{map[string]any{
					"namespaceSelector": map[string]any{"matchLabels": map[string]any{NamespaceNameLabel: "monitoring"}},
					"podSelector":       map[string]any{},
				}},
				"ports": []any{map[string]any{"port": "metrics"}, map[string]any{"protocol": "TCP", "port": float64(8000), "endPort": float64(8100)}},
			}},
			"egress": []any{map[string]any{
				"to":    []any{map[string]any{"ipBlock": map[string]any{"cidr": "0.0.0.0/0", "except": []any{"10.0.0.0/8"}}}},
				"ports": []any{map[string]any{"protocol": "UDP", "port": 53}},
			}, map[string]any{}},
		},
	}
	p, err := ParsePolicy(obj)
	require.NoError(t, err)
	assert.Equal(t, Policy{
		Name: "web", Namespace: "ml",
		PodSelector: Selector{MatchLabels: map[string]string{"app": "web"}, MatchExpressions: []Expression{{Key: "tier", Operator: "NotIn", Values: []string{"db"}}}},
		PolicyTypes: []string{"Ingress", "Egress"},
		Ingress: []Rule{{
			Peers: []Peer{{NamespaceSelector: nsSel("monitoring"), PodSelector: &Selector{MatchLabels: map[string]string{}}}},
			Ports: []Port{{Name: "metrics"}, {Protocol: TCP, Port: 8000, EndPort: 8100}},
		}},
		Egress: []Rule{
			{Peers: []Peer{{IPBlock: &IPBlock{CIDR: "0.0.0.0/0", Except: []string{"10.0.0.0/8"}}}}, Ports: []Port{{Protocol: UDP, Port: 53}}},
			{},
		},
	}, p)
}

func TestParsePolicyErrorsNameTheField(t *testing.T) {
	cases := map[string]struct {
		spec map[string]any
		want string
	}{
		"operator": {map[string]any{"podSelector": map[string]any{"matchExpressions": []any{map[string]any{"key": "a", "operator": "Equals"}}}},
			`NetworkPolicy ml/p: spec.podSelector: matchExpressions[0]: operator "Equals" is not In, NotIn, Exists or DoesNotExist`},
		"cidr": {map[string]any{"egress": []any{map[string]any{"to": []any{map[string]any{"ipBlock": map[string]any{"cidr": "10.0.0/8"}}}}}},
			`NetworkPolicy ml/p: spec.egress[0].to[0]: ipBlock: "10.0.0/8" is neither a CIDR nor an address`},
		"endPort": {map[string]any{"ingress": []any{map[string]any{"ports": []any{map[string]any{"port": "http", "endPort": 90}}}}},
			`NetworkPolicy ml/p: spec.ingress[0].ports[0]: endPort needs a numeric port`},
		"empty peer": {map[string]any{"ingress": []any{map[string]any{"from": []any{map[string]any{}}}}},
			`NetworkPolicy ml/p: spec.ingress[0].from[0]: a peer needs podSelector, namespaceSelector or ipBlock`},
	}
	for name, tc := range cases {
		_, err := ParsePolicy(map[string]any{"metadata": map[string]any{"name": "p", "namespace": "ml"}, "spec": tc.spec})
		assert.EqualError(t, err, tc.want, name)
	}
}

func TestParsePodReadsLabelsAndNamedPorts(t *testing.T) {
	tmpl := map[string]any{
		"metadata": map[string]any{"labels": map[string]any{"app": "web"}},
		"spec": map[string]any{"containers": []any{map[string]any{
			"ports": []any{map[string]any{"name": "http", "containerPort": float64(8080), "protocol": "TCP"}},
		}}},
	}
	assert.Equal(t, Pod{Name: "Deployment ml/web", Namespace: "ml", Labels: map[string]string{"app": "web"},
		Ports: []ContainerPort{{Name: "http", Port: 8080, Protocol: TCP}}}, ParsePod("Deployment ml/web", "ml", tmpl))
}

func TestParseNamespace(t *testing.T) {
	n := ParseNamespace(map[string]any{"metadata": map[string]any{"name": "ml", "labels": map[string]any{"team": "a"}}})
	assert.Equal(t, map[string]string{"team": "a", NamespaceNameLabel: "ml"}, n.labels())
}
