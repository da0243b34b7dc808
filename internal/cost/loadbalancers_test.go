package cost

import (
	"testing"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
)

// The ingress controller's load balancer is priced from its release's
// values (controller.service.type), once; a release whose Services are not
// LoadBalancers, and one rendered from the chart, add none.
func TestReleaseLoadBalancers(t *testing.T) {
	release := func(name, svcType string) policy.Resource {
		return custom(typeHelmRelease, name, map[string]any{"values": map[string]any{"controller": map[string]any{
			"replicaCount": 2.0, "service": map[string]any{"type": svcType, "externalTrafficPolicy": "Local"}}}})
	}
	rendered := custom(typeService, "ingress-nginx-controller", map[string]any{"spec": map[string]any{"type": "LoadBalancer"}})
	rendered.Rendered = true
	e, warns := Compute(Input{Kind: "cloud", Catalog: testCatalog, Region: "r1",
		Resources: []policy.Resource{release("ingress-nginx", "LoadBalancer"), release("internal", "NodePort"), rendered}})
	assert.Empty(t, warns)
	items := map[string]float64{}
	for _, it := range e.Items {
		items[it.Item] = it.Monthly
	}
	// 0.02 × 730 = 14.6.
	assert.Equal(t, map[string]float64{"load balancer of Service controller.service of release ingress-nginx": 14.6}, items)
}
