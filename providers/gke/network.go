package gke

import (
	"fmt"
	"net"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/compute"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// network is where the cluster's nodes, pods and services get addresses.
type network struct {
	network, subnetwork pulumi.StringInput
	pods, services      string // secondary range names of the subnetwork
	nodesCIDR           string // "" for an adopted subnetwork
	// egress are the resources nodes need to reach the internet (pull
	// images): node pools wait for them.
	egress []pulumi.Resource
}

// ranges carves the subnetwork's ranges out of cluster.network.cidr: the
// first sixteenth for nodes, the second for services, the upper half for
// pods (each node takes a /24 of it for up to 110 pods). A /16 gives 4096
// nodes' addresses, 4096 services and 32768 pod addresses (128 nodes).
func ranges(cidr string) (nodes, services, pods string, err error) {
	_, ipnet, err := net.ParseCIDR(cidr)
	if err != nil {
		return "", "", "", err
	}
	ones, bits := ipnet.Mask.Size()
	if bits != 32 || ones < minNetworkPrefix || ones > maxNetworkPrefix {
		return "", "", "", fmt.Errorf("network %s: must be an IPv4 /%d to /%d", cidr, minNetworkPrefix, maxNetworkPrefix)
	}
	sub := func(prefix, i int) string {
		ip := ipnet.IP.To4()
		base := uint32(ip[0])<<24 | uint32(ip[1])<<16 | uint32(ip[2])<<8 | uint32(ip[3])
		base += uint32(i) << (32 - prefix)
		return fmt.Sprintf("%d.%d.%d.%d/%d", byte(base>>24), byte(base>>16), byte(base>>8), byte(base), prefix)
	}
	return sub(ones+4, 0), sub(ones+4, 1), sub(ones+1, 1), nil
}

// newNetwork adopts the configured VPC or creates one: a custom-mode VPC,
// one regional subnetwork with Private Google Access (nodes without public
// IPs still reach Google APIs) and secondary ranges for pods and services
// (a VPC-native cluster), and a Cloud Router with Cloud NAT so private
// nodes reach registries outside Google.
func (b *builder) newNetwork() (*network, error) {
	o := b.opts
	if o.existingNetwork() {
		return &network{
			network:    pulumi.String(o.Network),
			subnetwork: pulumi.String(o.Subnetwork),
			pods:       o.PodsRangeName,
			services:   o.ServicesRangeName,
		}, nil
	}
	nodes, services, pods, err := ranges(b.Cfg.Cluster.Network.CIDR)
	if err != nil {
		return nil, err
	}
	region := b.Cfg.Cluster.Region
	vpc, err := compute.NewNetwork(b.Ctx, b.Name, &compute.NetworkArgs{
		Name:                  pulumi.String(b.Name),
		Description:           pulumi.String("Network of GKE cluster " + b.Name),
		AutoCreateSubnetworks: pulumi.Bool(false),
		RoutingMode:           pulumi.String("REGIONAL"),
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	subnet, err := compute.NewSubnetwork(b.Ctx, b.Name+"-nodes", &compute.SubnetworkArgs{
		Name:                  pulumi.String(b.Name + "-nodes"),
		Network:               vpc.ID(),
		Region:                pulumi.String(region),
		IpCidrRange:           pulumi.String(nodes),
		PrivateIpGoogleAccess: pulumi.Bool(true),
		SecondaryIpRanges: compute.SubnetworkSecondaryIpRangeArray{
			compute.SubnetworkSecondaryIpRangeArgs{RangeName: pulumi.String(defaultPodsRangeName), IpCidrRange: pulumi.String(pods)},
			compute.SubnetworkSecondaryIpRangeArgs{RangeName: pulumi.String(defaultServicesRangeName), IpCidrRange: pulumi.String(services)},
		},
		LogConfig: &compute.SubnetworkLogConfigArgs{
			AggregationInterval: pulumi.String("INTERVAL_5_MIN"),
			FlowSampling:        pulumi.Float64(0.5),
			Metadata:            pulumi.String("INCLUDE_ALL_METADATA"),
		},
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	router, err := compute.NewRouter(b.Ctx, b.Name, &compute.RouterArgs{
		Name:    pulumi.String(b.Name),
		Network: vpc.ID(),
		Region:  pulumi.String(region),
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	nat, err := compute.NewRouterNat(b.Ctx, b.Name, &compute.RouterNatArgs{
		Name:                          pulumi.String(b.Name),
		Router:                        router.Name,
		Region:                        pulumi.String(region),
		NatIpAllocateOption:           pulumi.String("AUTO_ONLY"),
		SourceSubnetworkIpRangesToNat: pulumi.String("LIST_OF_SUBNETWORKS"),
		Subnetworks: compute.RouterNatSubnetworkArray{compute.RouterNatSubnetworkArgs{
			Name:                 subnet.ID(),
			SourceIpRangesToNats: pulumi.StringArray{pulumi.String("ALL_IP_RANGES")},
		}},
		LogConfig: &compute.RouterNatLogConfigArgs{Enable: pulumi.Bool(true), Filter: pulumi.String("ERRORS_ONLY")},
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	return &network{
		network:    vpc.ID(),
		subnetwork: subnet.ID(),
		pods:       defaultPodsRangeName,
		services:   defaultServicesRangeName,
		nodesCIDR:  nodes,
		egress:     []pulumi.Resource{nat},
	}, nil
}
