package inference

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

func TestEgressPolicySelectsOnlyTheServicesPods(t *testing.T) {
	a := gpuArgs()
	a.Egress = []EgressRule{{CIDR: "0.0.0.0/0", Except: []string{"10.0.0.0/8"}, Ports: []int{443}}}
	rec := run(t, "team-a-llama", a)
	var egress *networkingv1.NetworkPolicy
	for _, reg := range rec.ByType(tNetPol) {
		if p := mocktest.Decode[networkingv1.NetworkPolicy](t, reg); p.Name == "llama-egress" {
			egress = p
		}
	}
	require.NotNil(t, egress)
	assert.Equal(t, map[string]string{"app.kubernetes.io/name": "llama", "app.kubernetes.io/component": "inference"}, egress.Spec.PodSelector.MatchLabels)
	assert.Equal(t, []networkingv1.PolicyType{"Egress"}, egress.Spec.PolicyTypes)
	require.Len(t, egress.Spec.Egress, 2)
	assert.Equal(t, "kube-system", egress.Spec.Egress[0].To[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"], "DNS first, always")
	assert.Equal(t, "0.0.0.0/0", egress.Spec.Egress[1].To[0].IPBlock.CIDR)
	assert.Equal(t, []string{"10.0.0.0/8"}, egress.Spec.Egress[1].To[0].IPBlock.Except)

	rec = run(t, "team-a-llama", gpuArgs())
	assert.Len(t, rec.ByType(tNetPol), 1, "no allowances, no egress policy")
}

func TestCloudIdentityAnnotationsAreMergedOntoTheServiceAccount(t *testing.T) {
	a := gpuArgs()
	a.ServiceAccountAnnotations = map[string]string{"team": "a"}
	a.CloudIdentityAnnotations = pulumi.StringMap{"eks.amazonaws.com/role-arn": pulumi.String("arn:aws:iam::1:role/llama-reader")}
	rec := run(t, "team-a-llama", a)
	sa := mocktest.Decode[corev1.ServiceAccount](t, rec.One(t, tSA))
	assert.Equal(t, "llama", sa.Name, "the name the identity trusts")
	assert.Equal(t, map[string]string{"team": "a", "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/llama-reader"}, sa.Annotations)
}
