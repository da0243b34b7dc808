package eks

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// controlPlaneLogs are the control-plane log types sent to CloudWatch:
// API requests, the audit trail, and who authenticated as whom.
var controlPlaneLogs = []string{"api", "audit", "authenticator"}

// oidcThumbprint is the SHA-1 thumbprint of the root CA of the EKS OIDC
// issuers (oidc.eks.<region>.amazonaws.com), as AWS and eksctl document it.
// Since 2023 IAM trusts the issuers' certificates through its own CA
// library and ignores this value for EKS, but the API still requires one;
// a fixed value keeps the plan free of a TLS fetch at preview time.
const oidcThumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"

// authenticationMode API: access comes from EKS access entries only; the
// aws-auth ConfigMap, which anyone with write access to kube-system could
// edit to become admin, is not read.
const authenticationMode = "API"

// endpointConfig is the API endpoint part of the cluster's VPC config. The
// private endpoint is always on (nodes reach the API inside the VPC); the
// public one only when asked for, and then only from the listed CIDRs.
func endpointConfig(ep config.Endpoint, subnets pulumi.StringArrayInput) *eks.ClusterVpcConfigArgs {
	vc := &eks.ClusterVpcConfigArgs{
		SubnetIds:             subnets,
		EndpointPrivateAccess: pulumi.Bool(true),
		EndpointPublicAccess:  pulumi.Bool(ep.Public),
	}
	if ep.Public {
		vc.PublicAccessCidrs = pulumi.ToStringArray(ep.PublicCIDRs)
	}
	return vc
}

// newSecretsKey is the KMS key that envelope-encrypts Kubernetes Secrets in
// etcd. Rotation is on; a deleted key waits 30 days (the maximum) before it
// is gone, since a cluster whose key is gone cannot read its Secrets.
func (b *builder) newSecretsKey() (*kms.Key, error) {
	key, err := kms.NewKey(b.Ctx, b.Name+"-secrets", &kms.KeyArgs{
		Description:          pulumi.String("Envelope encryption of Kubernetes Secrets of EKS cluster " + b.Name),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
	}, b.Opts(pulumi.Protect(b.Cfg.Production()))...)
	if err != nil {
		return nil, err
	}
	if _, err := kms.NewAlias(b.Ctx, b.Name+"-secrets", &kms.AliasArgs{
		Name:        pulumi.String("alias/" + b.Name + "-eks-secrets"),
		TargetKeyId: key.KeyId,
	}, b.Opts()...); err != nil {
		return nil, err
	}
	return key, nil
}

// newCluster creates the control plane. It waits for its role's policy but
// for nothing else of the stack beyond its subnets and key, so it starts
// as early as possible: it is the longest step of the whole stack.
func (b *builder) newCluster(nw *network, key *kms.Key) (*eks.Cluster, error) {
	role, attached, err := b.newRole(b.Name+"-cluster", b.Name+"-cluster", pulumi.String(serviceTrust("eks.amazonaws.com")),
		[]attachment{{"eks", policyEKSCluster}})
	if err != nil {
		return nil, err
	}
	c := b.Cfg.Cluster
	return eks.NewCluster(b.Ctx, b.Name, &eks.ClusterArgs{
		Name:      pulumi.String(b.Name),
		Version:   pulumi.String(c.KubernetesVersion),
		RoleArn:   role.Arn,
		VpcConfig: endpointConfig(c.Endpoint, ids(nw.private)),
		EncryptionConfig: &eks.ClusterEncryptionConfigArgs{
			Resources: pulumi.StringArray{pulumi.String("secrets")},
			Provider:  &eks.ClusterEncryptionConfigProviderArgs{KeyArn: key.Arn},
		},
		EnabledClusterLogTypes: pulumi.ToStringArray(controlPlaneLogs),
		AccessConfig: &eks.ClusterAccessConfigArgs{
			AuthenticationMode: pulumi.String(authenticationMode),
			// Whoever runs `pulumi up` stays admin, so the same run can
			// install the addons; the named admins get their own entries.
			BootstrapClusterCreatorAdminPermissions: pulumi.Bool(true),
		},
	}, b.Opts(pulumi.DependsOn(attached), pulumi.Protect(b.Cfg.Production()))...)
}

// newAdmins gives each cluster.admins ARN an access entry with the EKS
// cluster-admin access policy, cluster-wide.
func (b *builder) newAdmins(cl *eks.Cluster) error {
	for _, arn := range b.Cfg.Cluster.Admins {
		name := b.Name + "-admin-" + adminSlug(arn)
		entry, err := eks.NewAccessEntry(b.Ctx, name, &eks.AccessEntryArgs{
			ClusterName:  cl.Name,
			PrincipalArn: pulumi.String(arn),
			Type:         pulumi.String(accessEntryStandard),
		}, b.Opts()...)
		if err != nil {
			return err
		}
		if _, err := eks.NewAccessPolicyAssociation(b.Ctx, name, &eks.AccessPolicyAssociationArgs{
			ClusterName:  cl.Name,
			PrincipalArn: entry.PrincipalArn, // waits for the entry
			PolicyArn:    pulumi.String(policyClusterAdmin),
			AccessScope:  &eks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String(accessScopeCluster)},
		}, b.Opts()...); err != nil {
			return err
		}
	}
	return nil
}

// oidcIssuer is the cluster's OIDC issuer URL (https://oidc.eks...).
func oidcIssuer(cl *eks.Cluster) pulumi.StringOutput {
	return cl.Identities.Index(pulumi.Int(0)).Oidcs().Index(pulumi.Int(0)).Issuer().Elem()
}

// newOIDCProvider registers the cluster's OIDC issuer with IAM, so that
// service accounts can assume IAM roles (IRSA). It depends on the cluster
// alone, so it is created while the node groups come up.
func (b *builder) newOIDCProvider(cl *eks.Cluster) (*iam.OpenIdConnectProvider, error) {
	return iam.NewOpenIdConnectProvider(b.Ctx, b.Name+"-oidc", &iam.OpenIdConnectProviderArgs{
		Url:             oidcIssuer(cl),
		ClientIdLists:   pulumi.StringArray{pulumi.String(stsAudience)},
		ThumbprintLists: pulumi.StringArray{pulumi.String(oidcThumbprint)},
	}, b.Opts()...)
}
