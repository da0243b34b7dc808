package eks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/efs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CSI provisioners and EKS addon names of the storage drivers.
const (
	ebsProvisioner = "ebs.csi.aws.com"
	efsProvisioner = "efs.csi.aws.com"
	ebsAddon       = "aws-ebs-csi-driver"
	efsAddon       = "aws-efs-csi-driver"
)

// storage is what the cluster offers for volumes. Every EBS volume is an
// encrypted gp3 volume; "fast" buys IOPS and throughput above gp3's free
// baseline (3000 IOPS, 125 MiB/s) for scratch space and checkpoints (gp3
// allows 500 IOPS per GiB, so fast volumes should be 12Gi or more). Shared
// (ReadWriteMany) volumes are EFS access points, one directory per volume,
// when cluster.eks.efs is on.
func storage(withEFS bool) cluster.Storage {
	s := cluster.Storage{
		Fast: cluster.StorageClass{Provisioner: ebsProvisioner, Parameters: map[string]string{
			"type": "gp3", "encrypted": "true", "iops": "6000", "throughput": "250",
		}},
		Standard: cluster.StorageClass{Provisioner: ebsProvisioner, Parameters: map[string]string{
			"type": "gp3", "encrypted": "true",
		}},
	}
	if withEFS {
		// fileSystemId is an output of the file system: New sets it in
		// ParameterInputs once the file system exists.
		s.Shared = &cluster.StorageClass{Provisioner: efsProvisioner, Parameters: map[string]string{
			"provisioningMode": "efs-ap", "directoryPerms": "700", "basePath": "/dynamic",
		}}
	}
	return s
}

// newCSIAddon installs a CSI driver as an EKS addon whose controller
// assumes its own IRSA role. The addon waits for the nodes that can run its
// controller (untainted pools): EKS reports an addon healthy only once its
// pods run.
func (b *builder) newCSIAddon(cl *eks.Cluster, oidc *iam.OpenIdConnectProvider, addon, roleSuffix, serviceAccount, policy string, nodes []pulumi.Resource) (*eks.Addon, error) {
	role, attached, err := b.newIRSARole(b.Name+"-"+roleSuffix, oidc, systemNamespace, serviceAccount, []attachment{{"policy", policy}})
	if err != nil {
		return nil, err
	}
	deps := append(append([]pulumi.Resource{}, attached...), nodes...)
	return eks.NewAddon(b.Ctx, b.Name+"-"+addon, &eks.AddonArgs{
		ClusterName:           cl.Name,
		AddonName:             pulumi.String(addon),
		ServiceAccountRoleArn: role.Arn,
		// The stack is the source of truth for the addon's configuration.
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
	}, b.Opts(pulumi.DependsOn(deps))...)
}

// newEFS creates an encrypted EFS file system with a mount target in every
// private subnet, reachable over NFS from the cluster security group only
// (which managed nodes use). In production the file system is protected
// and kept when the stack is destroyed: it holds team data.
func (b *builder) newEFS(cl *eks.Cluster, nw *network) (*efs.FileSystem, error) {
	sg, err := ec2.NewSecurityGroup(b.Ctx, b.Name+"-efs", &ec2.SecurityGroupArgs{
		VpcId:       nw.vpcID,
		Description: pulumi.String("NFS from the nodes of EKS cluster " + b.Name + " to its EFS mount targets"),
		Ingress: ec2.SecurityGroupIngressArray{&ec2.SecurityGroupIngressArgs{
			Description:    pulumi.String("NFS from cluster nodes"),
			Protocol:       pulumi.String("tcp"),
			FromPort:       pulumi.Int(2049),
			ToPort:         pulumi.Int(2049),
			SecurityGroups: pulumi.StringArray{cl.VpcConfig.ClusterSecurityGroupId().Elem()},
		}},
		Tags: pulumi.StringMap{"Name": pulumi.String(b.Name + "-efs")},
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	prod := b.Cfg.Production()
	fs, err := efs.NewFileSystem(b.Ctx, b.Name+"-shared", &efs.FileSystemArgs{
		Encrypted:       pulumi.Bool(true),
		PerformanceMode: pulumi.String("generalPurpose"),
		ThroughputMode:  pulumi.String("elastic"),
		LifecyclePolicies: efs.FileSystemLifecyclePolicyArray{
			&efs.FileSystemLifecyclePolicyArgs{TransitionToIa: pulumi.String("AFTER_30_DAYS")},
		},
		Tags: pulumi.StringMap{"Name": pulumi.String(b.Name + "-shared")},
	}, b.Opts(pulumi.Protect(prod), pulumi.RetainOnDelete(prod))...)
	if err != nil {
		return nil, err
	}
	for _, s := range nw.private {
		if _, err := efs.NewMountTarget(b.Ctx, b.Name+"-efs-"+s.key, &efs.MountTargetArgs{
			FileSystemId:   fs.ID(),
			SubnetId:       s.id,
			SecurityGroups: pulumi.StringArray{sg.ID()},
		}, b.Opts()...); err != nil {
			return nil, err
		}
	}
	return fs, nil
}
