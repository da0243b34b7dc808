package netpol

import (
	"fmt"
	"strconv"

	"github.com/mlkube/mlkube/internal/anyval"
)

// The parsers read objects as plain nested maps (a plan's inputs, decoded
// JSON or YAML): numbers may be any Go number type or a numeric string.

// ParsePolicy reads a NetworkPolicy object.
func ParsePolicy(obj map[string]any) (Policy, error) {
	meta, _ := obj["metadata"].(map[string]any)
	spec, _ := obj["spec"].(map[string]any)
	p := Policy{Name: str(meta["name"]), Namespace: str(meta["namespace"])}
	where := "NetworkPolicy " + p.Namespace + "/" + p.Name
	var err error
	if p.PodSelector, err = parseSelector(spec["podSelector"]); err != nil {
		return Policy{}, fmt.Errorf("%s: spec.podSelector: %w", where, err)
	}
	for _, t := range list(spec["policyTypes"]) {
		p.PolicyTypes = append(p.PolicyTypes, str(t))
	}
	if p.Ingress, err = parseRules(spec["ingress"], "from"); err != nil {
		return Policy{}, fmt.Errorf("%s: spec.ingress%w", where, err)
	}
	if p.Egress, err = parseRules(spec["egress"], "to"); err != nil {
		return Policy{}, fmt.Errorf("%s: spec.egress%w", where, err)
	}
	return p, nil
}

// ParseNamespace reads a Namespace object.
func ParseNamespace(obj map[string]any) Namespace {
	meta, _ := obj["metadata"].(map[string]any)
	return Namespace{Name: str(meta["name"]), Labels: stringMap(meta["labels"])}
}

// ParsePod reads a pod template (metadata and spec) as a pod of namespace.
func ParsePod(name, namespace string, template map[string]any) Pod {
	meta, _ := template["metadata"].(map[string]any)
	spec, _ := template["spec"].(map[string]any)
	pod := Pod{Name: name, Namespace: namespace, Labels: stringMap(meta["labels"])}
	for _, k := range []string{"initContainers", "containers"} {
		for _, c := range list(spec[k]) {
			cm, _ := c.(map[string]any)
			for _, p := range list(cm["ports"]) {
				pm, _ := p.(map[string]any)
				n, _ := number(pm["containerPort"])
				pod.Ports = append(pod.Ports, ContainerPort{Name: str(pm["name"]), Port: n, Protocol: str(pm["protocol"])})
			}
		}
	}
	return pod
}

func parseRules(v any, peersKey string) ([]Rule, error) {
	var out []Rule
	for i, r := range list(v) {
		rm, _ := r.(map[string]any)
		var rule Rule
		for j, p := range list(rm[peersKey]) {
			peer, err := parsePeer(p)
			if err != nil {
				return nil, fmt.Errorf("[%d].%s[%d]: %w", i, peersKey, j, err)
			}
			rule.Peers = append(rule.Peers, peer)
		}
		for j, p := range list(rm["ports"]) {
			port, err := parsePort(p)
			if err != nil {
				return nil, fmt.Errorf("[%d].ports[%d]: %w", i, j, err)
			}
			rule.Ports = append(rule.Ports, port)
		}
		out = append(out, rule)
	}
	return out, nil
}

func parsePeer(v any) (Peer, error) {
	m, _ := v.(map[string]any)
	var p Peer
	for _, f := range []struct {
		key string
		dst **Selector
	}{{"podSelector", &p.PodSelector}, {"namespaceSelector", &p.NamespaceSelector}} {
		key, dst := f.key, f.dst
		if raw, ok := m[key]; ok && raw != nil {
			s, err := parseSelector(raw)
			if err != nil {
				return Peer{}, fmt.Errorf("%s: %w", key, err)
			}
			*dst = &s
		}
	}
	if b, ok := m["ipBlock"].(map[string]any); ok {
		p.IPBlock = &IPBlock{CIDR: str(b["cidr"])}
		for _, x := range list(b["except"]) {
			p.IPBlock.Except = append(p.IPBlock.Except, str(x))
		}
		if _, err := blockSet(p.IPBlock.CIDR, p.IPBlock.Except); err != nil {
			return Peer{}, fmt.Errorf("ipBlock: %w", err)
		}
	}
	if p.IPBlock == nil && p.PodSelector == nil && p.NamespaceSelector == nil {
		return Peer{}, fmt.Errorf("a peer needs podSelector, namespaceSelector or ipBlock")
	}
	return p, nil
}

func parsePort(v any) (Port, error) {
	m, _ := v.(map[string]any)
	p := Port{Protocol: str(m["protocol"])}
	switch x := m["port"].(type) {
	case nil:
	case string:
		if n, err := strconv.Atoi(x); err == nil {
			p.Port = n
		} else {
			p.Name = x
		}
	default:
		n, ok := number(x)
		if !ok {
			return Port{}, fmt.Errorf("port %v is neither a number nor a name", x)
		}
		p.Port = n
	}
	if e, ok := number(m["endPort"]); ok {
		if p.Port == 0 {
			return Port{}, fmt.Errorf("endPort needs a numeric port")
		}
		p.EndPort = e
	}
	return p, nil
}

func parseSelector(v any) (Selector, error) {
	m, _ := v.(map[string]any)
	s := Selector{MatchLabels: stringMap(m["matchLabels"])}
	for i, e := range list(m["matchExpressions"]) {
		em, _ := e.(map[string]any)
		x := Expression{Key: str(em["key"]), Operator: str(em["operator"])}
		for _, val := range list(em["values"]) {
			x.Values = append(x.Values, str(val))
		}
		switch x.Operator {
		case "In", "NotIn", "Exists", "DoesNotExist":
		default:
			return Selector{}, fmt.Errorf("matchExpressions[%d]: operator %q is not In, NotIn, Exists or DoesNotExist", i, x.Operator)
		}
		s.MatchExpressions = append(s.MatchExpressions, x)
	}
	return s, nil
}

// The decoded-JSON accessors every reader of plan inputs shares.
var (
	str       = anyval.Str
	list      = anyval.List
	stringMap = anyval.StringMap
)

func number(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}
