package cluster

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
)

// TestNodeLabels: a pool's nodes carry the kubelet's labels everywhere, the
// cloud's instance type and region only where a cloud sets them, and an
// adopted pool's own selector wins over the assumed values.
func TestNodeLabels(t *testing.T) {
	for _, tt := range []struct {
		name string
		pool Pool
		want map[string]string
	}{
		{"kubeadm servers: kubelet labels only", PoolFrom(config.NodePool{Name: "cpu", MachineType: "onprem-cpu-32", Labels: map[string]string{"mlkube.io/pool": "cpu"}}),
			map[string]string{"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "mlkube.io/pool": "cpu"}},
		{"cloud pool: instance type and region", Pool{Labels: map[string]string{"mlkube.io/pool": "gpu"}, WellKnown: CloudLabels("g5.xlarge", "us-east-1")},
			map[string]string{"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "mlkube.io/pool": "gpu",
				"node.kubernetes.io/instance-type": "g5.xlarge", "topology.kubernetes.io/region": "us-east-1"}},
		{"adopted pool selecting its own arch", PoolFrom(config.NodePool{Name: "a", NodeSelector: map[string]string{"kubernetes.io/arch": "arm64"}, Labels: map[string]string{"kubernetes.io/arch": "arm64"}}),
			map[string]string{"kubernetes.io/os": "linux", "kubernetes.io/arch": "arm64"}},
	} {
		assert.Equal(t, tt.want, tt.pool.NodeLabels(), tt.name)
	}
	assert.NotContains(t, CloudLabels("", ""), "node.kubernetes.io/instance-type", "no machine type, no label")
	p := PoolFrom(config.NodePool{Name: "x"})
	p.NodeLabels()["kubernetes.io/os"] = "windows"
	assert.Equal(t, NodeOS, p.WellKnown["kubernetes.io/os"], "NodeLabels returns a copy")
}
