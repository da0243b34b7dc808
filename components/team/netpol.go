package team

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// policy is one NetworkPolicy of the namespace.
type policy struct {
	name string
	spec *networkingv1.NetworkPolicySpecArgs
}

func allPods() *metav1.LabelSelectorArgs { return &metav1.LabelSelectorArgs{} }

func namespacePeer(ns string) networkingv1.NetworkPolicyPeerArgs {
	return networkingv1.NetworkPolicyPeerArgs{NamespaceSelector: &metav1.LabelSelectorArgs{
		MatchLabels: pulumi.StringMap{kube.NamespaceNameLabel: pulumi.String(ns)},
	}}
}

func types(ts ...string) pulumi.StringArray { return pulumi.ToStringArray(ts) }

// policies are the team's NetworkPolicy specs by name (see the package
// documentation), in a fixed order.
func policies(a Args) []policy {
	samePods := networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{PodSelector: allPods()}}
	out := []policy{
		{defaultDenyNetworkPolicy, &networkingv1.NetworkPolicySpecArgs{
			PodSelector: allPods(), PolicyTypes: types("Ingress", "Egress"),
		}},
		{allowDNSNetworkPolicy, &networkingv1.NetworkPolicySpecArgs{
			PodSelector: allPods(), PolicyTypes: types("Egress"),
			Egress: networkingv1.NetworkPolicyEgressRuleArray{kube.DNSEgress()},
		}},
		{allowNamespaceNetworkPolicy, &networkingv1.NetworkPolicySpecArgs{
			PodSelector: allPods(), PolicyTypes: types("Ingress", "Egress"),
			Ingress: networkingv1.NetworkPolicyIngressRuleArray{networkingv1.NetworkPolicyIngressRuleArgs{From: samePods}},
			Egress:  networkingv1.NetworkPolicyEgressRuleArray{networkingv1.NetworkPolicyEgressRuleArgs{To: samePods}},
		}},
		{allowMonitoringPolicy, &networkingv1.NetworkPolicySpecArgs{
			PodSelector: allPods(), PolicyTypes: types("Ingress"),
			Ingress: networkingv1.NetworkPolicyIngressRuleArray{networkingv1.NetworkPolicyIngressRuleArgs{
				From: networkingv1.NetworkPolicyPeerArray{namespacePeer(a.MonitoringNamespace)},
			}},
		}},
	}
	if len(a.EgressCIDRs) > 0 || len(a.Egress) > 0 {
		var rules []kube.EgressRule
		for _, c := range a.EgressCIDRs {
			rules = append(rules, kube.EgressRule{CIDR: c, Ports: []int{443}})
		}
		rules = append(rules, a.Egress...)
		out = append(out, policy{allowEgressPolicy, &networkingv1.NetworkPolicySpecArgs{
			PodSelector: allPods(), PolicyTypes: types("Egress"),
			Egress: kube.EgressRules(rules),
		}})
	}
	return out
}

func (b *builder) networkPolicies() error {
	for _, p := range policies(b.a) {
		_, err := networkingv1.NewNetworkPolicy(b.ctx, b.name+"-networkpolicy-"+p.name, &networkingv1.NetworkPolicyArgs{
			Metadata: b.meta(networkPolicyNamePrefix + p.name),
			Spec:     p.spec,
		}, b.parent)
		if err != nil {
			return err
		}
	}
	return nil
}
