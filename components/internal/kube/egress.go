package kube

import (
	"fmt"
	"net"
	"strings"

	"github.com/mlkube/mlkube/components/workload"
	"github.com/mlkube/mlkube/internal/labels"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// EgressRule opens one address block (minus Except) on Ports to the pods
// a policy selects.
type EgressRule = workload.EgressRule

// DNSNamespace is where the cluster DNS runs on every distribution
// mlkube supports (CoreDNS or kube-dns).
const DNSNamespace = labels.DNSNamespace

// DNSEgress lets pods resolve names: port 53, UDP and TCP, in kube-system.
// Every policy that restricts egress carries it, so no allowance can be
// written that breaks name resolution.
func DNSEgress() networkingv1.NetworkPolicyEgressRuleArgs {
	return networkingv1.NetworkPolicyEgressRuleArgs{
		To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{NamespaceSelector: &metav1.LabelSelectorArgs{
			MatchLabels: pulumi.StringMap{NamespaceNameLabel: pulumi.String(DNSNamespace)},
		}}},
		Ports: networkingv1.NetworkPolicyPortArray{
			networkingv1.NetworkPolicyPortArgs{Protocol: pulumi.String("UDP"), Port: pulumi.Int(53)},
			networkingv1.NetworkPolicyPortArgs{Protocol: pulumi.String("TCP"), Port: pulumi.Int(53)},
		},
	}
}

// NeedsEgress is the annotation that declares the named egress
// destinations a workload's pods need (nil when none), for the object's
// own metadata: on the pod template it would restart the pods.
func NeedsEgress(names []string) map[string]string {
	if len(names) == 0 {
		return nil
	}
	return map[string]string{labels.NeedsEgress: strings.Join(names, ",")}
}

// EgressRules are the NetworkPolicy egress rules of the allowances, one
// per allowance, in order.
func EgressRules(rules []EgressRule) networkingv1.NetworkPolicyEgressRuleArray {
	var out networkingv1.NetworkPolicyEgressRuleArray
	for _, r := range rules {
		block := &networkingv1.IPBlockArgs{Cidr: pulumi.String(r.CIDR)}
		if len(r.Except) > 0 {
			block.Except = pulumi.ToStringArray(r.Except)
		}
		rule := networkingv1.NetworkPolicyEgressRuleArgs{
			To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{IpBlock: block}},
		}
		protocol := r.Protocol
		if protocol == "" {
			protocol = "TCP"
		}
		var ports networkingv1.NetworkPolicyPortArray
		for _, p := range r.Ports {
			ports = append(ports, networkingv1.NetworkPolicyPortArgs{Protocol: pulumi.String(protocol), Port: pulumi.Int(p)})
		}
		if len(ports) > 0 {
			rule.Ports = ports
		}
		out = append(out, rule)
	}
	return out
}

// ValidateEgress checks the allowances, naming each by field path.
func ValidateEgress(errs *Errors, field string, rules []EgressRule) {
	for i, r := range rules {
		path := fmt.Sprintf("%s[%d]", field, i)
		if _, _, err := net.ParseCIDR(r.CIDR); err != nil {
			errs.Add(path+".CIDR", "%q is not a CIDR", r.CIDR)
		}
		for j, x := range r.Except {
			if _, _, err := net.ParseCIDR(x); err != nil {
				errs.Add(fmt.Sprintf("%s.Except[%d]", path, j), "%q is not a CIDR", x)
			}
		}
		for j, p := range r.Ports {
			if p < 1 || p > 65535 {
				errs.Add(fmt.Sprintf("%s.Ports[%d]", path, j), "%d is not a port", p)
			}
		}
		if r.Protocol != "" && r.Protocol != "TCP" && r.Protocol != "UDP" {
			errs.Add(path+".Protocol", "must be TCP or UDP, got %q", r.Protocol)
		}
	}
}

// ServiceAccountMeta is a ServiceAccount's metadata with annotations that
// are known only once the cloud created something (an IAM role's ARN)
// merged over the static ones.
func ServiceAccountMeta(name, namespace string, labels, annotations map[string]string, cloud pulumi.StringMapInput) *metav1.ObjectMetaArgs {
	m := Meta(name, namespace, labels, annotations)
	if cloud == nil {
		return m
	}
	static := map[string]string{}
	for k, v := range annotations {
		static[k] = v
	}
	m.Annotations = cloud.ToStringMapOutput().ApplyT(func(c map[string]string) map[string]string {
		out := make(map[string]string, len(static)+len(c))
		for k, v := range static {
			out[k] = v
		}
		for k, v := range c {
			out[k] = v
		}
		return out
	}).(pulumi.StringMapOutput)
	return m
}
