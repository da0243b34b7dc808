package aks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A team's groups on AKS are Entra ID group object IDs: AKS-managed Entra
// integration puts a member's group object IDs in the token, so the
// team's RoleBindings name them as they are.

// roleAKSClusterUser lets a principal fetch the cluster's user kubeconfig
// (listClusterUserCredential); what it may do inside is RBAC's (built-in
// role "Azure Kubernetes Service Cluster User Role"; azure-rbac-catalog.org,
// read 2026-12-04).
const roleAKSClusterUser = "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"

// teamGroups are the distinct groups of every team, in stack order.
func teamGroups(cfg *config.Config) []string {
	var out []string
	for _, t := range cfg.Workloads.Teams {
		for _, g := range t.Groups {
			if !slices.Contains(out, strings.ToLower(g)) {
				out = append(out, strings.ToLower(g))
			}
		}
	}
	return out
}

// teamGroup is the RBAC group of an Entra group: its object ID, in the
// lowercase the token carries.
func teamGroup(objectID string) string { return strings.ToLower(objectID) }

// newTeamAccess lets each team group fetch a kubeconfig of the cluster.
func (b *builder) newTeamAccess(mc *containerservice.ManagedCluster) error {
	for _, g := range teamGroups(b.Cfg) {
		if _, err := authorization.NewRoleAssignment(b.Ctx, b.Name+"-team-"+shortHash(g), &authorization.RoleAssignmentArgs{
			PrincipalId:      pulumi.String(g),
			PrincipalType:    pulumi.String("Group"),
			RoleDefinitionId: b.roleDefinition(roleAKSClusterUser),
			Scope:            mc.ID().ToStringOutput(),
		}, b.Opts()...); err != nil {
			return err
		}
	}
	return nil
}

// validateTeams checks that teams' groups are Entra group object IDs.
func validateTeams(p *config.Problems, cfg *config.Config) {
	for i, t := range cfg.Workloads.Teams {
		for j, g := range t.Groups {
			if !guidRE.MatchString(g) {
				p.Add(fmt.Sprintf("workloads.teams[%d].groups[%d]", i, j), "must be the object ID (a GUID) of an Entra ID group, as AKS puts groups in tokens, got %q", g)
			}
		}
	}
}
