package eks

import (
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Service accounts that get IAM roles. The autoscaler's is fixed by the
// Cluster contract; the CSI drivers' names are those of the EKS addons.
const (
	systemNamespace          = cluster.AutoscalerNamespace
	autoscalerServiceAccount = cluster.AutoscalerServiceAccount
	ebsServiceAccount        = "ebs-csi-controller-sa"
	efsServiceAccount        = "efs-csi-controller-sa"
)

// roleARNAnnotation is the service account annotation that makes EKS's pod
// identity webhook inject the role's web identity token.
const roleARNAnnotation = "eks.amazonaws.com/role-arn"

// newIRSARole creates a role that exactly one service account may assume.
func (b *builder) newIRSARole(name string, oidc *iam.OpenIdConnectProvider, namespace, serviceAccount string, policies []attachment) (*iam.Role, []pulumi.Resource, error) {
	trust := pulumi.All(oidc.Arn, oidc.Url).ApplyT(func(v []any) string {
		return irsaTrust(v[0].(string), v[1].(string), namespace, serviceAccount)
	}).(pulumi.StringOutput)
	return b.newRole(name, name, trust, policies)
}

// nodegroupARNPattern matches the ARNs of every node group of a cluster:
// arn:aws:eks:R:A:cluster/NAME -> arn:aws:eks:R:A:nodegroup/NAME/*/*.
func nodegroupARNPattern(clusterARN string) string {
	return strings.Replace(clusterARN, ":cluster/", ":nodegroup/", 1) + "/*/*"
}

// autoscalerPolicy is the least privilege the cluster autoscaler needs:
// it may change the size of, and terminate instances in, only the ASGs
// tagged as this cluster's (the discovery tags of scaling_tags.go); it may
// describe ASGs, launch templates and instance types (the describe calls
// take no resource); and it may describe only this cluster's node groups
// (to read labels and taints of managed node groups at size zero).
func autoscalerPolicy(clusterName, clusterARN string) string {
	return document(
		statement{
			Sid:    "ScaleOwnGroups",
			Effect: "Allow",
			Action: []string{
				"autoscaling:SetDesiredCapacity",
				"autoscaling:TerminateInstanceInAutoScalingGroup",
			},
			Resource: "*",
			Condition: map[string]map[string]any{"StringEquals": {
				"aws:ResourceTag/" + autoscalerOwnerTag(clusterName): "owned",
				"aws:ResourceTag/" + tagAutoscalerEnabled:            "true",
			}},
		},
		statement{
			Sid:    "Describe",
			Effect: "Allow",
			Action: []string{
				"autoscaling:DescribeAutoScalingGroups",
				"autoscaling:DescribeAutoScalingInstances",
				"autoscaling:DescribeLaunchConfigurations",
				"autoscaling:DescribeScalingActivities",
				"autoscaling:DescribeTags",
				"ec2:DescribeImages",
				"ec2:DescribeInstanceTypes",
				"ec2:DescribeLaunchTemplateVersions",
				"ec2:GetInstanceTypesFromInstanceRequirements",
			},
			Resource: "*",
		},
		statement{
			Sid:      "DescribeOwnNodegroups",
			Effect:   "Allow",
			Action:   []string{"eks:DescribeNodegroup"},
			Resource: nodegroupARNPattern(clusterARN),
		},
	).String()
}

// newAutoscalerRole is the IRSA role of the cluster autoscaler addon.
func (b *builder) newAutoscalerRole(cl *eks.Cluster, oidc *iam.OpenIdConnectProvider) (*iam.Role, error) {
	name := b.Name + "-cluster-autoscaler"
	role, _, err := b.newIRSARole(name, oidc, systemNamespace, autoscalerServiceAccount, nil)
	if err != nil {
		return nil, err
	}
	policy := cl.Arn.ApplyT(func(arn string) string { return autoscalerPolicy(b.Name, arn) }).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(b.Ctx, name, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: policy,
	}, b.Opts()...); err != nil {
		return nil, err
	}
	return role, nil
}
