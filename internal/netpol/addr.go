package netpol

import (
	"fmt"
	"net/netip"
	"slices"
)

// span is an inclusive range of addresses of one family.
type span struct{ lo, hi netip.Addr }

// addrSet is a set of addresses as disjoint spans.
type addrSet []span

// prefixSpan is every address of a CIDR.
func prefixSpan(cidr string) (span, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		// A bare address is a block of one.
		a, aerr := netip.ParseAddr(cidr)
		if aerr != nil {
			return span{}, fmt.Errorf("%q is neither a CIDR nor an address", cidr)
		}
		return span{a, a}, nil
	}
	p = p.Masked()
	lo := p.Addr()
	b := lo.AsSlice()
	for i := p.Bits(); i < lo.BitLen(); i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	hi, _ := netip.AddrFromSlice(b)
	return span{lo, hi}, nil
}

// blockSet is a CIDR minus its exceptions.
func blockSet(cidr string, except []string) (addrSet, error) {
	s, err := prefixSpan(cidr)
	if err != nil {
		return nil, err
	}
	set := addrSet{s}
	for _, x := range except {
		e, err := prefixSpan(x)
		if err != nil {
			return nil, err
		}
		set = set.minus(e)
	}
	return set, nil
}

// minus removes one span from every span of the set.
func (s addrSet) minus(x span) addrSet {
	var out addrSet
	for _, r := range s {
		if r.lo.BitLen() != x.lo.BitLen() || x.hi.Less(r.lo) || r.hi.Less(x.lo) {
			out = append(out, r)
			continue
		}
		if r.lo.Less(x.lo) {
			out = append(out, span{r.lo, x.lo.Prev()})
		}
		if x.hi.Less(r.hi) {
			out = append(out, span{x.hi.Next(), r.hi})
		}
	}
	return out
}

// coveredBy reports whether every address of s is in one of the sets.
func (s addrSet) coveredBy(sets []addrSet) bool {
	rest := slices.Clone(s)
	for _, u := range sets {
		for _, x := range u {
			rest = rest.minus(x)
		}
	}
	return len(rest) == 0
}
