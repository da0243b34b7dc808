package gke

import (
	"github.com/mlkube/mlkube/internal/labels"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/projects"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// viewerRole lets an admin read the cluster's endpoint and CA (what
// `gcloud container clusters get-credentials` reads); what they may do
// inside the cluster is Kubernetes RBAC's, per cluster.
const viewerRole = "roles/container.clusterViewer"

// admin is one cluster.admins entry: user:alice@example.com or
// group:platform@example.com.
type admin struct{ kind, email string }

func parseAdmin(s string) admin {
	kind, email, _ := strings.Cut(s, ":")
	return admin{kind, email}
}

// slug names an admin's resources stably: kind and e-mail, lowercased,
// with '-' for anything but letters and digits.
func (a admin) slug() string {
	var b strings.Builder
	for _, r := range strings.ToLower(a.kind + "-" + a.email) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// subjectKind is the RBAC subject of an admin: GKE authenticates users by
// their e-mail, and groups through Google Groups for RBAC.
func (a admin) subjectKind() string {
	if a.kind == "group" {
		return "Group"
	}
	return "User"
}

// newAdmins gives each cluster.admins identity cluster-admin on this
// cluster only: IAM lets it read the cluster's connection details, and a
// ClusterRoleBinding gives it cluster-admin inside.
func (b *builder) newAdmins(k8s *kubernetes.Provider) error {
	for _, s := range b.Cfg.Cluster.Admins {
		a := parseAdmin(s)
		if _, err := projects.NewIAMMember(b.Ctx, b.Name+"-admin-"+a.slug(), &projects.IAMMemberArgs{
			Project: pulumi.String(b.opts.Project),
			Role:    pulumi.String(viewerRole),
			Member:  pulumi.String(s),
		}, b.Opts()...); err != nil {
			return err
		}
		if _, err := rbacv1.NewClusterRoleBinding(b.Ctx, b.Name+"-admin-"+a.slug(), &rbacv1.ClusterRoleBindingArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:   pulumi.String("mlkube-admin-" + a.slug()),
				Labels: pulumi.StringMap{labels.ManagedBy: pulumi.String(labels.ManagedByValue)},
			},
			RoleRef: &rbacv1.RoleRefArgs{
				ApiGroup: pulumi.String("rbac.authorization.k8s.io"),
				Kind:     pulumi.String("ClusterRole"),
				Name:     pulumi.String("cluster-admin"),
			},
			Subjects: rbacv1.SubjectArray{&rbacv1.SubjectArgs{
				ApiGroup: pulumi.String("rbac.authorization.k8s.io"),
				Kind:     pulumi.String(a.subjectKind()),
				Name:     pulumi.String(a.email),
			}},
		}, pulumi.Parent(b.Comp), pulumi.Provider(k8s)); err != nil {
			return err
		}
	}
	return nil
}
