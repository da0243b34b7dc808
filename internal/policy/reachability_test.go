package policy

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/stretchr/testify/assert"
)

const workloadURN = "urn:svc"

func kobj(kind, name string, parent string, inputs map[string]any) Resource {
	inputs["kind"] = kind
	if _, ok := inputs["metadata"]; !ok {
		inputs["metadata"] = map[string]any{"name": name, "namespace": "ml"}
	}
	return Resource{URN: "urn:" + kind + ":" + name, Type: "kubernetes:x/v1:" + kind, Name: name, Parent: parent, Custom: true, Inputs: inputs}
}

func labelMap(kv ...string) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func podObject(kind, name string, podLabels map[string]any, needs string, spec map[string]any) Resource {
	meta := map[string]any{"name": name, "namespace": "ml"}
	if needs != "" {
		meta["annotations"] = map[string]any{"mlkube.io/needs-egress": needs}
	}
	tmpl := map[string]any{"metadata": map[string]any{"labels": podLabels}, "spec": map[string]any{"containers": []any{map[string]any{
		"name": "c", "ports": []any{map[string]any{"name": "http", "containerPort": 8080.0, "protocol": "TCP"}},
	}}}}
	if spec == nil {
		spec = map[string]any{}
	}
	spec["template"] = tmpl
	return kobj(kind, name, workloadURN, map[string]any{"metadata": meta, "spec": spec})
}

func policyObj(name, parent string, spec map[string]any) Resource {
	return kobj("NetworkPolicy", name, parent, map[string]any{"spec": spec})
}

var (
	serverLabels = labelMap("app.kubernetes.io/name", "svc", "app.kubernetes.io/component", "inference")
	loaderLabels = labelMap("app.kubernetes.io/name", "svc", "app.kubernetes.io/component", "model-loader")
	private      = []any{"10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"}
	dnsRule      = map[string]any{
		"to":    []any{map[string]any{"namespaceSelector": map[string]any{"matchLabels": labelMap("kubernetes.io/metadata.name", "kube-system")}}},
		"ports": []any{map[string]any{"protocol": "UDP", "port": 53.0}, map[string]any{"protocol": "TCP", "port": 53.0}},
	}
	storageRule = map[string]any{
		"to":    []any{map[string]any{"ipBlock": map[string]any{"cidr": "0.0.0.0/0", "except": private}}},
		"ports": []any{map[string]any{"protocol": "TCP", "port": 443.0}},
	}
	samePods = []any{map[string]any{"podSelector": map[string]any{}}}
)

// stack is a team namespace (default deny, DNS, same namespace) with one
// inference service, its loader, its egress policy and a PodMonitor.
func stack() []Resource {
	return []Resource{
		{URN: workloadURN, Type: "mlkube:workloads:InferenceService", Name: "svc"},
		kobj("Namespace", "ml", "", map[string]any{"metadata": map[string]any{"name": "ml"}}),
		policyObj("default-deny", "", map[string]any{"podSelector": map[string]any{}, "policyTypes": []any{"Ingress", "Egress"}}),
		policyObj("allow-dns", "", map[string]any{"podSelector": map[string]any{}, "policyTypes": []any{"Egress"}, "egress": []any{dnsRule}}),
		policyObj("allow-namespace", "", map[string]any{"podSelector": map[string]any{}, "policyTypes": []any{"Ingress", "Egress"},
			"ingress": []any{map[string]any{"from": samePods}}, "egress": []any{map[string]any{"to": samePods}}}),
		policyObj("svc", workloadURN, map[string]any{"podSelector": map[string]any{"matchLabels": serverLabels}, "policyTypes": []any{"Ingress"},
			"ingress": []any{map[string]any{"from": []any{map[string]any{"namespaceSelector": map[string]any{"matchLabels": labelMap("kubernetes.io/metadata.name", "monitoring")}}},
				"ports": []any{map[string]any{"protocol": "TCP", "port": 8080.0}}}}}),
		policyObj("svc-egress", workloadURN, map[string]any{"podSelector": map[string]any{"matchLabels": serverLabels}, "policyTypes": []any{"Egress"},
			"egress": []any{dnsRule, storageRule}}),
		policyObj("svc-model-loader-egress", workloadURN, map[string]any{"podSelector": map[string]any{"matchLabels": loaderLabels}, "policyTypes": []any{"Egress"},
			"egress": []any{dnsRule, storageRule}}),
		podObject("Deployment", "svc", serverLabels, "objectStorage", nil),
		podObject("Job", "svc-model-loader", loaderLabels, "objectStorage", nil),
		kobj("PodMonitor", "svc", workloadURN, map[string]any{"spec": map[string]any{"selector": map[string]any{"matchLabels": serverLabels},
			"podMetricsEndpoints": []any{map[string]any{"port": "http"}}}}),
	}
}

func reachFindings(rs []Resource) []string {
	in := Input{Resources: rs, Reach: Reach{
		Egress:              map[string][]cluster.EgressDestination{"objectStorage": cluster.PublicHTTPS()},
		MonitoringNamespace: "monitoring",
	}}
	var out []string
	for _, f := range only(Check(in), "reachability") {
		out = append(out, f.Severity+" "+f.URN+": "+f.Message)
	}
	return out
}

func without(rs []Resource, urn string) []Resource {
	var out []Resource
	for _, r := range rs {
		if r.URN != urn {
			out = append(out, r)
		}
	}
	return out
}

func TestReachability(t *testing.T) {
	distributed := func() []Resource {
		job := podObject("Job", "train", labelMap("app.kubernetes.io/name", "train"), "", map[string]any{"completionMode": "Indexed"})
		job.Parent = "urn:train"
		svc := kobj("Service", "train", "urn:train", map[string]any{"spec": map[string]any{"clusterIP": "None", "selector": labelMap("app.kubernetes.io/name", "train"),
			"ports": []any{map[string]any{"name": "rendezvous", "port": 29500.0, "targetPort": 29500.0, "protocol": "TCP"}}}})
		return append(stack(), Resource{URN: "urn:train", Type: "mlkube:workloads:TrainingJob", Name: "train"}, job, svc)
	}
	cases := []struct {
		name      string
		resources []Resource
		want      []string // substrings, one finding each
	}{
		{name: "every need allowed", resources: stack()},
		{name: "the loader's egress policy removed: its source is denied",
			resources: without(stack(), "urn:NetworkPolicy:svc-model-loader-egress"),
			want: []string{
				"error urn:Job:svc-model-loader: workload svc (Job ml/svc-model-loader): its objectStorage egress (TCP 443 to 0.0.0.0/0 except 10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16) is denied: no rule of the egress policies selecting the source pod allows it (ml/allow-dns, ml/allow-namespace, ml/default-deny)",
			}},
		{name: "the team's DNS allowance removed: the loader cannot resolve names, the server still can",
			resources: without(without(stack(), "urn:NetworkPolicy:allow-dns"), "urn:NetworkPolicy:svc-model-loader-egress"),
			want: []string{
				"urn:Job:svc-model-loader: workload svc (Job ml/svc-model-loader): DNS (TCP to kube-system/k8s-app=kube-dns pods, port 53) is denied",
				"urn:Job:svc-model-loader: workload svc (Job ml/svc-model-loader): DNS (UDP to kube-system/k8s-app=kube-dns pods, port 53) is denied",
				"urn:Job:svc-model-loader: workload svc (Job ml/svc-model-loader): its objectStorage egress",
			}},
		{name: "the server's ingress policy removed: Prometheus is shut out by the default deny",
			resources: without(stack(), "urn:NetworkPolicy:svc"),
			want: []string{
				"urn:Deployment:svc: workload svc (Deployment ml/svc): ingress from Prometheus in namespace monitoring for PodMonitor ml/svc (TCP 8080) is denied: no rule of the ingress policies selecting the destination pod allows it (ml/allow-namespace, ml/default-deny)",
			}},
		{name: "a distributed job's pods reach each other in the team namespace", resources: distributed()},
		{name: "without the same-namespace allowance they do not",
			resources: without(distributed(), "urn:NetworkPolicy:allow-namespace"),
			want: []string{
				"urn:Job:train: workload train (Job ml/train): its peers of the same job through Service ml/train (TCP 29500) is denied: no rule of the egress policies selecting the source pod allows it (ml/allow-dns, ml/default-deny); no rule of the ingress policies selecting the destination pod allows it (ml/default-deny)",
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := reachFindings(tc.resources)
			if !assert.Len(t, got, len(tc.want), strings.Join(got, "\n")) {
				return
			}
			for i, w := range tc.want {
				assert.Contains(t, got[i], w)
			}
		})
	}
}

func TestUnreadablePolicyIsAnError(t *testing.T) {
	rs := append(stack(), policyObj("bad", "", map[string]any{"podSelector": map[string]any{"matchExpressions": []any{map[string]any{"key": "a", "operator": "Is"}}}}))
	got := reachFindings(rs)
	assert.Equal(t, []string{`error urn:NetworkPolicy:bad: NetworkPolicy ml/bad: spec.podSelector: matchExpressions[0]: operator "Is" is not In, NotIn, Exists or DoesNotExist`}, got)
}
