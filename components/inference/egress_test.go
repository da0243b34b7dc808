package inference

import (
	"testing"

	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	networkingv1 "k8s.io/api/networking/v1"
	k8slabels "k8s.io/apimachinery/pkg/labels"
)

// TestEveryPodOfTheServiceGetsItsEgress: the loader and the canary carry
// labels of their own, so each has an egress policy that selects exactly
// its pods (and not the others'), with DNS and the service's allowances;
// each object declares what its pods need.
func TestEveryPodOfTheServiceGetsItsEgress(t *testing.T) {
	a := validArgs()
	a.Name = "llama"
	a.Model.Volume = "llama-weights"
	a.Egress = []EgressRule{{CIDR: "0.0.0.0/0", Except: []string{"10.0.0.0/8"}, Ports: []int{443}}}
	a.NeedsEgress = []string{"objectStorage"}
	a.Expose = Expose{Type: ExposeIngress, Host: "h.example.com", CanaryAnnotations: true,
		Canary: &Canary{Replicas: 1, Weight: 10, Model: Model{Source: "s3://models/llama-next"}}}
	rec := run(t, "team-a-llama", &a)

	stable := mocktest.Decode[appsv1.Deployment](t, rec.One(t, tDeployment, "team-a-llama-deployment"))
	canary := mocktest.Decode[appsv1.Deployment](t, rec.One(t, tDeployment, "team-a-llama-canary-deployment"))
	loader := mocktest.Decode[batchv1.Job](t, rec.One(t, "kubernetes:batch/v1:Job", "team-a-llama-model-loader"))
	pods := map[string]k8slabels.Set{
		"stable": stable.Spec.Template.Labels,
		"canary": canary.Spec.Template.Labels,
		"loader": loader.Spec.Template.Labels,
	}
	for _, tc := range []struct{ policy, selects string }{
		{"team-a-llama-networkpolicy-egress", "stable"},
		{"team-a-llama-canary-networkpolicy-egress", "canary"},
		{"team-a-llama-model-loader-networkpolicy-egress", "loader"},
	} {
		np := mocktest.Decode[networkingv1.NetworkPolicy](t, rec.One(t, tNetPol, tc.policy))
		sel := k8slabels.SelectorFromSet(np.Spec.PodSelector.MatchLabels)
		for pod, l := range pods {
			assert.Equal(t, pod == tc.selects, sel.Matches(l), "%s selects the %s pods", tc.policy, pod)
		}
		assert.Equal(t, []networkingv1.PolicyType{networkingv1.PolicyTypeEgress}, np.Spec.PolicyTypes)
		require.Len(t, np.Spec.Egress, 2, "DNS and the allowance")
		assert.Equal(t, 53, np.Spec.Egress[0].Ports[0].Port.IntValue())
		assert.Equal(t, "0.0.0.0/0", np.Spec.Egress[1].To[0].IPBlock.CIDR)
		assert.Equal(t, []string{"10.0.0.0/8"}, np.Spec.Egress[1].To[0].IPBlock.Except)
	}
	for name, ann := range map[string]map[string]string{"stable": stable.Annotations, "canary": canary.Annotations, "loader": loader.Annotations} {
		assert.Equal(t, "objectStorage", ann[labels.NeedsEgress], name)
	}
	assert.NotContains(t, stable.Spec.Template.Annotations, labels.NeedsEgress, "declared on the object: adding it restarts no pod")
}
