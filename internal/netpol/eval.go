package netpol

import (
	"fmt"
	"slices"
	"sort"
)

// Cluster is what a verdict depends on: the namespaces (a namespace not
// listed has only its name label) and every NetworkPolicy.
type Cluster struct {
	Namespaces []Namespace
	Policies   []Policy
}

const (
	ingress = "Ingress"
	egress  = "Egress"
	maxPort = 65535
)

// Allowed decides one flow: the source's egress and the destination's
// ingress must both allow it. Malformed addresses are an error.
func (c Cluster) Allowed(f Flow) (Verdict, error) {
	if f.Protocol == "" {
		f.Protocol = TCP
	}
	if f.EndPort == 0 {
		f.EndPort = f.Port
	}
	if f.Port < 1 || f.EndPort < f.Port || f.EndPort > maxPort {
		return Verdict{}, fmt.Errorf("ports %d-%d are not a port range", f.Port, f.EndPort)
	}
	if (f.From.Pod == nil) == (f.From.CIDR == "") || (f.To.Pod == nil) == (f.To.CIDR == "") {
		return Verdict{}, fmt.Errorf("each end of a flow is a pod or a CIDR")
	}
	v := Verdict{Egress: Side{Allowed: true}, Ingress: Side{Allowed: true}}
	var err error
	if f.From.Pod != nil {
		if v.Egress, err = c.side(egress, *f.From.Pod, f.To, f); err != nil {
			return Verdict{}, err
		}
	}
	if f.To.Pod != nil {
		if v.Ingress, err = c.side(ingress, *f.To.Pod, f.From, f); err != nil {
			return Verdict{}, err
		}
	}
	v.Allowed = v.Egress.Allowed && v.Ingress.Allowed
	return v, nil
}

// applies reports whether p isolates pods it selects for direction.
func (p Policy) applies(direction string) bool {
	if len(p.PolicyTypes) > 0 {
		return slices.Contains(p.PolicyTypes, direction)
	}
	return direction == ingress || len(p.Egress) > 0
}

func (c Cluster) namespaceLabels(name string) map[string]string {
	for _, n := range c.Namespaces {
		if n.Name == name {
			return n.labels()
		}
	}
	return Namespace{Name: name}.labels()
}

// grant is what one rule opens to the peer: ports, and for an external
// peer the addresses.
type grant struct {
	ports [][2]int
	addrs addrSet // external peers only
}

// side decides one direction for subject, the pod whose policies apply;
// peer is the other end of the flow.
func (c Cluster) side(direction string, subject Pod, peer Endpoint, f Flow) (Side, error) {
	var s Side
	var grants []grant
	// Named ports are the destination pod's.
	dest := f.To.Pod
	for _, p := range c.Policies {
		if p.Namespace != subject.Namespace || !p.applies(direction) || !p.PodSelector.Matches(subject.Labels) {
			continue
		}
		s.Isolated = true
		s.Policies = append(s.Policies, p.Namespace+"/"+p.Name)
		rules := p.Ingress
		if direction == egress {
			rules = p.Egress
		}
		for _, r := range rules {
			ports := r.portRanges(f.Protocol, dest)
			if len(ports) == 0 {
				continue
			}
			addrs, ok, err := c.peerMatch(r.Peers, p.Namespace, peer)
			if err != nil {
				return Side{}, fmt.Errorf("policy %s/%s: %w", p.Namespace, p.Name, err)
			}
			if ok {
				grants = append(grants, grant{ports: ports, addrs: addrs})
			}
		}
	}
	sort.Strings(s.Policies)
	if !s.Isolated {
		s.Allowed = true
		return s, nil
	}
	if peer.Pod != nil {
		var ports [][2]int
		for _, g := range grants {
			ports = append(ports, g.ports...)
		}
		s.Allowed = portsCover(ports, f.Port, f.EndPort)
		return s, nil
	}
	want, err := blockSet(peer.CIDR, peer.Except)
	if err != nil {
		return Side{}, err
	}
	s.Allowed = addressesCover(want, grants, f.Port, f.EndPort)
	return s, nil
}

// peerMatch: does a rule with these peers match the other end? For an
// external end it returns the addresses the rule opens.
func (c Cluster) peerMatch(peers []Peer, policyNamespace string, other Endpoint) (addrSet, bool, error) {
	if len(peers) == 0 {
		all := addrSet{}
		for _, cidr := range []string{"0.0.0.0/0", "::/0"} {
			s, _ := prefixSpan(cidr)
			all = append(all, s)
		}
		return all, true, nil
	}
	if other.Pod != nil {
		for _, p := range peers {
			if p.matchesPod(policyNamespace, *other.Pod, c.namespaceLabels(other.Pod.Namespace)) {
				return nil, true, nil
			}
		}
		return nil, false, nil
	}
	var opened addrSet
	for _, p := range peers {
		if p.IPBlock == nil {
			continue
		}
		s, err := blockSet(p.IPBlock.CIDR, p.IPBlock.Except)
		if err != nil {
			return nil, false, err
		}
		opened = append(opened, s...)
	}
	return opened, len(opened) > 0, nil
}

func (p Peer) matchesPod(policyNamespace string, pod Pod, nsLabels map[string]string) bool {
	switch {
	case p.IPBlock != nil:
		return false
	case p.NamespaceSelector == nil && p.PodSelector == nil:
		return false
	case p.NamespaceSelector == nil:
		return pod.Namespace == policyNamespace && p.PodSelector.Matches(pod.Labels)
	case p.PodSelector == nil:
		return p.NamespaceSelector.Matches(nsLabels)
	}
	return p.NamespaceSelector.Matches(nsLabels) && p.PodSelector.Matches(pod.Labels)
}

// portRanges are the port ranges of protocol the rule opens; named ports
// resolve on dest (none when the destination is not a pod).
func (r Rule) portRanges(protocol string, dest *Pod) [][2]int {
	if len(r.Ports) == 0 {
		return [][2]int{{1, maxPort}}
	}
	var out [][2]int
	for _, p := range r.Ports {
		proto := p.Protocol
		if proto == "" {
			proto = TCP
		}
		if proto != protocol {
			continue
		}
		switch {
		case p.Name != "":
			if dest == nil {
				continue
			}
			for _, cp := range dest.Ports {
				cpProto := cp.Protocol
				if cpProto == "" {
					cpProto = TCP
				}
				if cp.Name == p.Name && cpProto == protocol {
					out = append(out, [2]int{cp.Port, cp.Port})
				}
			}
		case p.Port == 0:
			out = append(out, [2]int{1, maxPort})
		case p.EndPort >= p.Port:
			out = append(out, [2]int{p.Port, p.EndPort})
		default:
			out = append(out, [2]int{p.Port, p.Port})
		}
	}
	return out
}

// portsCover: the union of ranges holds every port of from..to.
func portsCover(ranges [][2]int, from, to int) bool {
	sorted := slices.Clone(ranges)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i][0] < sorted[j][0] })
	next := from
	for _, r := range sorted {
		if r[0] > next {
			break
		}
		if r[1] >= next {
			next = r[1] + 1
		}
		if next > to {
			return true
		}
	}
	return next > to
}

// addressesCover: on every port of from..to, the grants open every
// address of want. Ports are cut where a grant's range starts or ends, so
// each piece is opened by the same grants throughout.
func addressesCover(want addrSet, grants []grant, from, to int) bool {
	cuts := []int{from, to + 1}
	for _, g := range grants {
		for _, r := range g.ports {
			for _, p := range []int{r[0], r[1] + 1} {
				if p > from && p <= to {
					cuts = append(cuts, p)
				}
			}
		}
	}
	sort.Ints(cuts)
	cuts = slices.Compact(cuts)
	for i := 0; i+1 < len(cuts); i++ {
		lo := cuts[i]
		var opened []addrSet
		for _, g := range grants {
			for _, r := range g.ports {
				if r[0] <= lo && lo <= r[1] {
					opened = append(opened, g.addrs)
					break
				}
			}
		}
		if !want.coveredBy(opened) {
			return false
		}
	}
	return true
}
