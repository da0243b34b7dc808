// Package netpol decides whether a network flow is allowed by Kubernetes
// NetworkPolicy objects, from the objects alone. A plan's cluster may run
// no containers (the simulated e2e cluster enforces nothing), so whether a
// workload can reach what it needs must be proved by analysis instead.
//
// The semantics follow the NetworkPolicy specification
// (kubernetes.io/docs/concepts/services-networking/network-policies/ and
// the networking.k8s.io/v1 API reference, read 2026-12-04):
//
//   - a pod is isolated for a direction when a policy in its namespace
//     selects it and has that direction in policyTypes; a policy without
//     policyTypes affects Ingress always and Egress when it has egress
//     rules;
//   - an isolated pod's allowed connections in that direction are the
//     union of the rules of every policy that applies to it; a pod no
//     policy isolates allows everything;
//   - a flow between two pods needs both the source's egress and the
//     destination's ingress;
//   - a rule with no peers matches every peer, a rule with no ports every
//     port; a port defaults to TCP, may name a container port of the
//     destination pod, and may extend to endPort;
//   - a podSelector peer selects pods of the policy's own namespace, a
//     namespaceSelector peer every pod of the selected namespaces, both
//     together the selected pods of the selected namespaces; every
//     namespace carries kubernetes.io/metadata.name.
//
// ipBlock peers are matched against addresses outside the cluster only:
// the specification leaves a pod's own IP in an ipBlock to the
// implementation (pod IPs are ephemeral and may be rewritten), so a pod is
// reached by selectors alone. An external endpoint is a block of addresses
// (a CIDR minus exceptions): a flow to it is allowed only when every
// address of the block is, on every port of the flow.
package netpol
