package cluster

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// IdentityRequest asks for a cloud identity for one workload's pods.
type IdentityRequest struct {
	// Name is unique in the stack (<team>-<workload>); providers build the
	// logical names of what they create from it, so it must stay stable.
	Name string
	// Namespace and ServiceAccount are exactly those of the workload's
	// pods: the identity must trust this one service account and no other.
	Namespace, ServiceAccount string
	// Read are object storage URIs (s3://bucket/prefix, gs://..., az://...)
	// the workload may list and read, and nothing else.
	Read []string
}

// Identity is what the workload's objects need to use the identity.
type Identity struct {
	// Annotations go on the ServiceAccount (eks.amazonaws.com/role-arn,
	// iam.gke.io/gcp-service-account, azure.workload.identity/client-id).
	Annotations pulumi.StringMapInput
	// PodLabels go on the pods (AKS's azure.workload.identity/use: "true").
	PodLabels map[string]string
	// Resources are what must exist before a pod starts (the role and its
	// policy): the workload's objects wait for them.
	Resources []pulumi.Resource
}

// WorkloadIdentityFunc creates, at the top level of the program (never
// inside an apply), the cloud identity of one workload. A provider returns
// a config.Errors-style error for URIs it cannot grant (a gs:// bucket on
// EKS), though its Validate should have refused them already.
//
// EKS fills it with IRSA: an IAM role whose trust policy names the
// cluster's OIDC provider and exactly system:serviceaccount:NS:SA, with an
// inline policy allowing s3:GetObject under each prefix and s3:ListBucket
// of each bucket for that prefix only. GKE would create a Google service
// account with roles/storage.objectViewer on the bucket (an IAM condition
// on the prefix) and a roles/iam.workloadIdentityUser binding for
// PROJECT.svc.id.goog[NS/SA]; AKS a user-assigned identity with a
// federated credential for the cluster's OIDC issuer and NS/SA, and
// Storage Blob Data Reader on the container.
type WorkloadIdentityFunc func(ctx *pulumi.Context, req IdentityRequest) (Identity, error)
