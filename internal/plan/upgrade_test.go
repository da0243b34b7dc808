package plan

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
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
			for _, version := range []string{"1.33", "1.34"} {
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
