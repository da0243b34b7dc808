package plan

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/netpol"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func planOf(t *testing.T, stack string) (*Plan, *config.Config) {
	t.Helper()
	sf, cfg := stackFile(t, stack)
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	return p, cfg
}

// podOf is the pod a workload object of the plan runs.
func podOf(t *testing.T, p *Plan, typ, name string) *netpol.Pod {
	t.Helper()
	r := find(p, typ, name)
	require.NotNil(t, r, "%s %s is in the plan", typ, name)
	pod, ok := policy.PodOf(*r)
	require.True(t, ok)
	return &pod
}

// allowed is the verdict on one flow under the plan's NetworkPolicies.
func allowed(t *testing.T, rs []Resource, f netpol.Flow) netpol.Verdict {
	t.Helper()
	c, bad := policy.Network(rs)
	require.Empty(t, bad)
	v, err := c.Allowed(f)
	require.NoError(t, err)
	return v
}

// objectStorage is where the plan's cluster sends objectStorage egress.
func objectStorage(t *testing.T, p *Plan) netpol.Endpoint {
	t.Helper()
	d := p.reach.Egress[config.EgressObjectStorage]
	require.Len(t, d, 1)
	return netpol.Endpoint{CIDR: d[0].CIDR, Except: d[0].Except}
}

func dnsFlows(from *netpol.Pod) map[string]netpol.Flow {
	dns := policy.DNSPod()
	return map[string]netpol.Flow{
		"DNS over UDP": {From: netpol.Endpoint{Pod: from}, To: netpol.Endpoint{Pod: &dns}, Protocol: netpol.UDP, Port: 53},
		"DNS over TCP": {From: netpol.Endpoint{Pod: from}, To: netpol.Endpoint{Pod: &dns}, Protocol: netpol.TCP, Port: 53},
	}
}

// reachability re-runs the reachability policy on changed resources.
func reachability(p *Plan, cfg *config.Config, rs []Resource) []string {
	var out []string
	for _, f := range policy.Check(policy.Input{Config: cfg, Resources: rs, Reach: p.reach}) {
		if f.Policy == "reachability" {
			out = append(out, f.Severity+": "+f.Message)
		}
	}
	return out
}

// withoutResource is the plan's resources less one (a deleted allowance).
func withoutResource(t *testing.T, p *Plan, typ, name string) []Resource {
	t.Helper()
	r := find(p, typ, name)
	require.NotNil(t, r, "%s %s is in the plan", typ, name)
	var out []Resource
	for _, x := range p.Resources {
		if x.URN != r.URN {
			out = append(out, x)
		}
	}
	return out
}

const (
	deploymentType    = "kubernetes:apps/v1:Deployment"
	jobType           = "kubernetes:batch/v1:Job"
	networkPolicyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
)

func TestShippedStacksReachWhatTheyNeed(t *testing.T) {
	for _, name := range config.ListStacks("../..") {
		t.Run(name, func(t *testing.T) {
			p, _ := planOf(t, name)
			for _, f := range p.Findings {
				assert.NotEqual(t, "reachability", f.Policy, f.Message)
			}
		})
	}
}

// TestLocalLoaderReachesItsSource: on kind, whose kindnet enforces the
// team's default deny, the local stack's model loader resolves names and
// downloads its model over HTTPS; without its egress policy it does not,
// and the plan says which workload and flow.
func TestLocalLoaderReachesItsSource(t *testing.T) {
	p, cfg := planOf(t, "local")
	loader := podOf(t, p, jobType, "ml-embedder-model-loader")
	flows := dnsFlows(loader)
	flows["model download"] = netpol.Flow{From: netpol.Endpoint{Pod: loader}, To: objectStorage(t, p), Port: 443}
	for what, f := range flows {
		assert.True(t, allowed(t, p.Resources, f).Allowed, what)
	}

	rs := withoutResource(t, p, networkPolicyType, "ml-embedder-model-loader-networkpolicy-egress")
	v := allowed(t, rs, flows["model download"])
	assert.False(t, v.Allowed)
	assert.Equal(t, []string{"ml/mlkube-allow-dns", "ml/mlkube-allow-same-namespace", "ml/mlkube-default-deny"}, v.Egress.Policies)
	got := reachability(p, cfg, rs)
	require.Len(t, got, 1, strings.Join(got, "\n"))
	assert.Contains(t, got[0], "error: workload ml-embedder (Job ml/embedder-model-loader): its objectStorage egress (TCP 443 to 0.0.0.0/0 except 10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16) is denied")
}

// TestServingCanaryReachesWhatItsStableReaches: the serving stack's canary
// downloads its model, resolves names, and is reached by the Gateway and
// Prometheus like its stable version.
func TestServingCanaryReachesWhatItsStableReaches(t *testing.T) {
	p, cfg := planOf(t, "serving")
	require.NotEmpty(t, p.reach.IngressNamespaces)
	require.NotEmpty(t, p.reach.MonitoringNamespace)
	for _, name := range []string{"serving-sentiment-deployment", "serving-sentiment-canary-deployment"} {
		pod := podOf(t, p, deploymentType, name)
		controller := netpol.Pod{Name: "ingress controller", Namespace: p.reach.IngressNamespaces[0]}
		prometheus := netpol.Pod{Name: "Prometheus", Namespace: p.reach.MonitoringNamespace}
		flows := dnsFlows(pod)
		flows["model download"] = netpol.Flow{From: netpol.Endpoint{Pod: pod}, To: objectStorage(t, p), Port: 443}
		flows["requests from the ingress controller"] = netpol.Flow{From: netpol.Endpoint{Pod: &controller}, To: netpol.Endpoint{Pod: pod}, Port: 8080}
		flows["scrapes by Prometheus"] = netpol.Flow{From: netpol.Endpoint{Pod: &prometheus}, To: netpol.Endpoint{Pod: pod}, Port: 8080}
		for what, f := range flows {
			assert.True(t, allowed(t, p.Resources, f).Allowed, "%s: %s", name, what)
		}
	}

	rs := withoutResource(t, p, networkPolicyType, "serving-sentiment-canary-networkpolicy-egress")
	got := reachability(p, cfg, rs)
	require.NotEmpty(t, got)
	for _, g := range got {
		assert.Contains(t, g, "error: workload serving-sentiment (Deployment serving/sentiment-canary): ")
	}
	assert.Contains(t, strings.Join(got, "\n"), "its objectStorage egress (TCP 443 to 0.0.0.0/0 except 10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16) is denied")
}

// TestDistributedJobPodsReachEachOther: prod-eks's two-node pretraining
// job rendezvous through its headless Service inside the team namespace;
// without the team's same-namespace allowance they cannot.
func TestDistributedJobPodsReachEachOther(t *testing.T) {
	p, cfg := planOf(t, "prod-eks")
	job := find(p, jobType, "ml-pretrain-job")
	require.NotNil(t, job)
	require.Equal(t, "Indexed", policy.Get(job.Inputs, "spec", "completionMode"))
	pod := podOf(t, p, jobType, "ml-pretrain-job")
	svc := find(p, "kubernetes:core/v1:Service", "ml-pretrain-service")
	require.NotNil(t, svc)
	port := int(policy.Get(svc.Inputs, "spec", "ports").([]any)[0].(map[string]any)["port"].(float64))
	peers := netpol.Flow{From: netpol.Endpoint{Pod: pod}, To: netpol.Endpoint{Pod: pod}, Port: port}
	assert.True(t, allowed(t, p.Resources, peers).Allowed)
	for what, f := range dnsFlows(pod) {
		assert.True(t, allowed(t, p.Resources, f).Allowed, what)
	}

	rs := withoutResource(t, p, networkPolicyType, "ml-networkpolicy-allow-same-namespace")
	v := allowed(t, rs, peers)
	assert.False(t, v.Egress.Allowed)
	assert.False(t, v.Ingress.Allowed)
	got := reachability(p, cfg, rs)
	assert.Contains(t, strings.Join(got, "\n"), "error: workload ml-pretrain (Job ml/pretrain): its peers of the same job through Service ml/pretrain (TCP 29500) is denied")
}
