package kube

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// ChildOf is the option every child of a component takes: the component as
// parent, and the component's prerequisites as explicit dependencies,
// because Pulumi does not pass a component's DependsOn on to its children.
func ChildOf(parent pulumi.Resource, after []pulumi.Resource) pulumi.ResourceOption {
	if len(after) == 0 {
		return pulumi.Parent(parent)
	}
	return pulumi.Composite(pulumi.Parent(parent), pulumi.DependsOn(after))
}
