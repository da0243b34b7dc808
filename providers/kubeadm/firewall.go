package kubeadm

import (
	"net"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
)

// validateFirewallAllow checks cluster.kubeadm.firewallAllow: networks
// written as CIDRs, each once, only with a firewall mlkube manages, and
// never every address in production (the API server and the NodePorts
// would face the whole internet).
func validateFirewallAllow(p *config.Problems, base string, cfg *config.Config, o *Options) {
	path := config.Key(base, "firewallAllow")
	if len(o.FirewallAllow) > 0 && o.Firewall == FirewallNone {
		p.Add(path, "applies only with firewall: ufw or firewalld (with none, mlkube does not touch the hosts' firewall)")
	}
	seen := map[string]bool{}
	for i, c := range o.FirewallAllow {
		at := config.Index(path, i)
		_, n, err := net.ParseCIDR(c)
		switch {
		case err != nil:
			p.Add(at, "must be a CIDR such as 198.51.100.0/24 (one address: 198.51.100.7/32), got %q", c)
		case n.String() != c:
			p.Add(at, "must be written as its network, %s, got %q", n, c)
		case everyAddress(n) && cfg.Production():
			p.Add(at, "opens the API server and the NodePorts to every address, which production refuses: list the networks of the operators and the services' clients")
		case seen[c]:
			p.Add(at, "repeats %s", c)
		}
		seen[c] = true
	}
}

// everyAddress reports whether n is 0.0.0.0/0 or ::/0.
func everyAddress(n *net.IPNet) bool {
	ones, _ := n.Mask.Size()
	return ones == 0
}

// validateTeams checks teams' groups as kubeadm clusters spell them: the
// Organization (O=) of the client certificates their members get (e.g.
// `kubeadm kubeconfig user --client-name alice --org ml-engineers`). A
// system: group is refused: system:masters bypasses RBAC altogether.
func validateTeams(p *config.Problems, cfg *config.Config) {
	for i, t := range cfg.Workloads.Teams {
		for j, g := range t.Groups {
			path := config.Index(config.Key(config.Index("workloads.teams", i), "groups"), j)
			switch {
			case strings.HasPrefix(g, "system:"):
				p.Add(path, "must not be a system: group (system:masters bypasses RBAC), got %q", g)
			case strings.ContainsAny(g, ",/=+\\\"<>;#") || strings.TrimSpace(g) != g:
				p.Add(path, "must be a certificate Organization without , / = + \\ \" < > ; # or surrounding spaces, got %q", g)
			}
		}
	}
}
