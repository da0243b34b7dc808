package kit

import (
	"errors"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

func TestPools(t *testing.T) {
	spot := config.Taint{Key: "spot", Value: "true", Effect: "NoSchedule"}
	in := []config.NodePool{
		{Name: "cpu", Labels: map[string]string{"team": "a"}},
		{Name: "gpu", Labels: map[string]string{"accel": "stack"}, GPU: &config.GPU{Model: "t4", Count: 1}, Taints: []config.Taint{spot}},
	}
	extras := func(p config.NodePool) (map[string]string, []config.Taint, error) {
		if !p.IsGPU() {
			return nil, []config.Taint{spot}, nil
		}
		return map[string]string{"accel": "cloud-" + p.GPU.Model}, []config.Taint{spot}, nil
	}
	out, err := Pools(in, extras)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"team": "a"}, out[0].Labels)
	assert.Equal(t, []config.Taint{spot}, out[0].Taints, "a missing taint is added")
	assert.Equal(t, map[string]string{"accel": "cloud-t4"}, out[1].Labels, "the cloud's label wins")
	assert.Equal(t, []config.Taint{spot}, out[1].Taints, "a taint the pool has is not added twice")

	out[0].Labels["x"] = "y"
	out[1].Taints[0].Value = "changed"
	assert.NotContains(t, in[0].Labels, "x", "labels are copied")
	assert.Equal(t, "true", in[1].Taints[0].Value, "taints are copied")

	_, err = Pools(in, GPULabels(func(string) (map[string]string, error) { return nil, errors.New("unknown model") }))
	assert.ErrorContains(t, err, "unknown model")
}

func TestExecKubeconfig(t *testing.T) {
	var doc struct {
		Current  string `json:"current-context"`
		Clusters []struct {
			Name    string `json:"name"`
			Cluster struct {
				Server string `json:"server"`
				CA     string `json:"certificate-authority-data"`
			} `json:"cluster"`
		} `json:"clusters"`
		Users []struct {
			Name string `json:"name"`
			User struct {
				Exec map[string]any `json:"exec"`
			} `json:"user"`
		} `json:"users"`
	}
	kc := ExecKubeconfig("ml", "https://api", "Q0E=", map[string]any{"command": "plugin", "args": []string{"token"}})
	require.NoError(t, yaml.Unmarshal([]byte(kc), &doc))
	assert.Equal(t, "ml", doc.Current)
	assert.Equal(t, "https://api", doc.Clusters[0].Cluster.Server)
	assert.Equal(t, "Q0E=", doc.Clusters[0].Cluster.CA)
	assert.Equal(t, map[string]any{"apiVersion": ExecAPIVersion, "interactiveMode": "Never", "command": "plugin", "args": []any{"token"}}, doc.Users[0].User.Exec)
	assert.Equal(t, kc, ExecKubeconfig("ml", "https://api", "Q0E=", map[string]any{"args": []string{"token"}, "command": "plugin"}), "byte-identical for the same values")
}
