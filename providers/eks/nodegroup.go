package eks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Node image families (nodePools[].image on EKS).
const (
	imageAL2023       = "al2023"
	imageBottlerocket = "bottlerocket"
)

// amiType is the EKS AMI type of a pool. GPU pools get the NVIDIA variant,
// which ships the driver and the container toolkit (and, on Bottlerocket,
// the device plugin); Graviton instance types get the ARM variant.
func amiType(p config.NodePool) string {
	arch := "x86_64"
	if isArm(p.MachineType) {
		arch = "ARM_64"
	}
	if p.Image == imageBottlerocket {
		if p.IsGPU() {
			return "BOTTLEROCKET_" + arch + "_NVIDIA"
		}
		return "BOTTLEROCKET_" + arch
	}
	if p.IsGPU() {
		return "AL2023_" + arch + "_NVIDIA"
	}
	return "AL2023_" + arch + "_STANDARD"
}

// gpuImage reports whether a pool's AMI type carries the NVIDIA driver and
// container toolkit.
func gpuImage(p config.NodePool) bool {
	return strings.HasSuffix(amiType(p), "_NVIDIA")
}

// dataDevice is the block device that holds container images and pod
// ephemeral storage, which DiskGB sizes: the root volume on AL2023;
// Bottlerocket keeps a small OS volume at /dev/xvda and its data at /dev/xvdb.
func dataDevice(image string) string {
	if image == imageBottlerocket {
		return "/dev/xvdb"
	}
	return "/dev/xvda"
}

// eksTaintEffects spell Kubernetes taint effects the way the EKS API does.
// This is the one place that translates them.
var eksTaintEffects = map[string]string{
	"NoSchedule":       "NO_SCHEDULE",
	"NoExecute":        "NO_EXECUTE",
	"PreferNoSchedule": "PREFER_NO_SCHEDULE",
}

// taintEffect translates a Kubernetes taint effect to the EKS API's.
func taintEffect(effect string) (string, error) {
	e, ok := eksTaintEffects[effect]
	if !ok {
		return "", fmt.Errorf("taint effect %q has no EKS spelling (NoSchedule, NoExecute or PreferNoSchedule)", effect)
	}
	return e, nil
}

// capacityType is SPOT for spot pools, ON_DEMAND otherwise.
func capacityType(p config.NodePool) string {
	if p.Spot {
		return "SPOT"
	}
	return "ON_DEMAND"
}

// nodeTaints are the pool's taints in the EKS API's form.
func nodeTaints(p config.NodePool) (eks.NodeGroupTaintArray, error) {
	var out eks.NodeGroupTaintArray
	for _, t := range p.Taints {
		effect, err := taintEffect(t.Effect)
		if err != nil {
			return nil, fmt.Errorf("pool %s: %w", p.Name, err)
		}
		out = append(out, eks.NodeGroupTaintArgs{
			Key:    pulumi.String(t.Key),
			Value:  pulumi.String(t.Value),
			Effect: pulumi.String(effect),
		})
	}
	return out, nil
}

// newLaunchTemplate is the part of a node that a managed node group does
// not set well by default: IMDSv2 only, with a hop limit of 1 so that pods
// cannot borrow the node's credentials (they use IRSA), and an encrypted
// gp3 data volume of the configured size.
func (b *builder) newLaunchTemplate(p config.NodePool) (*ec2.LaunchTemplate, error) {
	name := poolName(b.Name, p.Name)
	instanceTags := pulumi.StringMap{"Name": pulumi.String(name), gpu.PoolLabel: pulumi.String(p.Name)}
	return ec2.NewLaunchTemplate(b.Ctx, name, &ec2.LaunchTemplateArgs{
		Description:          pulumi.String("Nodes of pool " + p.Name + " of EKS cluster " + b.Name),
		UpdateDefaultVersion: pulumi.Bool(true),
		MetadataOptions: &ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(1),
		},
		BlockDeviceMappings: ec2.LaunchTemplateBlockDeviceMappingArray{
			&ec2.LaunchTemplateBlockDeviceMappingArgs{
				DeviceName: pulumi.String(dataDevice(p.Image)),
				Ebs: &ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
					VolumeSize:          pulumi.Int(p.DiskGB),
					VolumeType:          pulumi.String("gp3"),
					Encrypted:           pulumi.String("true"),
					DeleteOnTermination: pulumi.String("true"),
				},
			},
		},
		TagSpecifications: ec2.LaunchTemplateTagSpecificationArray{
			&ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("instance"), Tags: instanceTags},
			&ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("volume"), Tags: instanceTags},
		},
	}, b.Opts()...)
}

// newNodeGroup creates one managed node group for a pool, with its own IAM
// role and launch template. It waits for the cluster, its own role and
// template and the subnets' egress, and for no other pool, so all pools
// come up side by side as soon as the control plane exists. The desired
// size belongs to the cluster autoscaler after creation.
func (b *builder) newNodeGroup(cl *eks.Cluster, nw *network, p config.NodePool) (*eks.NodeGroup, error) {
	name := poolName(b.Name, p.Name)
	role, attached, err := b.newRole(name+"-node", name+"-node", pulumi.String(serviceTrust("ec2.amazonaws.com")), nodePolicies)
	if err != nil {
		return nil, err
	}
	lt, err := b.newLaunchTemplate(p)
	if err != nil {
		return nil, err
	}
	taints, err := nodeTaints(p)
	if err != nil {
		return nil, err
	}
	deps := append(append([]pulumi.Resource{}, attached...), nw.egress...)
	return eks.NewNodeGroup(b.Ctx, name, &eks.NodeGroupArgs{
		ClusterName:         cl.Name,
		Version:             cl.Version, // nodes follow the control plane's upgrades
		NodeGroupNamePrefix: pulumi.String(namePrefix(name, nodeGroupPrefixMax)),
		NodeRoleArn:         role.Arn,
		SubnetIds:           ids(nw.private),
		// Several types (machineTypes) let a spot group draw on more
		// spot pools; EKS keeps the first as the group's primary.
		InstanceTypes: pulumi.ToStringArray(p.AllMachineTypes()),
		AmiType:       pulumi.String(amiType(p)),
		CapacityType:  pulumi.String(capacityType(p)),
		ScalingConfig: &eks.NodeGroupScalingConfigArgs{
			MinSize:     pulumi.Int(p.Min),
			MaxSize:     pulumi.Int(p.Max),
			DesiredSize: pulumi.Int(p.Min),
		},
		UpdateConfig: &eks.NodeGroupUpdateConfigArgs{MaxUnavailable: pulumi.Int(1)},
		Labels:       pulumi.ToStringMap(p.Labels),
		Taints:       taints,
		LaunchTemplate: &eks.NodeGroupLaunchTemplateArgs{
			Id:      lt.ID(),
			Version: lt.LatestVersion.ApplyT(strconv.Itoa).(pulumi.StringOutput),
		},
	}, b.Opts(
		pulumi.DependsOn(deps),
		pulumi.IgnoreChanges([]string{"scalingConfig.desiredSize"}),
	)...)
}
