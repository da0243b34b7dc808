package eks

import (
	"fmt"
	"net"
	"regexp"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
)

// Limits of the network that New creates (see subnetCIDRs).
const (
	maxZones     = 6
	minVPCPrefix = 16 // the largest VPC AWS allows
	maxVPCPrefix = 20 // the VPC CNI gives every pod a VPC address: keep room
)

var (
	regionRE = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$`)
	adminRE  = regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/.+$`)
)

// Validate checks what only EKS knows about a stack that config.Load
// already accepted: zones of the region, the size of the VPC, IAM ARNs of
// admins, and that GPU pools name a GPU that EKS offers on an instance type
// that has it. Every problem comes back at once as config.Errors, each with
// its key path, and New returns them before it registers any resource.
func Validate(cfg *config.Config) error {
	var errs config.Errors
	add := func(path, format string, args ...any) {
		errs = append(errs, config.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if _, err := options(cfg); err != nil {
		if list, ok := err.(config.Errors); ok {
			errs = append(errs, list...)
		} else {
			return err
		}
	}
	validateCluster(cfg.Cluster, add)
	for i, p := range cfg.NodePools {
		validatePool(fmt.Sprintf("nodePools[%d]", i), p, add)
	}
	validateIdentities(cfg, add)
	validateTeams(cfg, add)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

type addFunc func(path, format string, args ...any)

func validateCluster(c config.Cluster, add addFunc) {
	if !regionRE.MatchString(c.Region) {
		add("cluster.region", "must be an AWS region such as us-east-1, got %q", c.Region)
	}
	n := c.Network
	if n.VpcID != "" {
		validateExistingNetwork(n, add)
	} else {
		validateNewNetwork(c.Region, n, add)
	}
	slugs := map[string]int{}
	for i, arn := range c.Admins {
		path := fmt.Sprintf("cluster.admins[%d]", i)
		if !adminRE.MatchString(arn) {
			add(path, "must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admins, got %q", arn)
			continue
		}
		s := adminSlug(arn)
		if j, dup := slugs[s]; dup {
			add(path, "ends in the same name %q as cluster.admins[%d]; access entries are named after it", s, j)
		}
		slugs[s] = i
	}
}

func validateExistingNetwork(n config.Network, add addFunc) {
	if !strings.HasPrefix(n.VpcID, "vpc-") {
		add("cluster.network.vpcId", "must be a VPC ID (vpc-...), got %q", n.VpcID)
	}
	for _, list := range []struct {
		key string
		ids []string
	}{{"privateSubnetIds", n.PrivateSubnetIDs}, {"publicSubnetIds", n.PublicSubnetIDs}} {
		for i, id := range list.ids {
			if !strings.HasPrefix(id, "subnet-") {
				add(fmt.Sprintf("cluster.network.%s[%d]", list.key, i), "must be a subnet ID (subnet-...), got %q", id)
			}
		}
	}
}

func validateNewNetwork(region string, n config.Network, add addFunc) {
	if _, ipnet, err := net.ParseCIDR(n.CIDR); err == nil {
		ones, bits := ipnet.Mask.Size()
		if bits != 32 || ones < minVPCPrefix || ones > maxVPCPrefix {
			add("cluster.network.cidr", "must be an IPv4 /%d to /%d (AWS allows /%d at most; the VPC CNI gives every pod an address), got %s",
				minVPCPrefix, maxVPCPrefix, minVPCPrefix, n.CIDR)
		}
	}
	if len(n.Zones) > maxZones {
		add("cluster.network.zones", "must list at most %d zones, got %d", maxZones, len(n.Zones))
	}
	for i, z := range n.Zones {
		if !strings.HasPrefix(z, region) || len(z) != len(region)+1 {
			add(fmt.Sprintf("cluster.network.zones[%d]", i), "must be a zone of region %s such as %sa, got %q", region, region, z)
		}
	}
	if len(n.Zones) == 0 && region == "us-west-1" {
		add("cluster.network.zones", "is required in us-west-1: its zone letters differ between AWS accounts")
	}
}

func validatePool(path string, p config.NodePool, add addFunc) {
	if p.Image != "" && p.Image != imageAL2023 && p.Image != imageBottlerocket {
		add(path+".image", "must be %s or %s on EKS, got %q", imageAL2023, imageBottlerocket, p.Image)
	}
	keys := map[string]bool{}
	for j, t := range p.Taints {
		if keys[t.Key] {
			add(fmt.Sprintf("%s.taints[%d].key", path, j), "duplicates taint key %q; the autoscaler's node template (an ASG tag per key) holds one taint per key", t.Key)
		}
		keys[t.Key] = true
	}
	validatePoolTypes(path, p, add)
	model, count, known := instanceGPU(p.MachineType)
	if p.GPU == nil {
		if known {
			add(path+".gpu", "is required: %s has %s GPUs; describe them (gpu: {model: %s, count: %d}) so the pool gets the GPU image, taint and autoscaler template",
				p.MachineType, model, model, count)
		}
		return
	}
	if _, err := acceleratorLabels(p.GPU.Model); err != nil {
		add(path+".gpu.model", "%v", err)
		return
	}
	switch {
	case known && model != p.GPU.Model:
		add(path+".gpu.model", "must be %s: that is the GPU of %s, got %q", model, p.MachineType, p.GPU.Model)
	case known && count > 0 && count != p.GPU.Count:
		add(path+".gpu.count", "must be %d: a %s has %d GPU(s), got %d", count, p.MachineType, count, p.GPU.Count)
	case !known && !mayHaveGPU(p.MachineType):
		add(path+".machineType", "%s has no NVIDIA GPU; GPU pools need a GPU instance type such as g5.xlarge or p4d.24xlarge", p.MachineType)
	}
}

// reservationID is an EC2 capacity reservation ID, as Karpenter's
// EC2NodeClass CRD accepts it (capacityReservationSelectorTerms[].id).
var reservationID = regexp.MustCompile(`^cr-[0-9a-z]+$`)

// validatePoolTypes: a node group and a node class run one AMI
// architecture, so every machine type of a pool must share it; capacity
// reservations are named by ID.
func validatePoolTypes(path string, p config.NodePool, add addFunc) {
	for j, t := range p.MachineTypes {
		if isArm(t) != isArm(p.MachineType) {
			add(fmt.Sprintf("%s.machineTypes[%d]", path, j), "%s runs another CPU architecture than machineType %s: a pool's nodes share one AMI", t, p.MachineType)
		}
	}
	if p.Provisioner == config.ProvisionerKarpenter && p.GPU != nil && !slices.Contains([]string{"", gpu.SharingNone}, gpu.Sharing(p.GPU.Sharing).Mode) {
		add(path+".gpu.sharing", "is not available on a karpenter pool: Karpenter sizes its nodes by physical GPUs, and the pool's scale-from-zero checks would promise more; use a node group")
	}
	for j, id := range p.CapacityReservations {
		if !reservationID.MatchString(id) {
			add(fmt.Sprintf("%s.capacityReservations[%d]", path, j), "must be a capacity reservation ID such as cr-0123456789abcdef0, got %q", id)
		}
	}
}
