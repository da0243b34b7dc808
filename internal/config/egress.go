package config

import (
	"net"
	"strconv"
)

// Egress is one egress allowance of a team (every pod of its namespace)
// or of one workload (its pods): either a named destination that the
// cluster resolves, or CIDRs. DNS is always allowed; everything else that
// no allowance names stays closed by the team's default-deny policy.
type Egress struct {
	// To is a named destination: objectStorage (the cloud's object storage
	// and its token service; see the README for what each cluster opens).
	To string `json:"to"`
	// CIDRs may be reached (IPv4 or IPv6 blocks).
	CIDRs []string `json:"cidrs"`
	// Except are blocks inside CIDRs that stay closed.
	Except []string `json:"except"`
	// Ports are the TCP ports allowed (default 443).
	Ports []int `json:"ports"`
	// Protocol is TCP (default) or UDP.
	Protocol string `json:"protocol"`
}

// Named egress destinations.
const (
	EgressObjectStorage = "objectStorage"
)

// EgressNames lists the named destinations.
var EgressNames = []string{EgressObjectStorage}

// DefaultEgressPort is the port of an allowance that names none (HTTPS).
const DefaultEgressPort = 443

func defaultEgress(list []Egress) {
	for i := range list {
		if len(list[i].Ports) == 0 && list[i].To == "" {
			list[i].Ports = []int{DefaultEgressPort}
		}
		if list[i].Protocol == "" {
			list[i].Protocol = "TCP"
		}
	}
}

func validateEgress(e *errs, path string, list []Egress) {
	for i, g := range list {
		p := index(path, i)
		switch {
		case g.To != "" && len(g.CIDRs) > 0:
			e.add(p, "set either to or cidrs, not both")
		case g.To == "" && len(g.CIDRs) == 0:
			e.add(p, "set to (%s) or cidrs", EgressObjectStorage)
		case g.To != "" && !oneOf(g.To, EgressNames...):
			e.add(key(p, "to"), "must be %s, got %q", EgressObjectStorage, g.To)
		}
		if g.To != "" && (len(g.Ports) > 0 || len(g.Except) > 0) {
			e.add(p, "a named destination sets its own ports and exceptions; remove ports and except")
		}
		var blocks []*net.IPNet
		for j, c := range g.CIDRs {
			_, n, err := net.ParseCIDR(c)
			if err != nil {
				e.add(index(key(p, "cidrs"), j), "is not a CIDR such as 10.20.0.0/16, got %q", c)
				continue
			}
			blocks = append(blocks, n)
		}
		for j, c := range g.Except {
			ip, n, err := net.ParseCIDR(c)
			if err != nil {
				e.add(index(key(p, "except"), j), "is not a CIDR, got %q", c)
				continue
			}
			inside := false
			for _, b := range blocks {
				ones, _ := n.Mask.Size()
				bones, _ := b.Mask.Size()
				inside = inside || (b.Contains(ip) && ones >= bones)
			}
			if !inside && len(blocks) > 0 {
				e.add(index(key(p, "except"), j), "%s is not inside any of cidrs (NetworkPolicy rejects it)", c)
			}
		}
		for j, port := range g.Ports {
			if port < 1 || port > 65535 {
				e.add(index(key(p, "ports"), j), "must be a port from 1 to 65535, got %s", strconv.Itoa(port))
			}
		}
		if !oneOf(g.Protocol, "TCP", "UDP") {
			e.add(key(p, "protocol"), "must be TCP or UDP, got %q", g.Protocol)
		}
	}
}
