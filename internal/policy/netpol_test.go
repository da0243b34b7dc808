package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func policyObject(urn, ns string) Resource {
	return Resource{URN: urn, Type: networkPolicyType, Custom: true, Inputs: map[string]any{"metadata": map[string]any{"name": "p", "namespace": ns}}}
}

func TestNetworkPolicyEnforced(t *testing.T) {
	resources := []Resource{policyObject("urn:b", "ml"), policyObject("urn:a", "ml"), policyObject("urn:c", "vision"), {URN: "urn:d", Type: "kubernetes:core/v1:Namespace"}}
	var got []Finding
	for _, f := range Check(Input{Resources: resources}) {
		if f.Policy == "network-policy-enforced" {
			got = append(got, f)
		}
	}
	if assert.Len(t, got, 2, "one warning per namespace") {
		assert.Equal(t, SeverityWarning, got[0].Severity)
		assert.Equal(t, "urn:a", got[0].URN, "the namespace's first policy")
		assert.Contains(t, got[0].Message, "namespace ml relies on NetworkPolicy")
		assert.Contains(t, got[1].Message, "namespace vision")
	}
	for _, f := range Check(Input{Resources: resources, NetworkPolicyEnforced: true}) {
		assert.NotEqual(t, "network-policy-enforced", f.Policy, "quiet where the cluster enforces policies")
	}
}
