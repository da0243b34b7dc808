package policy

import "sort"

// networkPolicyType is the Kubernetes NetworkPolicy resource type.
const networkPolicyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy"

// checkNetworkPolicyEnforced: a NetworkPolicy is only a promise; on a
// cluster whose network plugin does not enforce it (flannel, an adopted
// cluster that has not said so) every namespace stays open. One warning
// per namespace that relies on policies.
func checkNetworkPolicyEnforced(in *Input, report func(string, string, string, ...any)) {
	if in.NetworkPolicyEnforced {
		return
	}
	first := map[string]string{}
	for _, r := range in.Resources {
		if r.Type != networkPolicyType {
			continue
		}
		ns, _ := Get(r.Inputs, "metadata", "namespace").(string)
		if u, ok := first[ns]; !ok || r.URN < u {
			first[ns] = r.URN
		}
	}
	namespaces := make([]string, 0, len(first))
	for ns := range first {
		namespaces = append(namespaces, ns)
	}
	sort.Strings(namespaces)
	for _, ns := range namespaces {
		report(SeverityWarning, first[ns], "namespace %s relies on NetworkPolicy, but the cluster does not say it enforces it: its default-deny and egress allowances isolate nothing (on an adopted cluster whose network plugin enforces policies, set cluster.existing.networkPolicyEnforced: true)", ns)
	}
}
