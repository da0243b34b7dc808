package training

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// egressPolicy opens the job's own egress allowances (its data bucket)
// to its pods only, with DNS.
func egressPolicy(ctx *pulumi.Context, name, obj string, a Args, labels map[string]string, parent pulumi.ResourceOption) error {
	_, err := networkingv1.NewNetworkPolicy(ctx, name+"-networkpolicy-egress", &networkingv1.NetworkPolicyArgs{
		Metadata: kube.Meta(obj+"-egress", a.Namespace, labels, nil),
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(kube.Selector(obj, component))},
			PolicyTypes: pulumi.StringArray{pulumi.String("Egress")},
			Egress:      append(networkingv1.NetworkPolicyEgressRuleArray{kube.DNSEgress()}, kube.EgressRules(a.Egress)...),
		},
	}, parent)
	return err
}
