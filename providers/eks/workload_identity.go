package eks

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// s3Location is the bucket and key prefix of an s3:// URI.
type s3Location struct{ bucket, prefix string }

func parseS3(uri string) (s3Location, error) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return s3Location{}, fmt.Errorf("%q is not an s3://bucket/prefix URI: EKS workloads get IAM roles for S3 only", uri)
	}
	return s3Location{bucket: u.Host, prefix: strings.Trim(u.Path, "/")}, nil
}

// s3ReadPolicy lets a role read exactly the given locations: GetObject on
// the prefix itself (a single object such as models/model.joblib) and on
// everything under it, and ListBucket of each bucket restricted to that
// prefix by the s3:prefix condition. A location without a prefix is the
// whole bucket.
func s3ReadPolicy(locs []s3Location) string {
	var st []statement
	for i, l := range locs {
		bucket := "arn:aws:s3:::" + l.bucket
		objects := []string{bucket + "/*"}
		list := statement{Sid: fmt.Sprintf("List%d", i), Effect: "Allow", Action: []string{"s3:ListBucket"}, Resource: bucket}
		if l.prefix != "" {
			objects = []string{bucket + "/" + l.prefix, bucket + "/" + l.prefix + "/*"}
			list.Condition = map[string]map[string]any{"StringLike": {"s3:prefix": []string{l.prefix, l.prefix + "/*"}}}
		}
		st = append(st,
			statement{Sid: fmt.Sprintf("Read%d", i), Effect: "Allow", Action: []string{"s3:GetObject"}, Resource: objects},
			list)
	}
	return document(st...).String()
}

// workloadIdentity is the Cluster's WorkloadIdentity hook on EKS: an IRSA
// role trusting exactly the workload's service account, with read access
// to its S3 locations only. It registers at the top level of the program
// (the platform calls it before the workload), never inside an apply; the
// policy's text depends only on the stack, so it is known at preview.
func (b *builder) workloadIdentity(oidc *iam.OpenIdConnectProvider) cluster.WorkloadIdentityFunc {
	return func(ctx *pulumi.Context, req cluster.IdentityRequest) (cluster.Identity, error) {
		var locs []s3Location
		for _, uri := range req.Read {
			l, err := parseS3(uri)
			if err != nil {
				return cluster.Identity{}, err
			}
			locs = append(locs, l)
		}
		name := b.Name + "-" + req.Name + "-reader"
		role, _, err := b.newIRSARole(name, oidc, req.Namespace, req.ServiceAccount, nil)
		if err != nil {
			return cluster.Identity{}, err
		}
		policy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
			Role:   role.Name,
			Policy: pulumi.String(s3ReadPolicy(locs)),
		}, b.Opts()...)
		if err != nil {
			return cluster.Identity{}, err
		}
		return cluster.Identity{
			Annotations: pulumi.StringMap{roleARNAnnotation: role.Arn},
			// A pod that starts before its policy is attached fails its
			// first download: the workload waits for both.
			Resources: []pulumi.Resource{role, policy},
		}, nil
	}
}

// validateIdentities refuses read locations EKS cannot grant: a workload
// that declares identity.read must name s3:// locations. A model.source on
// gs:// or az:// without an identity is left alone (a public bucket).
func validateIdentities(cfg *config.Config, add addFunc) {
	check := func(path string, id *config.Identity) {
		if id == nil {
			return
		}
		for i, uri := range id.Read {
			if _, err := parseS3(uri); err != nil {
				add(fmt.Sprintf("%s.identity.read[%d]", path, i), "%v", err)
			}
		}
	}
	for i := range cfg.Workloads.Inference {
		check(fmt.Sprintf("workloads.inference[%d]", i), cfg.Workloads.Inference[i].Identity)
	}
	for i := range cfg.Workloads.Training {
		check(fmt.Sprintf("workloads.training[%d]", i), cfg.Workloads.Training[i].Identity)
	}
}
