package team

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
)

func TestEgressAllowancesOpenOnlyWhatTheyName(t *testing.T) {
	a := teamArgs()
	a.EgressCIDRs = nil
	a.Egress = []EgressRule{
		{CIDR: "0.0.0.0/0", Except: []string{"10.0.0.0/8", "169.254.0.0/16"}, Ports: []int{443}},
		{CIDR: "10.20.0.0/16", Ports: []int{5432, 6379}},
		{CIDR: "10.30.0.10/32", Ports: []int{8125}, Protocol: "UDP"},
	}
	rec := run(t, a)
	pols := map[string]*networkingv1.NetworkPolicy{}
	for _, reg := range rec.ByType(tNetPol) {
		p := mocktest.Decode[networkingv1.NetworkPolicy](t, reg)
		pols[p.Name] = p
	}
	egress := pols["mlkube-allow-egress"]
	require.NotNil(t, egress)
	assert.Equal(t, []networkingv1.PolicyType{"Egress"}, egress.Spec.PolicyTypes)
	rules := egress.Spec.Egress
	require.Len(t, rules, 3)
	assert.Equal(t, "0.0.0.0/0", rules[0].To[0].IPBlock.CIDR)
	assert.Equal(t, []string{"10.0.0.0/8", "169.254.0.0/16"}, rules[0].To[0].IPBlock.Except)
	assert.Equal(t, 443, rules[0].Ports[0].Port.IntValue())
	require.Len(t, rules[1].Ports, 2)
	assert.Equal(t, 6379, rules[1].Ports[1].Port.IntValue())
	assert.Equal(t, "TCP", string(*rules[1].Ports[0].Protocol))
	assert.Equal(t, "UDP", string(*rules[2].Ports[0].Protocol))

	// DNS stays open whatever the allowances say.
	dns := pols["mlkube-allow-dns"].Spec.Egress[0]
	assert.Equal(t, "kube-system", dns.To[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"])
	assert.Equal(t, 53, dns.Ports[1].Port.IntValue())
	// The default deny still selects every pod.
	assert.Equal(t, []networkingv1.PolicyType{"Ingress", "Egress"}, pols["mlkube-default-deny"].Spec.PolicyTypes)
}

func TestEgressValidation(t *testing.T) {
	a := teamArgs()
	a.Egress = []EgressRule{{CIDR: "internet", Ports: []int{70000}, Protocol: "SCTP"}}
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := NewTeam(ctx, "team-vision", a, pulumi.Provider(p))
		return err
	})
	assert.Empty(t, rec.Kubernetes(), "nothing is registered")
	require.Error(t, err)
	for _, want := range []string{`Egress[0].CIDR: "internet" is not a CIDR`, `Egress[0].Ports[0]: 70000 is not a port`, `Egress[0].Protocol: must be TCP or UDP, got "SCTP"`} {
		assert.Contains(t, err.Error(), want)
	}
}
