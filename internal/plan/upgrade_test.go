package plan

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withKubernetesVersion is the stack with cluster.kubernetesVersion changed.
func withKubernetesVersion(t *testing.T, sf *config.StackFile, version string) *config.StackFile {
	t.Helper()
	var cl map[string]any
	require.NoError(t, json.Unmarshal([]byte(sf.Values["mlkube:cluster"]), &cl))
	cl["kubernetesVersion"] = version
	b, err := json.Marshal(cl)
	require.NoError(t, err)
	out := *sf
	out.Values = maps.Clone(sf.Values)
	out.Values["mlkube:cluster"] = string(b)
	return &out
}

func ofType(p *Plan, typ string) []*policy.Resource {
	var out []*policy.Resource
	for i := range p.Resources {
		if p.Resources[i].Type == typ && !p.Resources[i].Rendered {
			out = append(out, &p.Resources[i])
		}
	}
	return out
}

func releaseOf(p *Plan, chart string) *policy.Resource {
	for _, r := range ofType(p, "kubernetes:helm.sh/v3:Release") {
		if c, _ := r.Inputs["chart"].(string); c == chart || strings.HasSuffix(c, "/"+chart) {
			return r
		}
	}
	return nil
}

// A change of kubernetesVersion on EKS must upgrade the control plane
// first, then the node groups (kubelets may not be newer than the API
// server), then the cluster autoscaler, whose image follows the minor. The
// engine updates a resource only after everything it depends on, so the
// order is proved by the plan's dependencies: each node group carries the
// cluster's version and depends on the cluster; the autoscaler release
// depends on every node group.
func TestKubernetesUpgradeOrderOnEKS(t *testing.T) {
	for _, stack := range []string{"dev-eks", "prod-eks"} {
		t.Run(stack, func(t *testing.T) {
			sf, _ := stackFile(t, stack)
			for _, version := range []string{"1.35", "1.36"} {
				p, err := Build(withKubernetesVersion(t, sf, version))
				require.NoError(t, err)

				clusters := ofType(p, "aws:eks/cluster:Cluster")
				require.Len(t, clusters, 1)
				cl := clusters[0]
				assert.Equal(t, version, cl.Inputs["version"], "the control plane takes the new version")

				groups := ofType(p, "aws:eks/nodeGroup:NodeGroup")
				require.NotEmpty(t, groups)
				for _, ng := range groups {
					assert.Equal(t, version, ng.Inputs["version"], "node group %s follows the control plane", ng.Name)
					assert.Contains(t, ng.DependsOn, cl.URN, "node group %s waits for the control plane", ng.Name)
				}

				ca := releaseOf(p, "cluster-autoscaler")
				require.NotNil(t, ca, "the autoscaler is installed on EKS")
				for _, ng := range groups {
					assert.Contains(t, ca.DependsOn, ng.URN, "the autoscaler waits for node group %s", ng.Name)
				}
				values, _ := ca.Inputs["values"].(map[string]any)
				image, _ := values["image"].(map[string]any)
				tag, _ := image["tag"].(string)
				assert.True(t, strings.HasPrefix(tag, "v"+version+"."), "autoscaler image %q follows Kubernetes %s", tag, version)
			}
		})
	}
}

// onDay fixes the day the version calendars are read on.
func onDay(t *testing.T, day string) {
	t.Helper()
	t.Setenv(lifecycle.EnvToday, day)
}

func planAt(t *testing.T, stack, version string) *Plan {
	t.Helper()
	sf, _ := stackFile(t, stack)
	p, err := Build(withKubernetesVersion(t, sf, version))
	require.NoError(t, err)
	return p
}

// One minor up on EKS is an in-place update of the control plane, then of
// each node group, with the autoscaler's image following: nothing is
// replaced, and --fail-on destructive passes.
func TestUpgradeOneMinorInPlace(t *testing.T) {
	onDay(t, "2026-12-04")
	base, head := planAt(t, "prod-eks", "1.35"), planAt(t, "prod-eks", "1.36")
	d := Diff(base, head)
	assert.Zero(t, d.Destructive(), "%+v", d.Upgrade)
	assert.Empty(t, d.Upgrade)
	changedVersion := map[string]bool{}
	for _, rc := range d.Resources {
		assert.NotEqual(t, Replaced, rc.Kind, "%s %s is replaced by a minor upgrade: %+v", rc.Type, rc.Name, rc.Changes)
		assert.NotEqual(t, Deleted, rc.Kind, "%s %s", rc.Type, rc.Name)
		for _, c := range rc.Changes {
			if c.Path == "version" {
				assert.Equal(t, "1.35", c.Before)
				assert.Equal(t, "1.36", c.After)
				changedVersion[rc.Type] = true
			}
		}
	}
	assert.True(t, changedVersion["aws:eks/cluster:Cluster"], "the control plane's version changes")
	assert.True(t, changedVersion["aws:eks/nodeGroup:NodeGroup"], "the node groups' versions change")
	ca := releaseOf(head, "cluster-autoscaler")
	require.NotNil(t, ca)
	assert.True(t, slices.ContainsFunc(d.Resources, func(rc ResourceChange) bool {
		return rc.URN == ca.URN && slices.ContainsFunc(rc.Changes, func(c PropertyChange) bool { return c.Path == "values.image.tag" })
	}), "the autoscaler image follows the minor")
}

// Two minors at once, or a downgrade, is what the clouds refuse: the diff
// says so and counts it as destructive.
func TestUpgradeMoreThanOneMinorIsDestructive(t *testing.T) {
	onDay(t, "2026-12-04")
	for _, tc := range []struct{ from, to, want string }{
		{"1.34", "1.36", "goes from Kubernetes 1.34 to 1.36, 2 minors at once: managed clusters and kubeadm upgrade a control plane one minor at a time; apply 1.35 first"},
		{"1.36", "1.35", "goes from Kubernetes 1.36 down to 1.35: a control plane is never downgraded"},
	} {
		d := Diff(planAt(t, "prod-eks", tc.from), planAt(t, "prod-eks", tc.to))
		require.Len(t, d.Upgrade, 1, "%s -> %s", tc.from, tc.to)
		assert.Contains(t, d.Upgrade[0].Message, tc.want)
		assert.Positive(t, d.Destructive())
		var md strings.Builder
		d.WriteMarkdown(&md, "prod-eks")
		assert.Contains(t, md.String(), "Kubernetes upgrade refused", "the PR comment shows it")
	}
}

// A node group ahead of its control plane breaks the skew policy.
func TestNodePoolAheadOfControlPlane(t *testing.T) {
	onDay(t, "2026-12-04")
	p := planAt(t, "dev-eks", "1.36")
	head := *p
	head.Resources = slices.Clone(p.Resources)
	var pool string
	for i, r := range head.Resources {
		if r.Type == "aws:eks/nodeGroup:NodeGroup" && !r.Rendered {
			inputs := maps.Clone(r.Inputs)
			inputs["version"] = "1.37"
			head.Resources[i].Inputs = inputs
			pool = r.Name
			break
		}
	}
	require.NotEmpty(t, pool)
	d := Diff(p, &head)
	require.Len(t, d.Upgrade, 1)
	assert.Contains(t, d.Upgrade[0].Message, "node pool "+pool+" runs Kubernetes 1.37 beside a 1.36 control plane: kubelets may not be newer than the API server")
}

// A minor in EKS extended support plans, with a warning that names the
// dates and the fee, and the estimate carries the fee: $0.50 more per
// cluster hour is $365 more a month (730 hours).
func TestExtendedSupportOnEKS(t *testing.T) {
	onDay(t, "2026-12-04")
	old, cur := planAt(t, "dev-eks", "1.33"), planAt(t, "dev-eks", "1.36")
	var warned []string
	for _, f := range old.Findings {
		if f.Policy == PolicyVersion {
			assert.Equal(t, policy.SeverityWarning, f.Severity)
			assert.NotEmpty(t, f.URN)
			warned = append(warned, f.Message)
		}
	}
	require.Len(t, warned, 1)
	assert.Contains(t, warned[0], "Kubernetes 1.33 left EKS standard support on 2026-07-29")
	assert.Contains(t, warned[0], "+$365 a month")
	for _, f := range cur.Findings {
		assert.NotEqual(t, PolicyVersion, f.Policy, "1.36 is in standard support: %s", f.Message)
	}
	assert.InDelta(t, 365.0, old.Cost.MonthlyMin-cur.Cost.MonthlyMin, 0.001)
	assert.InDelta(t, 365.0, old.Cost.MonthlyMax-cur.Cost.MonthlyMax, 0.001)
}

// AKS does not create a cluster at a minor past its support: the stack is
// refused before anything runs, with the key path and the supported range.
func TestAKSRefusesUnsupportedMinor(t *testing.T) {
	onDay(t, "2026-12-04")
	sf, _ := stackFile(t, "dev-aks")
	_, err := Build(withKubernetesVersion(t, sf, "1.33"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cluster.kubernetesVersion: AKS no longer creates clusters at Kubernetes 1.33: its support ended on 2026-07-31 (supported: 1.35 to 1.36)")
}
