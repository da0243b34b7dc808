package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestServingKeys: every serving key refuses bad input under its own key
// path, and the seed-style set-ups are valid.
func TestServingKeys(t *testing.T) {
	ingress := func(extra string) string {
		return service("s", "cpu", `, "expose": {"type": "ingress", "host": "models.example.com"`+extra+`}`)
	}
	canary := func(c string) string { return ingress(`, "canary": ` + c) }
	for _, tc := range []struct {
		name        string
		inference   []string
		volumes     string
		addons      string
		environment string
		want        string // "" for a valid stack
	}{
		{name: "node port on 30050", inference: []string{service("tf", "cpu", `, "expose": {"type": "nodePort", "nodePort": 30050}`)}},
		{name: "node port out of range", inference: []string{service("tf", "cpu", `, "expose": {"type": "nodePort", "nodePort": 8080}`)},
			want: "workloads.inference[0].expose.nodePort: must be a whole number from 30000 to 32767, got 8080"},
		{name: "two services on one node port", inference: []string{
			service("a", "cpu", `, "expose": {"type": "nodePort", "nodePort": 30050}`),
			service("b", "cpu", `, "expose": {"type": "nodePort", "nodePort": 30050}`)},
			want: "workloads.inference[1].expose.nodePort: node port 30050 is already taken by workloads.inference[0].expose.nodePort"},
		{name: "public load balancer in dev", inference: []string{service("a", "cpu", `, "expose": {"type": "loadBalancer"}`)}},
		{name: "public load balancer in production without CIDRs", environment: EnvProduction,
			inference: []string{service("a", "cpu", `, "expose": {"type": "loadBalancer"}`)},
			want:      "workloads.inference[0].expose.sourceCidrs: is required for a public loadBalancer in production"},
		{name: "public load balancer in production open to all", environment: EnvProduction,
			inference: []string{service("a", "cpu", `, "expose": {"type": "loadBalancer", "sourceCidrs": ["0.0.0.0/0"]}`)},
			want:      "workloads.inference[0].expose.sourceCidrs[0]: opens a public load balancer to the whole internet"},
		{name: "public load balancer in production with CIDRs", environment: EnvProduction,
			inference: []string{service("a", "cpu", `, "expose": {"type": "loadBalancer", "sourceCidrs": ["203.0.113.0/24"]}`)}},
		{name: "ingress without host", inference: []string{service("a", "cpu", `, "expose": {"type": "ingress"}`)},
			want: "workloads.inference[0].expose.host: is required for ingress"},
		{name: "bad host", inference: []string{service("a", "cpu", `, "expose": {"type": "ingress", "host": "models example"}`)},
			want: "workloads.inference[0].expose.host: must be a DNS name"},
		{name: "empty tls", inference: []string{ingress(`, "tls": {}`)},
			want: "workloads.inference[0].expose.tls: set secret"},
		{name: "tls secret name", inference: []string{ingress(`, "tls": {"secret": "Bad_Name"}`)},
			want: "workloads.inference[0].expose.tls.secret: must be the name of a Secret"},
		{name: "tls from cert-manager", inference: []string{ingress(`, "tls": {"clusterIssuer": "letsencrypt"}`)}},
		{name: "canary at 10%", inference: []string{canary(`{"image": "r/s:2.0", "weight": 10, "header": "X-Canary"}`)}},
		{name: "canary without the platform's Gateway", addons: `{"gateway": {"enabled": false}}`,
			inference: []string{canary(`{"image": "r/s:2.0", "weight": 10}`)},
			want:      "workloads.inference[0].expose.canary: needs the platform's Gateway"},
		{name: "canary through the kept ingress-nginx", addons: `{"gateway": {"enabled": false}, "ingress": {"enabled": true}}`,
			inference: []string{canary(`{"image": "r/s:2.0", "weight": 10}`)}},
		{name: "blue-green: all traffic on the new version", inference: []string{canary(`{"image": "r/s:2.0", "weight": 100, "replicas": 2}`)}},
		{name: "gateway chart version", addons: `{"gateway": {"version": "1.x"}}`,
			want: `addons.gateway.version: must be a chart version`},
		{name: "gateway misspelled key", addons: `{"gateway": {"enable": true}}`,
			want: `addons.gateway.enable: unknown key`},
		{name: "one host, two certificates", inference: []string{
			service("a", "cpu", `, "expose": {"type": "ingress", "host": "models.example.com", "path": "/a", "tls": {"secret": "a-tls"}}`),
			service("b", "cpu", `, "expose": {"type": "ingress", "host": "models.example.com", "path": "/b", "tls": {"secret": "b-tls"}}`)},
			want: "workloads.inference[1].expose.tls: differs from workloads.inference[0].expose.tls on host models.example.com"},
		{name: "one host, one certificate", inference: []string{
			service("a", "cpu", `, "expose": {"type": "ingress", "host": "models.example.com", "path": "/a", "tls": {"secret": "m-tls"}}`),
			service("b", "cpu", `, "expose": {"type": "ingress", "host": "models.example.com", "path": "/b", "tls": {"secret": "m-tls"}}`)}},
		{name: "two cluster issuers", inference: []string{
			service("a", "cpu", `, "expose": {"type": "ingress", "host": "a.example.com", "tls": {"clusterIssuer": "le"}}`),
			service("b", "cpu", `, "expose": {"type": "ingress", "host": "b.example.com", "tls": {"clusterIssuer": "vault"}}`)},
			want: `workloads.inference[1].expose.tls.clusterIssuer: is "vault" but workloads.inference[0] names "le"`},
		{name: "canary weight above 100", inference: []string{canary(`{"image": "r/s:2.0", "weight": 110}`)},
			want: "workloads.inference[0].expose.canary.weight: must be a whole number from 0 to 100, got 110"},
		{name: "canary without weight or header", inference: []string{canary(`{"image": "r/s:2.0"}`)},
			want: "workloads.inference[0].expose.canary.weight: is required"},
		{name: "metric the adapter does not serve", inference: []string{service("a", "cpu", `, "autoscaling": {"max": 3, "metrics": [{"name": "gpu_util", "target": "70"}]}`)},
			want: `workloads.inference[0].autoscaling.metrics[0].name: the adapter does not serve "gpu_util"; it serves gpu_utilisation, inference_queue_length, requests_per_second`},
		{name: "external metric", inference: []string{service("a", "cpu", `, "autoscaling": {"max": 3, "metrics": [{"type": "external", "name": "sqs", "target": "5"}]}`)},
			want: "workloads.inference[0].autoscaling.metrics[0].type: external metrics are not served"},
		{name: "GPU metric of a CPU service", inference: []string{service("a", "cpu", `, "autoscaling": {"max": 3, "metrics": [{"name": "gpu_utilisation", "target": "70"}]}`)},
			want: "workloads.inference[0].autoscaling.metrics[0].name: gpu_utilisation comes from the GPU operator's DCGM exporter and exists only for pods holding a GPU"},
		{name: "GPU metric of a GPU service", inference: []string{service("a", "gpu", `, "gpu": 1, "autoscaling": {"max": 3, "metrics": [{"name": "gpu_utilisation", "target": "70"}, {"name": "requests_per_second", "target": "200"}]}`)}},
		{name: "pods metric without the adapter", addons: `{"prometheusAdapter": {"enabled": false}}`,
			inference: []string{service("a", "cpu", `, "autoscaling": {"max": 3, "metrics": [{"name": "requests_per_second", "target": "200"}]}`)},
			want:      "workloads.inference[0].autoscaling.metrics[0].name: requests_per_second is read through prometheus-adapter, which is not installed"},
		{name: "scale-down percent zero", inference: []string{service("a", "cpu", `, "autoscaling": {"max": 3, "scaleDown": {"percent": 0}}`)},
			want: "workloads.inference[0].autoscaling.scaleDown.percent: must be a whole number >= 1, got 0"},
		{name: "two scale-down windows", inference: []string{service("a", "cpu", `, "autoscaling": {"max": 3, "scaleDownStabilizationSeconds": 120, "scaleDown": {"stabilizationSeconds": 600}}`)},
			want: "workloads.inference[0].autoscaling.scaleDownStabilizationSeconds: conflicts with scaleDown.stabilizationSeconds"},
		{name: "model volume with nothing to fill it", volumes: `{"name": "w", "team": "ml", "purpose": "model", "size": "10Gi"}`,
			inference: []string{`{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "solo", "model": {"volume": "w"}, ` + smallPod + `}`},
			want:      `workloads.inference[0].model.source: is required with model.volume: the stack creates volume "w" empty`},
		{name: "model volume filled by a loader", volumes: `{"name": "w", "team": "ml", "purpose": "model", "size": "10Gi"}`,
			inference: []string{`{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "solo", "model": {"volume": "w", "source": "s3://b/m"}, ` + smallPod + `}`}},
		{name: "read-only model volume cannot be loaded", volumes: `{"name": "w", "team": "ml", "purpose": "model", "size": "10Gi", "accessMode": "ReadOnlyMany"}`,
			inference: []string{`{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "model": {"volume": "w", "source": "s3://b/m"}, ` + smallPod + `}`},
			want:      `workloads.inference[0].model.volume: volume "w" is ReadOnlyMany`},
		{name: "existing claim", inference: []string{`{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "model": {"existingClaim": "weights"}, ` + smallPod + `}`}},
		{name: "existing claim name", inference: []string{`{"name": "s", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "model": {"existingClaim": "Weights!"}, ` + smallPod + `}`},
			want: "workloads.inference[0].model.existingClaim: must be the name of a PersistentVolumeClaim"},
		{name: "two sources into one volume", volumes: `{"name": "w", "team": "ml", "purpose": "model", "size": "10Gi", "accessMode": "ReadWriteMany"}`,
			inference: []string{
				`{"name": "a", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "model": {"volume": "w", "source": "s3://b/a"}, ` + smallPod + `}`,
				`{"name": "b", "team": "ml", "image": "r/s:1.0", "pool": "cpu", "model": {"volume": "w", "source": "s3://b/b"}, ` + smallPod + `}`},
			want: `workloads.inference[1].model.source: loads "s3://b/b" into volume "w", which workloads.inference[0] fills from "s3://b/a"`},
		{name: "vertical recommendations alone", inference: []string{service("a", "cpu", `, "autoscaling": {"vertical": {}}`)}},
		{name: "vertical with bounds", inference: []string{service("a", "cpu", `, "autoscaling": {"max": 3, "metrics": [{"name": "requests_per_second", "target": "50"}], "vertical": {"updateMode": "Recreate", "minAllowed": {"cpu": "250m"}, "maxAllowed": {"memory": "8Gi"}}}`)}},
		{name: "vertical without the VPA addon", addons: `{"vpa": {"enabled": false}}`,
			inference: []string{service("a", "cpu", `, "autoscaling": {"vertical": {}}`)},
			want:      "workloads.inference[0].autoscaling.vertical: needs the Vertical Pod Autoscaler, which addons.vpa.enabled: false turns off"},
		{name: "vertical bound on a GPU", inference: []string{service("a", "cpu", `, "autoscaling": {"vertical": {"maxAllowed": {"nvidia.com/gpu": "1"}}}`)},
			want: `workloads.inference[0].autoscaling.vertical.maxAllowed.nvidia.com/gpu: unknown key`},
		{name: "vertical misspelled key", inference: []string{service("a", "cpu", `, "autoscaling": {"vertical": {"mode": "Off"}}`)},
			want: `workloads.inference[0].autoscaling.vertical.mode: unknown key`},
		{name: "vertical not an object", inference: []string{service("a", "cpu", `, "autoscaling": {"vertical": "Off"}`)},
			want: `workloads.inference[0].autoscaling.vertical: `},
		{name: "vpa chart version", addons: `{"vpa": {"version": "0.x"}}`,
			want: `addons.vpa.version: must be a chart version`},
		{name: "ingress controller choice", addons: `{"ingress": {"controller": "traefik"}}`,
			want: `addons.ingress.controller: must be nginx or cloud`},
		{name: "ingress chart version", addons: `{"ingress": {"version": "4.x"}}`,
			want: `addons.ingress.version: must be a chart version`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := with("nodePools", capacityPools, "workloads", workloadsOf(tc.volumes, tc.inference, nil))
			if tc.addons != "" {
				raw["mlkube:addons"] = tc.addons
			}
			if tc.environment != "" {
				raw["mlkube:environment"] = tc.environment
			}
			var got []string
			if _, err := Parse("mlkube", "test", raw); err != nil {
				got = strings.Split(strings.TrimPrefix(err.Error()[strings.Index(err.Error(), "\n")+1:], "  "), "\n  ")
			}
			assertProblem(t, got, tc.want)
		})
	}
}

// TestIngressWanted: the Gateway comes with the first ingress service and
// the stack may force it on or off; the retired ingress controller comes
// only when the stack asks for it.
func TestIngressWanted(t *testing.T) {
	on, off := true, false
	ing := Workloads{Inference: []Inference{{Expose: Expose{Type: ExposeIngress}}}}
	none := Workloads{Inference: []Inference{{Expose: Expose{Type: ExposeNodePort}}}}
	assert.True(t, Gateway{}.Wanted(ing))
	assert.False(t, Gateway{}.Wanted(none))
	assert.True(t, Gateway{Addon: Addon{Enabled: &on}}.Wanted(none))
	assert.False(t, Gateway{Addon: Addon{Enabled: &off}}.Wanted(ing))
	assert.False(t, Ingress{}.Wanted(ing), "ingress-nginx is not installed for an ingress service")
	assert.True(t, Ingress{Addon: Addon{Enabled: &on}}.Wanted(none))
	assert.True(t, Ingress{Addon: Addon{Enabled: &on}}.Kept())
	assert.False(t, Ingress{Addon: Addon{Enabled: &off}}.Kept())
}

// TestHorizontal: autoscaling.vertical alone adds no HPA; any other key
// (or none at all, which the HPA's rules refuse) does.
func TestHorizontal(t *testing.T) {
	v := &Vertical{}
	for _, tc := range []struct {
		name string
		a    *Autoscaling
		want bool
	}{
		{"no autoscaling", nil, false},
		{"vertical alone", &Autoscaling{Vertical: v}, false},
		{"empty", &Autoscaling{}, true},
		{"max and vertical", &Autoscaling{Max: 3, Vertical: v}, true},
		{"metrics and vertical", &Autoscaling{Metrics: []Metric{{Name: "q"}}, Vertical: v}, true},
		{"scale-down rules and vertical", &Autoscaling{ScaleDown: &ScalingRules{}, Vertical: v}, true},
	} {
		assert.Equal(t, tc.want, tc.a.Horizontal(), tc.name)
	}
}
