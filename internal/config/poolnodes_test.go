package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdoptedPoolBySelectorKeepsNodesAsTheyAre(t *testing.T) {
	c, err := Parse("mlkube", "test", with("nodePools",
		`[{"name": "system", "max": 1, "nodeSelector": {"kubernetes.io/os": "linux"}}]`))
	require.NoError(t, err)
	p := c.NodePools[0]
	assert.Equal(t, map[string]string{"kubernetes.io/os": "linux"}, p.Selector(), "pods select the labels the nodes already carry")
	assert.Equal(t, map[string]string{"kubernetes.io/os": "linux"}, p.Labels, "no mlkube label is expected on nodes nobody labels")
}

func TestAdoptedPoolByNodeNames(t *testing.T) {
	c, err := Parse("mlkube", "test", with("nodePools",
		`[{"name": "cpu", "nodes": ["kind-worker", "kind-worker2"]}]`))
	require.NoError(t, err)
	p := c.NodePools[0]
	assert.Equal(t, map[string]string{"mlkube.io/pool": "cpu"}, p.Selector())
	assert.Equal(t, "cpu", p.Labels["mlkube.io/pool"], "mlkube labels the named nodes")
	assert.Equal(t, 2, p.Min)
	assert.Equal(t, 2, p.Max, "the pool's size is its node list")
}

func TestPoolNodesProblems(t *testing.T) {
	eks := `{"provider": "eks", "name": "c", "region": "us-east-1"}`
	cases := []struct {
		name  string
		kv    []string
		wants []string
	}{
		{"adopted pool says nothing", []string{"nodePools", `[{"name": "cpu", "max": 1}]`},
			[]string{"nodePools[0]: an adopted cluster's pool must say which nodes it is: nodeSelector"}},
		{"both", []string{"nodePools", `[{"name": "cpu", "max": 1, "nodes": ["a"], "nodeSelector": {"k": "v"}}]`},
			[]string{"nodePools[0].nodes: give either nodeSelector or nodes, not both"}},
		{"node in two pools", []string{"nodePools", `[{"name": "a", "nodes": ["n1"]}, {"name": "b", "nodes": ["n1"]}]`},
			[]string{`nodePools[1].nodes[0]: node "n1" is already in pool "a"`}},
		{"bad node name", []string{"nodePools", `[{"name": "a", "nodes": ["Not_A_Node"]}]`},
			[]string{"nodePools[0].nodes[0]: is not a valid node name"}},
		{"bad selector", []string{"nodePools", `[{"name": "a", "max": 1, "nodeSelector": {"bad key!": "v"}}]`},
			[]string{"nodePools[0].nodeSelector.bad key!: is not a valid label key"}},
		{"max differs from the node list", []string{"nodePools", `[{"name": "a", "max": 3, "nodes": ["n1"]}]`},
			[]string{"nodePools[0].max: must be the number of nodes listed (1) or left out, got 3"}},
		{"sharing needs labelled nodes", []string{"nodePools", `[{"name": "c", "max": 1, "nodeSelector": {"k": "v"}}, {"name": "g", "max": 1, "nodeSelector": {"gpu": "yes"}, "gpu": {"model": "t4", "count": 1, "sharing": {"timeSlicing": 2}}}]`},
			[]string{"nodePools[1].gpu.sharing: needs the pool's nodes labelled for the GPU operator"}},
		{"selector on a created cluster", []string{"cluster", eks, "nodePools", `[{"name": "cpu", "machineType": "m6i.xlarge", "max": 1, "nodeSelector": {"k": "v"}, "nodes": ["n"]}]`},
			[]string{"nodePools[0].nodeSelector: is only for adopted clusters", "nodePools[0].nodes: is only for adopted clusters"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := problems(t, with(c.kv...))
			for _, want := range c.wants {
				assert.True(t, containsPrefix(got, want), "want a problem starting %q, got:\n%v", want, got)
			}
		})
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}
