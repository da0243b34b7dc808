package aks

import (
	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newAdmins gives each cluster.admins group the Azure Kubernetes Service
// RBAC Cluster Admin role on the cluster: with Azure RBAC, Kubernetes
// authorization follows Azure role assignments.
func (b *builder) newAdmins(mc *containerservice.ManagedCluster) error {
	for _, group := range b.Cfg.Cluster.Admins {
		if _, err := authorization.NewRoleAssignment(b.Ctx, b.Name+"-admin-"+shortHash(group), &authorization.RoleAssignmentArgs{
			PrincipalId:      pulumi.String(group),
			PrincipalType:    pulumi.String("Group"),
			RoleDefinitionId: b.roleDefinition(roleAKSRBACClusterAdmin),
			Scope:            mc.ID().ToStringOutput(),
		}, b.Opts()...); err != nil {
			return err
		}
	}
	return nil
}
