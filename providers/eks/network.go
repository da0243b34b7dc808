package eks

import (
	"encoding/binary"
	"fmt"
	"net"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// network is where the cluster and its nodes live.
type network struct {
	vpcID pulumi.StringOutput
	// private subnets hold the control plane's ENIs, the nodes and internal
	// load balancers; public subnets hold NAT gateways and internet-facing
	// load balancers.
	private []subnet
	public  []subnet
	// egress are the resources that give private subnets a route out. Nodes
	// wait for them: a node that cannot reach ECR and the API never joins.
	egress []pulumi.Resource
}

// subnet is a subnet and the stable key that names resources placed in it
// (its zone for subnets mlkube creates, its ID for adopted ones).
type subnet struct {
	key string
	id  pulumi.StringOutput
}

func ids(subnets []subnet) pulumi.StringArray {
	out := make(pulumi.StringArray, len(subnets))
	for i, s := range subnets {
		out[i] = s.id
	}
	return out
}

// zones are the availability zones to spread subnets over: the configured
// ones, or the region's a, b and c zones.
func zones(c config.Cluster) []string {
	if len(c.Network.Zones) > 0 {
		return c.Network.Zones
	}
	return []string{c.Region + "a", c.Region + "b", c.Region + "c"}
}

// Subnet tags that the AWS load balancer controller and the in-tree cloud
// provider read to place load balancers, and that mark who owns a subnet.
const (
	tagELB         = "kubernetes.io/role/elb"
	tagInternalELB = "kubernetes.io/role/internal-elb"
)

// clusterTag is the ownership tag key of the cluster's subnets.
func clusterTag(cluster string) string { return "kubernetes.io/cluster/" + cluster }

// subnetTags are the tags of a subnet the stack creates.
func subnetTags(cluster, name string, public bool) map[string]string {
	role := tagInternalELB
	if public {
		role = tagELB
	}
	return map[string]string{"Name": name, role: "1", clusterTag(cluster): "owned"}
}

// subnetCIDRs carves the VPC into one private and one public subnet per
// zone: private subnets are eighths of the VPC (a /19 of a /16: nodes and,
// with the VPC CNI, every pod need addresses), public subnets are
// sixty-fourths (a /22 of a /16) taken from the seventh eighth. Up to six
// zones fit, and adding a zone never moves an existing subnet.
func subnetCIDRs(vpc string, n int) (private, public []string, err error) {
	_, base, err := net.ParseCIDR(vpc)
	if err != nil {
		return nil, nil, err
	}
	if n > maxZones {
		return nil, nil, fmt.Errorf("at most %d zones fit, got %d", maxZones, n)
	}
	for i := 0; i < n; i++ {
		private = append(private, cidrSubnet(base, 3, i))
		public = append(public, cidrSubnet(base, 6, 6*8+i))
	}
	return private, public, nil
}

// cidrSubnet is Terraform's cidrsubnet for IPv4: the num-th subnet with
// newbits more prefix bits.
func cidrSubnet(base *net.IPNet, newbits, num int) string {
	ones, _ := base.Mask.Size()
	ip := binary.BigEndian.Uint32(base.IP.To4())
	ip |= uint32(num) << (32 - ones - newbits)
	out := make(net.IP, 4)
	binary.BigEndian.PutUint32(out, ip)
	return fmt.Sprintf("%s/%d", out, ones+newbits)
}

// newNetwork creates a VPC, or adopts the configured one.
func (b *builder) newNetwork() (*network, error) {
	if b.Cfg.Cluster.Network.VpcID != "" {
		return b.existingNetwork()
	}
	return b.createNetwork()
}

// existingNetwork adopts a VPC and its subnets. mlkube adds only the
// cluster's own `kubernetes.io/cluster/<name>: shared` tag to them: the
// load balancer role tags are shared with whoever else uses the subnets,
// and a tag two stacks manage disappears when either is destroyed.
func (b *builder) existingNetwork() (*network, error) {
	n := b.Cfg.Cluster.Network
	nw := &network{vpcID: pulumi.String(n.VpcID).ToStringOutput()}
	for _, list := range []struct {
		ids []string
		out *[]subnet
	}{{n.PrivateSubnetIDs, &nw.private}, {n.PublicSubnetIDs, &nw.public}} {
		for _, id := range list.ids {
			*list.out = append(*list.out, subnet{key: id, id: pulumi.String(id).ToStringOutput()})
			if _, err := ec2.NewTag(b.Ctx, b.Name+"-"+id+"-cluster-tag", &ec2.TagArgs{
				ResourceId: pulumi.String(id),
				Key:        pulumi.String(clusterTag(b.Name)),
				Value:      pulumi.String("shared"),
			}, b.Opts()...); err != nil {
				return nil, err
			}
		}
	}
	return nw, nil
}

// createNetwork builds the VPC: an internet gateway, public and private
// subnets in every zone, and NAT gateways for the private subnets' egress —
// one per zone in production (a zone outage does not cut the others off),
// one for the whole VPC elsewhere (NAT gateways are billed by the hour).
func (b *builder) createNetwork() (*network, error) {
	c := b.Cfg.Cluster
	zs := zones(c)
	privCIDRs, pubCIDRs, err := subnetCIDRs(c.Network.CIDR, len(zs))
	if err != nil {
		return nil, fmt.Errorf("cluster.network.cidr: %w", err)
	}
	vpc, err := ec2.NewVpc(b.Ctx, b.Name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(c.Network.CIDR),
		EnableDnsHostnames: pulumi.Bool(true), // nodes register by DNS name
		EnableDnsSupport:   pulumi.Bool(true),
		Tags:               pulumi.StringMap{"Name": pulumi.String(b.Name)},
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	nw := &network{vpcID: vpc.ID().ToStringOutput()}
	nats, err := b.newPublicSubnets(nw, vpc, zs, pubCIDRs)
	if err != nil {
		return nil, err
	}
	if err := b.newPrivateSubnets(nw, vpc, zs, privCIDRs, nats); err != nil {
		return nil, err
	}
	return nw, nil
}

// newPublicSubnets creates the internet gateway, the public route table
// and a public subnet per zone, and the NAT gateways the private subnets
// leave through: one per zone in production, one in total elsewhere.
func (b *builder) newPublicSubnets(nw *network, vpc *ec2.Vpc, zs, cidrs []string) ([]*ec2.NatGateway, error) {
	igw, err := ec2.NewInternetGateway(b.Ctx, b.Name, &ec2.InternetGatewayArgs{
		VpcId: vpc.ID(),
		Tags:  pulumi.StringMap{"Name": pulumi.String(b.Name)},
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	publicRT, err := ec2.NewRouteTable(b.Ctx, b.Name+"-public", &ec2.RouteTableArgs{
		VpcId: vpc.ID(),
		Tags:  pulumi.StringMap{"Name": pulumi.String(b.Name + "-public")},
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	if _, err := ec2.NewRoute(b.Ctx, b.Name+"-public-internet", &ec2.RouteArgs{
		RouteTableId:         publicRT.ID(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
		GatewayId:            igw.ID(),
	}, b.Opts()...); err != nil {
		return nil, err
	}

	var nats []*ec2.NatGateway
	for i, z := range zs {
		pub, _, err := b.newSubnet(vpc, z, cidrs[i], true, publicRT.ID())
		if err != nil {
			return nil, err
		}
		nw.public = append(nw.public, subnet{key: z, id: pub.ID().ToStringOutput()})
		if i > 0 && !b.Cfg.Production() {
			continue
		}
		nat, err := b.newNATGateway(z, pub, igw)
		if err != nil {
			return nil, err
		}
		nats = append(nats, nat)
	}
	return nats, nil
}

// newNATGateway creates a NAT gateway with its own address in a public
// subnet; it waits for the internet gateway it sends traffic to.
func (b *builder) newNATGateway(zone string, pub *ec2.Subnet, igw *ec2.InternetGateway) (*ec2.NatGateway, error) {
	eip, err := ec2.NewEip(b.Ctx, b.Name+"-nat-"+zone, &ec2.EipArgs{
		Domain: pulumi.String("vpc"),
		Tags:   pulumi.StringMap{"Name": pulumi.String(b.Name + "-nat-" + zone)},
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	return ec2.NewNatGateway(b.Ctx, b.Name+"-"+zone, &ec2.NatGatewayArgs{
		AllocationId: eip.ID(),
		SubnetId:     pub.ID(),
		Tags:         pulumi.StringMap{"Name": pulumi.String(b.Name + "-" + zone)},
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{igw}))...)
}

// newPrivateSubnets creates a private subnet per zone whose route table
// sends egress through the zone's NAT gateway (the first one outside
// production). The routes and associations are the network's egress.
func (b *builder) newPrivateSubnets(nw *network, vpc *ec2.Vpc, zs, cidrs []string, nats []*ec2.NatGateway) error {
	for i, z := range zs {
		rt, err := ec2.NewRouteTable(b.Ctx, b.Name+"-private-"+z, &ec2.RouteTableArgs{
			VpcId: vpc.ID(),
			Tags:  pulumi.StringMap{"Name": pulumi.String(b.Name + "-private-" + z)},
		}, b.Opts()...)
		if err != nil {
			return err
		}
		nat := nats[0]
		if i < len(nats) {
			nat = nats[i]
		}
		route, err := ec2.NewRoute(b.Ctx, b.Name+"-private-"+z+"-nat", &ec2.RouteArgs{
			RouteTableId:         rt.ID(),
			DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
			NatGatewayId:         nat.ID(),
		}, b.Opts()...)
		if err != nil {
			return err
		}
		priv, assoc, err := b.newSubnet(vpc, z, cidrs[i], false, rt.ID())
		if err != nil {
			return err
		}
		nw.private = append(nw.private, subnet{key: z, id: priv.ID().ToStringOutput()})
		nw.egress = append(nw.egress, route, assoc)
	}
	return nil
}

// newSubnet creates a subnet in a zone and associates it with a route table.
func (b *builder) newSubnet(vpc *ec2.Vpc, zone, cidr string, public bool, routeTable pulumi.IDOutput) (*ec2.Subnet, *ec2.RouteTableAssociation, error) {
	kind := "private"
	if public {
		kind = "public"
	}
	name := b.Name + "-" + kind + "-" + zone
	s, err := ec2.NewSubnet(b.Ctx, name, &ec2.SubnetArgs{
		VpcId:            vpc.ID(),
		AvailabilityZone: pulumi.String(zone),
		CidrBlock:        pulumi.String(cidr),
		// Nothing gets a public IP by default, not even in public subnets:
		// load balancers and NAT gateways bring their own addresses.
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                pulumi.ToStringMap(subnetTags(b.Name, name, public)),
	}, b.Opts()...)
	if err != nil {
		return nil, nil, err
	}
	assoc, err := ec2.NewRouteTableAssociation(b.Ctx, name, &ec2.RouteTableAssociationArgs{
		SubnetId:     s.ID(),
		RouteTableId: routeTable,
	}, b.Opts()...)
	if err != nil {
		return nil, nil, err
	}
	return s, assoc, nil
}
