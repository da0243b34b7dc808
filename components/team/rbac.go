package team

import (
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var (
	readVerbs  = []string{"get", "list", "watch"}
	writeVerbs = []string{"get", "list", "watch", "create", "update", "patch", "delete"}
)

// rule is one PolicyRule, kept plain for testing.
type rule struct {
	apiGroups, resources, verbs []string
}

// engineerRules are the ml-engineer Role's rules (see the package
// documentation): no secrets, no RBAC, no NetworkPolicy writes.
func engineerRules() []rule {
	return []rule{
		{[]string{""}, []string{"pods"}, []string{"get", "list", "watch", "delete"}},
		{[]string{""}, []string{"pods/log"}, readVerbs},
		{[]string{""}, []string{"pods/exec", "pods/portforward"}, []string{"get", "create"}},
		{[]string{""}, []string{"services", "configmaps", "persistentvolumeclaims"}, writeVerbs},
		{[]string{""}, []string{"events", "serviceaccounts", "resourcequotas", "limitranges"}, readVerbs},
		{[]string{"events.k8s.io"}, []string{"events"}, readVerbs},
		{[]string{"apps"}, []string{"deployments", "deployments/scale"}, writeVerbs},
		{[]string{"apps"}, []string{"replicasets"}, readVerbs},
		{[]string{"batch"}, []string{"jobs", "cronjobs"}, writeVerbs},
		{[]string{"autoscaling"}, []string{"horizontalpodautoscalers"}, writeVerbs},
		{[]string{"networking.k8s.io"}, []string{"ingresses"}, writeVerbs},
		{[]string{"networking.k8s.io"}, []string{"networkpolicies"}, readVerbs},
		{[]string{"policy"}, []string{"poddisruptionbudgets"}, readVerbs},
	}
}

func (b *builder) rbac() error {
	var rules rbacv1.PolicyRuleArray
	for _, r := range engineerRules() {
		rules = append(rules, rbacv1.PolicyRuleArgs{
			ApiGroups: pulumi.ToStringArray(r.apiGroups),
			Resources: pulumi.ToStringArray(r.resources),
			Verbs:     pulumi.ToStringArray(r.verbs),
		})
	}
	role, err := rbacv1.NewRole(b.ctx, b.name+"-role", &rbacv1.RoleArgs{
		Metadata: b.meta(roleName),
		Rules:    rules,
	}, b.parent)
	if err != nil {
		return err
	}
	for _, g := range b.a.Groups {
		slug := bindingSlug(g)
		_, err := rbacv1.NewRoleBinding(b.ctx, b.name+"-rolebinding-"+slug, &rbacv1.RoleBindingArgs{
			Metadata: b.meta(roleName + "-" + slug),
			RoleRef: &rbacv1.RoleRefArgs{
				ApiGroup: pulumi.String("rbac.authorization.k8s.io"),
				Kind:     pulumi.String("Role"),
				Name:     role.Metadata.Name().Elem(),
			},
			Subjects: rbacv1.SubjectArray{rbacv1.SubjectArgs{
				ApiGroup: pulumi.String("rbac.authorization.k8s.io"),
				Kind:     pulumi.String("Group"),
				Name:     pulumi.String(g),
			}},
		}, b.parent)
		if err != nil {
			return err
		}
	}
	return nil
}
