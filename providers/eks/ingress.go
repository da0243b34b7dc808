package eks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The AWS Load Balancer Controller serves Ingress objects with one
// Application Load Balancer per cluster (an IngressGroup), so services that
// share a host under different paths share an address. Its chart is pinned
// in addons/versions under this name.
const (
	lbControllerChart          = "aws-load-balancer-controller"
	lbControllerServiceAccount = "aws-load-balancer-controller"
	lbControllerClass          = "alb"
)

// wantsLBController: the stack serves ingress and did not ask for
// ingress-nginx instead.
func wantsLBController(cfg *config.Config) bool {
	return cfg.Addons.Ingress.Wanted(cfg.Workloads) && cfg.Addons.Ingress.Controller != config.IngressNginx
}

// lbController is the contract's description of the controller. Targets are
// pod IPs (no extra node-port hop), so its load balancers reach pods from
// inside the VPC.
func lbController(name, region, vpcCIDR string) *cluster.IngressController {
	c := &cluster.IngressController{
		Chart:          lbControllerChart,
		Namespace:      systemNamespace,
		ServiceAccount: lbControllerServiceAccount,
		Class:          lbControllerClass,
		Values: map[string]any{
			"clusterName": name,
			"region":      region,
			// Services of type LoadBalancer stay with the in-tree
			// controller; this one serves Ingress objects only.
			"enableServiceMutatorWebhook": false,
			"enableShield":                false,
			"enableWaf":                   false,
			"enableWafv2":                 false,
		},
		Annotations: map[string]string{
			"alb.ingress.kubernetes.io/group.name":  name,
			"alb.ingress.kubernetes.io/scheme":      "internet-facing",
			"alb.ingress.kubernetes.io/target-type": "ip",
		},
		PodLabels:   map[string]string{"app.kubernetes.io/name": lbControllerChart},
		MetricsPort: "metrics-server",
	}
	if vpcCIDR != "" {
		c.PeerCIDRs = []string{vpcCIDR}
	}
	return c
}

// lbControllerPolicy is what the controller needs to run load balancers
// for this cluster's Ingresses: read the network, create tagged load
// balancers, target groups and security groups, and change or delete only
// those it tagged as its own (elbv2.k8s.aws/cluster). WAF and Shield are
// off in its values, so they are not granted.
func lbControllerPolicy() string {
	owned := map[string]map[string]any{"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}}
	creating := map[string]map[string]any{"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}}
	return document(
		statement{
			Sid: "ServiceLinkedRole", Effect: "Allow",
			Action: []string{"iam:CreateServiceLinkedRole"}, Resource: "*",
			Condition: map[string]map[string]any{"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}},
		},
		statement{
			Sid: "Describe", Effect: "Allow", Resource: "*",
			Action: []string{
				"ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones",
				"ec2:DescribeInternetGateways", "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections",
				"ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
				"ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:DescribeCoipPools",
				"ec2:GetCoipPoolUsage", "ec2:GetSecurityGroupsForVpc",
				"elasticloadbalancing:Describe*",
				"acm:ListCertificates", "acm:DescribeCertificate",
				"iam:ListServerCertificates", "iam:GetServerCertificate",
				"cognito-idp:DescribeUserPoolClient",
			},
		},
		statement{
			Sid: "SecurityGroups", Effect: "Allow", Resource: "*",
			Action: []string{"ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"},
		},
		statement{
			Sid: "TagOnCreate", Effect: "Allow", Resource: "arn:aws:ec2:*:*:security-group/*",
			Action:    []string{"ec2:CreateTags"},
			Condition: map[string]map[string]any{"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"}, "Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}},
		},
		statement{
			Sid: "OwnSecurityGroups", Effect: "Allow", Resource: "*",
			Action:    []string{"ec2:CreateTags", "ec2:DeleteTags", "ec2:DeleteSecurityGroup"},
			Condition: owned,
		},
		statement{
			Sid: "CreateLoadBalancers", Effect: "Allow", Resource: "*",
			Action:    []string{"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:AddTags"},
			Condition: creating,
		},
		statement{
			Sid: "Listeners", Effect: "Allow", Resource: "*",
			Action: []string{
				"elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
				"elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
				"elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule",
				"elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
				"elasticloadbalancing:SetWebAcl",
			},
		},
		statement{
			Sid: "OwnLoadBalancers", Effect: "Allow", Resource: "*",
			Action: []string{
				"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
				"elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType",
				"elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
				"elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
				"elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
			},
			Condition: owned,
		},
		statement{
			Sid: "Targets", Effect: "Allow", Resource: "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
			Action: []string{"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"},
		},
	).String()
}

// newLBControllerRole is the IRSA role of the controller's service account.
func (b *builder) newLBControllerRole(oidc *iam.OpenIdConnectProvider) (*iam.Role, error) {
	name := b.Name + "-lb-controller"
	role, _, err := b.newIRSARole(name, oidc, systemNamespace, lbControllerServiceAccount, nil)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(b.Ctx, name, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: pulumi.String(lbControllerPolicy()),
	}, b.Opts()...); err != nil {
		return nil, err
	}
	return role, nil
}

// newIngressController gives the AWS Load Balancer Controller its IRSA
// role (its annotation goes to sa) when the stack's services want it, and
// says how the ingress addon installs it; nil when none is wanted.
func (b *builder) newIngressController(cp *controlPlane, sa map[string]pulumi.StringMapInput) (*cluster.IngressController, error) {
	if !wantsLBController(b.Cfg) {
		return nil, nil
	}
	role, err := b.newLBControllerRole(cp.oidc)
	if err != nil {
		return nil, err
	}
	sa[cluster.AddonIngress] = pulumi.StringMap{roleARNAnnotation: role.Arn}
	// The VPC's ID exists only once the network does: the one value
	// Describe cannot know.
	c := lbController(b.Name, b.Cfg.Cluster.Region, b.Cfg.Cluster.Network.CIDR)
	c.Values["vpcId"] = cp.network.vpcID
	return c, nil
}
