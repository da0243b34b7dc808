package eks

import "strings"

// podIdentityTrust lets EKS Pod Identity hand the role to a pod: the
// association (not the trust policy) says which service account gets it.
// sts:TagSession lets it add the pod's session tags.
func podIdentityTrust() string {
	return document(statement{
		Effect:    "Allow",
		Principal: map[string]string{"Service": "pods.eks.amazonaws.com"},
		Action:    []string{"sts:AssumeRole", "sts:TagSession"},
	}).String()
}

// karpenterPolicy is the controller's policy, the statements of the
// Karpenter getting-started CloudFormation template (aws/karpenter-provider-aws
// v1.14.1, website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml,
// read 2026-12-04) for one cluster and region: it may launch instances
// and fleets only with this cluster's ownership tag and a NodePool tag,
// tag and terminate only such instances, pass only the Karpenter node
// role, manage only the instance profiles of its node classes, read its
// interruption queue, and describe what it chooses from.
func karpenterPolicy(clusterName, region, clusterARN, queueARN, nodeRoleARN string) string {
	partition, account := arnPart(clusterARN, 1), arnPart(clusterARN, 4)
	ec2ARN := func(kind string) string {
		return "arn:" + partition + ":ec2:" + region + ":*:" + kind + "/*"
	}
	owned := "kubernetes.io/cluster/" + clusterName
	launched := []string{ec2ARN("fleet"), ec2ARN("instance"), ec2ARN("volume"), ec2ARN("network-interface"), ec2ARN("launch-template"), ec2ARN("spot-instances-request")}
	profile := "arn:" + partition + ":iam::" + account + ":instance-profile/*"
	requestTags := map[string]any{"aws:RequestTag/" + owned: "owned", "aws:RequestTag/eks:eks-cluster-name": clusterName}
	nodePoolTagged := map[string]any{"aws:RequestTag/karpenter.sh/nodepool": "*"}
	ownedResource := map[string]any{"aws:ResourceTag/" + owned: "owned"}
	nodePoolResource := map[string]any{"aws:ResourceTag/karpenter.sh/nodepool": "*"}
	withCreateAction := map[string]any{"ec2:CreateAction": []string{"RunInstances", "CreateFleet", "CreateLaunchTemplate"}}
	for k, v := range requestTags {
		withCreateAction[k] = v
	}
	regionTag := "topology.kubernetes.io/region"
	return document(
		statement{Sid: "LaunchFromSharedResources", Effect: "Allow", Action: []string{"ec2:RunInstances", "ec2:CreateFleet"},
			Resource: []string{
				"arn:" + partition + ":ec2:" + region + "::image/*", "arn:" + partition + ":ec2:" + region + "::snapshot/*",
				ec2ARN("security-group"), ec2ARN("subnet"), ec2ARN("capacity-reservation"), ec2ARN("placement-group"),
			}},
		statement{Sid: "LaunchFromOwnLaunchTemplates", Effect: "Allow", Action: []string{"ec2:RunInstances", "ec2:CreateFleet"},
			Resource:  ec2ARN("launch-template"),
			Condition: map[string]map[string]any{"StringEquals": ownedResource, "StringLike": nodePoolResource}},
		statement{Sid: "LaunchTaggedInstances", Effect: "Allow", Action: []string{"ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"},
			Resource:  launched,
			Condition: map[string]map[string]any{"StringEquals": requestTags, "StringLike": nodePoolTagged}},
		statement{Sid: "TagOnLaunch", Effect: "Allow", Action: []string{"ec2:CreateTags"},
			Resource:  launched,
			Condition: map[string]map[string]any{"StringEquals": withCreateAction, "StringLike": nodePoolTagged}},
		statement{Sid: "TagOwnInstances", Effect: "Allow", Action: []string{"ec2:CreateTags"},
			Resource: ec2ARN("instance"),
			Condition: map[string]map[string]any{
				"StringEquals":              ownedResource,
				"StringLike":                nodePoolResource,
				"StringEqualsIfExists":      {"aws:RequestTag/eks:eks-cluster-name": clusterName},
				"ForAllValues:StringEquals": {"aws:TagKeys": []string{"eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"}},
			}},
		statement{Sid: "TerminateOwnInstances", Effect: "Allow", Action: []string{"ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"},
			Resource:  []string{ec2ARN("instance"), ec2ARN("launch-template")},
			Condition: map[string]map[string]any{"StringEquals": ownedResource, "StringLike": nodePoolResource}},
		statement{Sid: "PassNodeRole", Effect: "Allow", Action: []string{"iam:PassRole"}, Resource: nodeRoleARN,
			Condition: map[string]map[string]any{"StringEquals": {"iam:PassedToService": []string{"ec2.amazonaws.com", "ec2.amazonaws.com.cn"}}}},
		statement{Sid: "CreateInstanceProfiles", Effect: "Allow", Action: []string{"iam:CreateInstanceProfile"}, Resource: profile,
			Condition: map[string]map[string]any{
				"StringEquals": {"aws:RequestTag/" + owned: "owned", "aws:RequestTag/eks:eks-cluster-name": clusterName, "aws:RequestTag/" + regionTag: region},
				"StringLike":   {"aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*"},
			}},
		statement{Sid: "TagInstanceProfiles", Effect: "Allow", Action: []string{"iam:TagInstanceProfile"}, Resource: profile,
			Condition: map[string]map[string]any{
				"StringEquals": {
					"aws:ResourceTag/" + owned: "owned", "aws:ResourceTag/" + regionTag: region,
					"aws:RequestTag/" + owned: "owned", "aws:RequestTag/eks:eks-cluster-name": clusterName, "aws:RequestTag/" + regionTag: region,
				},
				"StringLike": {"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*"},
			}},
		statement{Sid: "ManageInstanceProfiles", Effect: "Allow",
			Action:   []string{"iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"},
			Resource: profile,
			Condition: map[string]map[string]any{
				"StringEquals": {"aws:ResourceTag/" + owned: "owned", "aws:ResourceTag/" + regionTag: region},
				"StringLike":   {"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*"},
			}},
		statement{Sid: "ReadInstanceProfiles", Effect: "Allow", Action: []string{"iam:GetInstanceProfile"}, Resource: profile},
		statement{Sid: "ListInstanceProfiles", Effect: "Allow", Action: []string{"iam:ListInstanceProfiles"}, Resource: "*"},
		statement{Sid: "DescribeCluster", Effect: "Allow", Action: []string{"eks:DescribeCluster"}, Resource: clusterARN},
		statement{Sid: "ReadInterruptionQueue", Effect: "Allow", Action: []string{"sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"}, Resource: queueARN},
		statement{Sid: "DescribeRegion", Effect: "Allow",
			Action: []string{
				"ec2:DescribeCapacityReservations", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus",
				"ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates",
				"ec2:DescribePlacementGroups", "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets",
			},
			Resource:  "*",
			Condition: map[string]map[string]any{"StringEquals": {"aws:RequestedRegion": region}}},
		statement{Sid: "ReadAMIParameters", Effect: "Allow", Action: []string{"ssm:GetParameter"},
			Resource: "arn:" + partition + ":ssm:" + region + "::parameter/aws/service/*"},
		statement{Sid: "ReadPrices", Effect: "Allow", Action: []string{"pricing:GetProducts"}, Resource: "*"},
	).String()
}

// arnPart is the i-th colon-separated field of an ARN (1: partition,
// 4: account).
func arnPart(arn string, i int) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) <= i {
		return ""
	}
	return parts[i]
}
