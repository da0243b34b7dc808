package eks

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// teamRoleRE is an IAM role ARN, the principal a team's members assume.
var teamRoleRE = regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$`)

// teamGroup is the Kubernetes group EKS presents a team role's sessions
// in (its access entry's kubernetesGroups). EKS refuses groups starting
// with system:, so mlkube's own prefix marks them.
func teamGroup(roleARN string) string { return "mlkube-" + adminSlug(roleARN) }

// teamRoles are the distinct IAM roles of every team's groups, in stack order.
func teamRoles(cfg *config.Config) []string {
	var out []string
	for _, t := range cfg.Workloads.Teams {
		for _, g := range t.Groups {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out
}

// newTeamAccess gives each team role an access entry that maps its
// sessions to the role's Kubernetes group; no access policy: the team's
// RoleBindings in its namespace are all it may do.
func (b *builder) newTeamAccess(cl *eks.Cluster) error {
	for _, arn := range teamRoles(b.Cfg) {
		if _, err := eks.NewAccessEntry(b.Ctx, b.Name+"-team-"+adminSlug(arn), &eks.AccessEntryArgs{
			ClusterName:      cl.Name,
			PrincipalArn:     pulumi.String(arn),
			Type:             pulumi.String(accessEntryStandard),
			KubernetesGroups: pulumi.StringArray{pulumi.String(teamGroup(arn))},
		}, b.Opts()...); err != nil {
			return err
		}
	}
	return nil
}

// validateTeams checks that teams' groups are IAM role ARNs, that two roles
// do not share the name their entry and group are derived from, and that
// no role is also an admin (a principal has one access entry).
func validateTeams(cfg *config.Config, add addFunc) {
	slugs := map[string]string{}
	for i, t := range cfg.Workloads.Teams {
		for j, g := range t.Groups {
			path := fmt.Sprintf("workloads.teams[%d].groups[%d]", i, j)
			switch s := adminSlug(g); {
			case !teamRoleRE.MatchString(g):
				add(path, "must be the ARN of the IAM role the team's members assume on EKS, such as arn:aws:iam::123456789012:role/ml-engineers, got %q", g)
			case slices.Contains(cfg.Cluster.Admins, g):
				add(path, "is also in cluster.admins: a role has one access entry, and an admin needs no team access")
			case slugs[s] != "" && slugs[s] != g:
				add(path, "ends in the same name %q as %s; its access entry and Kubernetes group are named after it", s, slugs[s])
			default:
				slugs[s] = g
			}
		}
	}
}
