package inference

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/mlkube/mlkube/internal/labels"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PDBMaxUnavailable is how many of the service's pods a voluntary
// disruption (a node drain during a node-group upgrade, a scale-down) may
// take at once. A budget counted in pods that must stay (minAvailable)
// forbids every eviction when it equals the replicas running, e.g. 1 of 1,
// and the drain then fails after the cloud's timeout; one unavailable pod
// at a time never blocks a drain, whatever the autoscaler chose, and still
// keeps a drain from stopping every replica at once.
const PDBMaxUnavailable = 1

func (b *builder) pdb() (*policyv1.PodDisruptionBudget, error) {
	return policyv1.NewPodDisruptionBudget(b.ctx, b.name+"-pdb", &policyv1.PodDisruptionBudgetArgs{
		Metadata: kube.Meta(b.obj, b.a.Namespace, b.labels(), nil),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MaxUnavailable: pulumi.Int(PDBMaxUnavailable),
			Selector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(kube.Selector(b.obj, component))},
			// Pods that are not ready (crash-looping, still loading) do not
			// hold a node drain hostage.
			UnhealthyPodEvictionPolicy: pulumi.String("AlwaysAllow"),
		},
	}, b.parent)
}

// namespacePeer selects a namespace by its immutable name label.
func namespacePeer(ns string) networkingv1.NetworkPolicyPeerArgs {
	return networkingv1.NetworkPolicyPeerArgs{NamespaceSelector: &metav1.LabelSelectorArgs{
		MatchLabels: pulumi.StringMap{kube.NamespaceNameLabel: pulumi.String(ns)},
	}}
}

// policyPorts are the ports clients and scrapers may reach.
func policyPorts(a Args) networkingv1.NetworkPolicyPortArray {
	ports := networkingv1.NetworkPolicyPortArray{networkingv1.NetworkPolicyPortArgs{Protocol: pulumi.String("TCP"), Port: pulumi.Int(a.Port)}}
	if a.Probes.Port != a.Port {
		ports = append(ports, networkingv1.NetworkPolicyPortArgs{Protocol: pulumi.String("TCP"), Port: pulumi.Int(a.Probes.Port)})
	}
	return ports
}

// ingressRules: see the package documentation for the reasoning.
func ingressRules(a Args) networkingv1.NetworkPolicyIngressRuleArray {
	peers := networkingv1.NetworkPolicyPeerArray{
		networkingv1.NetworkPolicyPeerArgs{PodSelector: &metav1.LabelSelectorArgs{}}, // same namespace
		namespacePeer(a.MonitoringNamespace),
	}
	var cidrs []string
	switch a.Expose.Type {
	case ExposeIngress:
		for _, ns := range a.Expose.IngressNamespaces {
			peers = append(peers, namespacePeer(ns))
		}
		cidrs = a.Expose.IngressPeerCIDRs
	case ExposeInternalLoadBalancer, ExposeLoadBalancer, ExposeNodePort:
		// Load balancers and node ports deliver traffic from outside the
		// cluster's pods; the load balancer's source ranges still gate it.
		cidrs = a.Expose.SourceCIDRs
		if len(cidrs) == 0 {
			cidrs = []string{"0.0.0.0/0", "::/0"}
		}
	}
	rules := networkingv1.NetworkPolicyIngressRuleArray{networkingv1.NetworkPolicyIngressRuleArgs{From: peers, Ports: policyPorts(a)}}
	if len(cidrs) > 0 {
		var lb networkingv1.NetworkPolicyPeerArray
		for _, c := range cidrs {
			lb = append(lb, networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{Cidr: pulumi.String(c)}})
		}
		rules = append(rules, networkingv1.NetworkPolicyIngressRuleArgs{From: lb, Ports: policyPorts(a)})
	}
	return rules
}

func (b *builder) networkPolicy() (*networkingv1.NetworkPolicy, error) {
	return networkingv1.NewNetworkPolicy(b.ctx, b.name+"-networkpolicy", &networkingv1.NetworkPolicyArgs{
		Metadata: kube.Meta(b.obj, b.a.Namespace, b.labels(), nil),
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(kube.Selector(b.obj, component))},
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress")},
			Ingress:     ingressRules(b.a),
		},
	}, b.parent)
}

// egressPolicy opens the service's own egress allowances (a model bucket,
// a feature store) to its pods only, with DNS.
func (b *builder) egressPolicy() (*networkingv1.NetworkPolicy, error) {
	return b.egressPolicyFor("", component)
}

// loaderEgressPolicy opens the same allowances to the model loader, whose
// pods carry their own component label (the servers' policy does not
// select them) and must reach the model's source.
func (b *builder) loaderEgressPolicy() (*networkingv1.NetworkPolicy, error) {
	return b.egressPolicyFor("-model-loader", labels.ModelLoaderComponent)
}

// egressPolicyFor selects the pods of one component of the service; suffix
// keeps each policy's name and logical name apart.
func (b *builder) egressPolicyFor(suffix, podComponent string) (*networkingv1.NetworkPolicy, error) {
	return kube.NewEgressPolicy(b.ctx, b.name+suffix, b.obj+suffix, b.a.Pod, b.labels(), kube.Selector(b.obj, podComponent), b.parent)
}
