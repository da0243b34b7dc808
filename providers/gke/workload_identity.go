package gke

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/serviceaccount"
	gcs "github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/storage"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Workload Identity on GKE: a Kubernetes service account annotated with a
// Google service account acts as it once that account lets the pool's
// member for NS/KSA impersonate it (cloud.google.com/kubernetes-engine/docs/how-to/workload-identity,
// read 2026-12-04).
const (
	roleObjectViewer         = "roles/storage.objectViewer"
	roleWorkloadIdentityUser = "roles/iam.workloadIdentityUser"
	gsaAnnotation            = "iam.gke.io/gcp-service-account"
	readerAccountTail        = "-reader"
)

// workloadMember is the principal of one Kubernetes service account in
// the project's workload identity pool.
func workloadMember(project, namespace, serviceAccount string) string {
	return fmt.Sprintf("serviceAccount:%s.svc.id.goog[%s/%s]", project, namespace, serviceAccount)
}

// gcsBucket is one bucket a workload reads, and the prefixes it reads in
// it; no prefixes is the whole bucket.
type gcsBucket struct {
	name     string
	prefixes []string
}

// parseGCS is a gs:// URI's bucket and prefix (without surrounding '/').
func parseGCS(uri string) (bucket, prefix string, ok bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "gs" || u.Host == "" {
		return "", "", false
	}
	return u.Host, strings.Trim(u.Path, "/"), true
}

// gcsBuckets groups the gs:// locations by bucket, sorted by name. Other
// schemes are skipped: Validate refuses them in identity.read, and a
// model.source elsewhere is read without a Google identity.
func gcsBuckets(uris []string) []gcsBucket {
	byName := map[string]*gcsBucket{}
	whole := map[string]bool{}
	for _, uri := range uris {
		bucket, prefix, ok := parseGCS(uri)
		if !ok {
			continue
		}
		b := byName[bucket]
		if b == nil {
			b = &gcsBucket{name: bucket}
			byName[bucket] = b
		}
		if prefix == "" {
			whole[bucket] = true
		} else if !slices.Contains(b.prefixes, prefix) {
			b.prefixes = append(b.prefixes, prefix)
		}
	}
	out := make([]gcsBucket, 0, len(byName))
	for name, b := range byName {
		if whole[name] {
			b.prefixes = nil
		}
		sort.Strings(b.prefixes)
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// readCondition is the IAM condition that limits objectViewer on a bucket
// to the prefixes: reading the object named by a prefix or anything under
// it, and listing the bucket with a list prefix inside one of them.
// Objects are named projects/_/buckets/B/objects/O in conditions; a list
// request is checked on the bucket and carries its prefix as the API
// attribute storage.googleapis.com/objectListPrefix
// (cloud.google.com/iam/docs/conditions-resource-attributes and
// conditions-attribute-reference, read 2026-12-04). "" for a whole bucket.
func readCondition(b gcsBucket) string {
	if len(b.prefixes) == 0 {
		return ""
	}
	objects := "projects/_/buckets/" + b.name + "/objects/"
	var read, list []string
	for _, p := range b.prefixes {
		read = append(read, fmt.Sprintf("resource.name == %q", objects+p), fmt.Sprintf("resource.name.startsWith(%q)", objects+p+"/"))
		list = append(list, fmt.Sprintf("api.getAttribute(\"storage.googleapis.com/objectListPrefix\", \"\") == %q", p),
			fmt.Sprintf("api.getAttribute(\"storage.googleapis.com/objectListPrefix\", \"\").startsWith(%q)", p+"/"))
	}
	return fmt.Sprintf("%s || (resource.type == \"storage.googleapis.com/Bucket\" && (%s))",
		strings.Join(read, " || "), strings.Join(list, " || "))
}

// workloadIdentity is the Cluster's WorkloadIdentity hook on GKE: a Google
// service account per workload, which only the workload's Kubernetes
// service account may impersonate, with objectViewer on each bucket it
// reads, limited to its prefixes. Everything registers at the top level
// and its inputs depend only on the stack, so previews show it. The pool
// PROJECT.svc.id.goog exists once a cluster of the project enables
// Workload Identity: the binding to its member waits for the cluster.
func (b *builder) workloadIdentity(cl pulumi.Resource) cluster.WorkloadIdentityFunc {
	return func(ctx *pulumi.Context, req cluster.IdentityRequest) (cluster.Identity, error) {
		buckets := gcsBuckets(req.Read)
		if len(buckets) == 0 {
			return cluster.Identity{}, nil
		}
		name := b.Name + "-" + req.Name + readerAccountTail
		sa, err := serviceaccount.NewAccount(ctx, name, &serviceaccount.AccountArgs{
			AccountId:   pulumi.String(accountID(b.Name+"-"+req.Name, readerAccountTail)),
			DisplayName: pulumi.String(fmt.Sprintf("%s/%s on GKE cluster %s", req.Namespace, req.ServiceAccount, b.Name)),
			Description: pulumi.String("Reads " + strings.Join(req.Read, ", ") + " for Kubernetes service account " + req.Namespace + "/" + req.ServiceAccount),
		}, b.Opts()...)
		if err != nil {
			return cluster.Identity{}, err
		}
		trust, err := serviceaccount.NewIAMMember(ctx, name+"-workload-identity", &serviceaccount.IAMMemberArgs{
			ServiceAccountId: sa.Name,
			Role:             pulumi.String(roleWorkloadIdentityUser),
			Member:           pulumi.String(workloadMember(b.opts.Project, req.Namespace, req.ServiceAccount)),
		}, b.Opts(pulumi.DependsOn([]pulumi.Resource{cl}))...)
		if err != nil {
			return cluster.Identity{}, err
		}
		deps := []pulumi.Resource{sa, trust}
		for _, bucket := range buckets {
			args := &gcs.BucketIAMMemberArgs{
				Bucket: pulumi.String(bucket.name),
				Role:   pulumi.String(roleObjectViewer),
				Member: sa.Member,
			}
			if cond := readCondition(bucket); cond != "" {
				args.Condition = &gcs.BucketIAMMemberConditionArgs{
					Title:       pulumi.String("mlkube-" + req.Name + "-prefixes"),
					Description: pulumi.String("Only " + strings.Join(bucket.prefixes, ", ")),
					Expression:  pulumi.String(cond),
				}
			}
			grant, err := gcs.NewBucketIAMMember(ctx, name+"-"+bucket.name, args, b.Opts()...)
			if err != nil {
				return cluster.Identity{}, err
			}
			deps = append(deps, grant)
		}
		return cluster.Identity{
			Annotations: pulumi.StringMap{gsaAnnotation: sa.Email},
			// A pod that starts before its grants exist fails its first
			// download: the workload waits for all of them.
			Resources: deps,
		}, nil
	}
}

// validateIdentities refuses read locations GKE cannot grant: a workload
// that declares identity.read must name gs:// locations.
func validateIdentities(p *config.Problems, cfg *config.Config) {
	check := func(path string, id *config.Identity) {
		if id == nil {
			return
		}
		for i, uri := range id.Read {
			if _, _, ok := parseGCS(uri); !ok {
				p.Add(fmt.Sprintf("%s.identity.read[%d]", path, i), "%q is not a gs://bucket/prefix URI: GKE workloads get Google service accounts for Cloud Storage only", uri)
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
