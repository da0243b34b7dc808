package cluster

// EgressDestination is a network destination a NetworkPolicy can express:
// an address block, blocks inside it that stay closed, and ports.
type EgressDestination struct {
	CIDR   string
	Except []string
	Ports  []int
	// Protocol is TCP or UDP.
	Protocol string
}

// PrivateRanges are the blocks no "public" allowance opens: RFC 1918, the
// shared address space of carrier-grade NAT and cloud VPCs (RFC 6598), and
// link-local, where the instance metadata service answers.
var PrivateRanges = []string{"10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"}

// PublicHTTPS is HTTPS to any public IPv4 address. It is what object
// storage resolves to where a NetworkPolicy cannot name the service: S3
// is reached through prefix lists and changing IP ranges that a policy
// cannot reference (and a VPC gateway endpoint still routes to S3's public
// addresses), and the same holds for GCS and Azure Blob. Private ranges
// stay closed, so the allowance does not open the VPC or the metadata
// service.
func PublicHTTPS() []EgressDestination {
	return []EgressDestination{{CIDR: "0.0.0.0/0", Except: append([]string(nil), PrivateRanges...), Ports: []int{443}, Protocol: "TCP"}}
}

// EgressTo resolves a named egress need (config.EgressObjectStorage) to
// destinations: the provider's answer when it has one, else PublicHTTPS.
func (c *Shape) EgressTo(name string) []EgressDestination {
	if d, ok := c.Egress[name]; ok {
		return d
	}
	return PublicHTTPS()
}
