package eks

import (
	"encoding/json"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// IAM policies are built in Go from structs and encoding/json rather than
// with the getPolicyDocument invoke: no call to AWS at preview time, and
// the JSON is the same byte for byte on every run (map keys are sorted).

// policyDocument is an IAM policy or trust policy.
type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

// statement is one IAM policy statement. Resource is a string or a list.
type statement struct {
	Sid       string                    `json:"Sid,omitempty"`
	Effect    string                    `json:"Effect"`
	Principal map[string]string         `json:"Principal,omitempty"`
	Action    []string                  `json:"Action"`
	Resource  any                       `json:"Resource,omitempty"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

func (d policyDocument) String() string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // only strings, slices and maps of strings: cannot fail
	}
	return string(b)
}

func document(statements ...statement) policyDocument {
	return policyDocument{Version: "2012-10-17", Statement: statements}
}

// serviceTrust lets an AWS service (eks.amazonaws.com, ec2.amazonaws.com)
// assume a role.
func serviceTrust(service string) string {
	return document(statement{
		Effect:    "Allow",
		Principal: map[string]string{"Service": service},
		Action:    []string{"sts:AssumeRole"},
	}).String()
}

// serviceAccountSubject is the OIDC subject of a Kubernetes service account.
func serviceAccountSubject(namespace, name string) string {
	return "system:serviceaccount:" + namespace + ":" + name
}

// irsaTrust lets exactly one Kubernetes service account assume a role
// through the cluster's OIDC provider (IAM roles for service accounts). The
// condition keys are the issuer URL without its scheme.
func irsaTrust(providerArn, issuerURL, namespace, serviceAccount string) string {
	issuer := strings.TrimPrefix(issuerURL, "https://")
	return document(statement{
		Effect:    "Allow",
		Principal: map[string]string{"Federated": providerArn},
		Action:    []string{"sts:AssumeRoleWithWebIdentity"},
		Condition: map[string]map[string]any{"StringEquals": {
			issuer + ":sub": serviceAccountSubject(namespace, serviceAccount),
			issuer + ":aud": stsAudience,
		}},
	}).String()
}

// stsAudience is the audience of IRSA tokens and the OIDC provider's client.
const stsAudience = "sts.amazonaws.com"

// AWS managed policies the roles attach. They are maintained by AWS as the
// services they cover grow, which hand-written copies would not be.
const (
	policyEKSCluster    = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
	policyWorkerNode    = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
	policyCNI           = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
	policyECRReadOnly   = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
	policyEBSCSIDriver  = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
	policyEFSCSIDriver  = "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"
	policyClusterAdmin  = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
	accessScopeCluster  = "cluster"
	accessEntryStandard = "STANDARD"
)

// attachment is a managed policy attached to a role, with the word that
// ends its logical name.
type attachment struct {
	suffix string
	arn    string
}

// nodePolicies are what a node needs to join the cluster, run the VPC CNI
// and pull images from ECR. Nothing else: pods get their own roles (IRSA)
// and cannot reach the node's role because IMDS allows one hop only.
var nodePolicies = []attachment{
	{"worker", policyWorkerNode},
	{"cni", policyCNI},
	{"ecr", policyECRReadOnly},
}

// newRole creates a role with its managed policy attachments. The returned
// resources are the attachments: whatever uses the role must wait for them,
// or it may start before the role can do anything (and be deleted after).
func (b *builder) newRole(name, prefix string, trust pulumi.StringInput, policies []attachment, opts ...pulumi.ResourceOption) (*iam.Role, []pulumi.Resource, error) {
	role, err := iam.NewRole(b.Ctx, name, &iam.RoleArgs{
		NamePrefix:       pulumi.String(namePrefix(prefix, iamRolePrefixMax)),
		AssumeRolePolicy: trust,
	}, b.Opts(opts...)...)
	if err != nil {
		return nil, nil, err
	}
	var attached []pulumi.Resource
	for _, p := range policies {
		a, err := iam.NewRolePolicyAttachment(b.Ctx, name+"-"+p.suffix, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(p.arn),
		}, b.Opts()...)
		if err != nil {
			return nil, nil, err
		}
		attached = append(attached, a)
	}
	return role, attached, nil
}
