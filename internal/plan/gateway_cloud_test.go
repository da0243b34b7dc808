package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGatewayPerCloud: the llm service of each dev stack exposed through
// ingress. On GKE the cloud's own controller serves the Gateway: the
// cluster turns it on, the Gateway names GKE's class, and neither Envoy
// Gateway nor mlkube's copies of the CRDs (GKE manages them) are planned,
// while the service admits the Google Front Ends. On EKS (the AWS Load
// Balancer Controller's Gateway API is GA only from v3.0.0, mlkube pins
// v2.14.1) and AKS Envoy Gateway runs in the cluster on mlkube's CRDs.
// Either way the plan has no error: on GKE the Gateway and its routes wait
// for no CRD of mlkube's, because the cluster serves their kinds.
func TestGatewayPerCloud(t *testing.T) {
	for _, tc := range []struct {
		stack, class string
		envoy        bool
		peers        []string
	}{
		{"dev-gke", "gke-l7-global-external-managed", false, []string{"35.191.0.0/16", "130.211.0.0/22"}},
		{"dev-eks", "envoy-gateway", true, nil},
		{"dev-aks", "envoy-gateway", true, nil},
	} {
		t.Run(tc.stack, func(t *testing.T) {
			sf, cfg := stackFile(t, tc.stack)
			llm := &cfg.Workloads.Inference[0]
			require.Equal(t, "llm", llm.Name)
			llm.Expose = config.Expose{Type: config.ExposeIngress, Host: "llm.example.com", Path: "/"}
			p, err := BuildConfig(sf, cfg)
			require.NoError(t, err)

			gw := find(p, "kubernetes:gateway.networking.k8s.io/v1:Gateway", "mlkube")
			require.NotNil(t, gw)
			assert.Equal(t, tc.class, gw.Inputs["spec"].(map[string]any)["gatewayClassName"])
			assert.Equal(t, tc.envoy, find(p, "kubernetes:helm.sh/v3:Release", "gateway-helm") != nil, "Envoy Gateway release")
			crds := 0
			for _, r := range p.Resources {
				if strings.HasPrefix(r.Name, "crd-") && strings.HasSuffix(r.Name, ".gateway.networking.k8s.io") {
					crds++
				}
			}
			if tc.envoy {
				assert.Equal(t, 4, crds, "mlkube's copies of the standard-channel CRDs")
			} else {
				assert.Zero(t, crds, "the cloud manages the CRDs")
			}
			require.NotNil(t, find(p, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "ml-llm-route"))
			for _, f := range p.Findings {
				assert.NotEqual(t, policy.SeverityError, f.Severity, "%s: %s", f.Policy, f.Message)
			}
			pol := fmt.Sprint(find(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "ml-llm-networkpolicy").Inputs["spec"])
			for _, c := range tc.peers {
				assert.Contains(t, pol, "cidr:"+c, "the pods admit the cloud's proxies")
			}
			if tc.stack == "dev-gke" {
				cl := find(p, "gcp:container/cluster:Cluster", "ml-dev")
				require.NotNil(t, cl)
				assert.Equal(t, map[string]any{"channel": "CHANNEL_STANDARD"}, cl.Inputs["gatewayApiConfig"])
			}
		})
	}
}
