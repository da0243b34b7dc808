package kubeadm

import (
	"maps"
	"net"
	"regexp"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"k8s.io/apimachinery/pkg/util/validation"
)

var (
	ipRange = regexp.MustCompile(`^([0-9a-fA-F.:]+)-([0-9a-fA-F.:]+)$`)
	absPath = regexp.MustCompile(`^/[A-Za-z0-9._/-]*$`)
)

// Validate checks cluster.kubeadm and how the stack's pools map onto its
// hosts, with key paths, before anything is registered.
func Validate(cfg *config.Config) error {
	p := &config.Problems{}
	o, err := decodeOptions(cfg)
	if err != nil {
		return err
	}
	base := cfg.Cluster.Options.Path
	if _, ok := patchVersions[cfg.Cluster.KubernetesVersion]; !ok {
		p.Add("cluster.kubernetesVersion", "kubeadm clusters are pinned to a patch release per minor; %q has none (pinned: %s)", cfg.Cluster.KubernetesVersion, strings.Join(pinnedMinors(), ", "))
	}
	validateHosts(p, base, cfg, o)
	validateNetwork(p, base, o)
	if !slices.Contains([]string{CNICalico, CNINone}, o.CNI) {
		p.Add(config.Key(base, "cni"), "must be calico or none, got %q", o.CNI)
	}
	if !slices.Contains([]string{FirewallUFW, FirewallD, FirewallNone}, o.Firewall) {
		p.Add(config.Key(base, "firewall"), "must be ufw, firewalld or none, got %q", o.Firewall)
	}
	validateFirewallAllow(p, base, cfg, o)
	validateTeams(p, cfg)
	if o.MetalLB != nil {
		if len(o.MetalLB.Addresses) == 0 {
			p.Add(config.Key(base, "metallb.addresses"), "must list at least one range (192.0.2.240-192.0.2.250) or CIDR; drop metallb to use NodePorts")
		}
		for i, a := range o.MetalLB.Addresses {
			if !validPoolRange(a) {
				p.Add(config.Index(config.Key(base, "metallb.addresses"), i), "must be an address range such as 192.0.2.240-192.0.2.250 or a CIDR, got %q", a)
			}
		}
	}
	if o.NFS != nil {
		if !validHost(o.NFS.Server) {
			p.Add(config.Key(base, "nfs.server"), "must be an IP address or DNS name, got %q", o.NFS.Server)
		}
		if !absPath.MatchString(o.NFS.Path) {
			p.Add(config.Key(base, "nfs.path"), "must be an absolute export path such as /exports/k8s, got %q", o.NFS.Path)
		}
	}
	return p.Err()
}

func validateHosts(p *config.Problems, base string, cfg *config.Config, o *Options) {
	hostsPath := config.Key(base, "hosts")
	if len(o.Hosts) == 0 {
		p.Add(hostsPath, "must list the cluster's servers: one with role controlPlane, the others workers")
		return
	}
	pools := map[string]bool{}
	for _, pl := range cfg.NodePools {
		pools[pl.Name] = true
	}
	names, addrs, controlPlanes := map[string]bool{}, map[string]bool{}, 0
	for i, h := range o.Hosts {
		path := config.Index(hostsPath, i)
		switch h.Role {
		case RoleControlPlane:
			controlPlanes++
		case RoleWorker:
			if h.Pool == "" {
				p.Add(config.Key(path, "pool"), "is required for a worker: the node pool (nodePools[].name) it belongs to")
			}
		default:
			p.Add(config.Key(path, "role"), "must be controlPlane or worker, got %q", h.Role)
		}
		if h.Pool != "" && !pools[h.Pool] {
			p.Add(config.Key(path, "pool"), "names no pool in nodePools, got %q", h.Pool)
		}
		if !validHost(h.Address) {
			p.Add(config.Key(path, "address"), "must be an IP address or DNS name, got %q", h.Address)
		} else if addrs[h.Address] {
			p.Add(config.Key(path, "address"), "duplicates another host's address %q", h.Address)
		}
		addrs[h.Address] = true
		if msgs := validation.IsDNS1123Subdomain(h.Name); len(msgs) > 0 {
			p.Add(config.Key(path, "name"), "is not a valid node name %q: %s", h.Name, strings.Join(msgs, "; "))
		} else if names[h.Name] {
			p.Add(config.Key(path, "name"), "duplicates another host's node name %q", h.Name)
		}
		names[h.Name] = true
		if !validUser(h.SSHUser) {
			p.Add(config.Key(path, "sshUser"), "must be a user name, got %q", h.SSHUser)
		}
	}
	if controlPlanes != 1 {
		p.Add(hostsPath, "must have exactly one host with role controlPlane, got %d", controlPlanes)
	}
	sizes := o.poolSize()
	for i, pl := range cfg.NodePools {
		path := config.Index("nodePools", i)
		n := sizes[pl.Name]
		if n == 0 {
			p.Add(path, "pool %s has no host in %s: a kubeadm pool is its list of servers", pl.Name, hostsPath)
			continue
		}
		if pl.Min != n || pl.Max != n {
			p.Add(path, "pool %s has %d host(s) in %s, so min and max must both be %d (fixed servers: no autoscaler), got min %d, max %d", pl.Name, n, hostsPath, n, pl.Min, pl.Max)
		}
		if pl.Spot {
			p.Add(config.Key(path, "spot"), "own servers have no spot capacity")
		}
		for _, k := range slices.Sorted(maps.Keys(pl.Labels)) {
			if !kubeletMaySet(k) {
				p.Add(config.Key(config.Key(path, "labels"), k), "a kubelet may not set labels under kubernetes.io or k8s.io on its own node (NodeRestriction); use another prefix")
			}
		}
	}
}

func validateNetwork(p *config.Problems, base string, o *Options) {
	_, pods, perr := net.ParseCIDR(o.PodCIDR)
	if perr != nil {
		p.Add(config.Key(base, "podCIDR"), "must be a CIDR such as %s, got %q", DefaultPodCIDR, o.PodCIDR)
	}
	_, svcs, serr := net.ParseCIDR(o.ServiceCIDR)
	if serr != nil {
		p.Add(config.Key(base, "serviceCIDR"), "must be a CIDR such as %s, got %q", DefaultServiceCIDR, o.ServiceCIDR)
	}
	if perr == nil && serr == nil && (pods.Contains(svcs.IP) || svcs.Contains(pods.IP)) {
		p.Add(config.Key(base, "serviceCIDR"), "overlaps podCIDR %s", o.PodCIDR)
	}
	if perr == nil {
		for i, h := range o.Hosts {
			if ip := net.ParseIP(h.Address); ip != nil && pods.Contains(ip) {
				p.Add(config.Key(config.Index(config.Key(base, "hosts"), i), "address"), "%s lies inside podCIDR %s: pick a pod network that does not overlap the hosts' network", h.Address, o.PodCIDR)
			}
		}
	}
	host, port, err := net.SplitHostPort(o.ControlPlaneEndpoint)
	if err != nil || !validHost(host) || port == "" {
		p.Add(config.Key(base, "controlPlaneEndpoint"), "must be a host or host:port, got %q", o.ControlPlaneEndpoint)
	}
	for i, san := range o.CertSANs {
		if !validHost(san) {
			p.Add(config.Index(config.Key(base, "certSANs"), i), "must be an IP address or DNS name, got %q", san)
		}
	}
}

// kubeletMaySet: the NodeRestriction admission plugin refuses labels a
// kubelet sets on its own Node under kubernetes.io and k8s.io, except these.
func kubeletMaySet(key string) bool {
	prefix, _, found := strings.Cut(key, "/")
	if !found {
		return true
	}
	restricted := prefix == "kubernetes.io" || prefix == "k8s.io" || strings.HasSuffix(prefix, ".kubernetes.io") || strings.HasSuffix(prefix, ".k8s.io")
	if !restricted {
		return true
	}
	switch key {
	case "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os", "node.kubernetes.io/instance-type",
		"topology.kubernetes.io/region", "topology.kubernetes.io/zone":
		return true
	}
	return prefix == "kubelet.kubernetes.io" || prefix == "node.kubernetes.io" ||
		strings.HasSuffix(prefix, ".kubelet.kubernetes.io") || strings.HasSuffix(prefix, ".node.kubernetes.io")
}

func validHost(s string) bool {
	if net.ParseIP(s) != nil {
		return true
	}
	return s != "" && len(validation.IsDNS1123Subdomain(strings.ToLower(s))) == 0
}

var userName = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,31}$`)

func validUser(s string) bool { return userName.MatchString(s) }

func validPoolRange(s string) bool {
	if _, _, err := net.ParseCIDR(s); err == nil {
		return true
	}
	m := ipRange.FindStringSubmatch(s)
	return m != nil && net.ParseIP(m[1]) != nil && net.ParseIP(m[2]) != nil
}
