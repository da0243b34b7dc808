package gke

import (
	"fmt"
	"net/mail"
	"slices"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/projects"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A team's groups on GKE are Google Groups, named by their e-mail: with
// Google Groups for RBAC (cluster.gke.securityGroup, which must contain
// them) GKE passes a member's groups to RBAC under those e-mails, so the
// team's RoleBindings name them as they are.

// teamGroups are the distinct groups of every team, in stack order.
func teamGroups(cfg *config.Config) []string {
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

// newTeamAccess lets each team group read the cluster's connection
// details (what get-credentials reads); inside the cluster, the team's
// RoleBindings decide.
func (b *builder) newTeamAccess() error {
	for _, g := range teamGroups(b.Cfg) {
		a := admin{kind: "group", email: g}
		if _, err := projects.NewIAMMember(b.Ctx, b.Name+"-team-"+a.slug(), &projects.IAMMemberArgs{
			Project: pulumi.String(b.opts.Project),
			Role:    pulumi.String(viewerRole),
			Member:  pulumi.String("group:" + g),
		}, b.Opts()...); err != nil {
			return err
		}
	}
	return nil
}

// validateTeams checks that teams' groups are Google Group e-mails, that
// Google Groups for RBAC is on, and that no group is also an admin (two
// grants of one role to one member would remove each other on delete).
func validateTeams(p *config.Problems, cfg *config.Config, o Options, securityGroupPath string) {
	grouped := false
	for i, t := range cfg.Workloads.Teams {
		for j, g := range t.Groups {
			path := fmt.Sprintf("workloads.teams[%d].groups[%d]", i, j)
			grouped = true
			if addr, err := mail.ParseAddress(g); err != nil || addr.Address != g {
				p.Add(path, "must be the e-mail of a Google Group such as ml-engineers@example.com, got %q", g)
				continue
			}
			if slices.Contains(cfg.Cluster.Admins, "group:"+g) {
				p.Add(path, "is also in cluster.admins (group:%s): an admin needs no team access", g)
			}
		}
	}
	if grouped && o.SecurityGroup == "" {
		p.Add(securityGroupPath, "is required when teams have groups: GKE passes groups to RBAC only with Google Groups for RBAC (gke-security-groups@<your domain>, with the teams' groups as members)")
	}
}
