//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers/kubeadm"
	"github.com/stretchr/testify/require"
)

// TestKubeadmConfigs hands every host's generated kubeadm configuration of
// every kubeadm stack to the real `kubeadm config validate` (kubeadm built
// from k8s.io/kubernetes like the control plane). The token and CA pin are
// stand-ins of the right shape: the program generates the real ones.
func TestKubeadmConfigs(t *testing.T) {
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	rep := &report{}
	defer rep.print()
	checked := 0
	for _, stack := range stacks() {
		sf, err := config.ReadStack("../..", stack)
		require.NoError(t, err)
		cfg, err := config.Parse(sf.Project, sf.Stack, sf.Values)
		require.NoError(t, err)
		if cfg.Cluster.Provider != kubeadm.Kind {
			continue
		}
		configs, err := kubeadm.HostConfigs(cfg, "abcdef.0123456789abcdef",
			"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
		require.NoError(t, err, stack)
		dir := t.TempDir()
		for host, text := range configs {
			path := filepath.Join(dir, host+".yaml")
			require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
			out, err := exec.Command(tools.Kubeadm, "config", "validate", "--config", path).CombinedOutput()
			require.NoError(t, err, "%s host %s: kubeadm config validate:\n%s\n--- config ---\n%s", stack, host, out, text)
			checked++
		}
		rep.add(stack, "kubeadm config validate", "every host's generated configuration accepted")
	}
	if checked == 0 {
		t.Skip("no kubeadm stack among the selected stacks")
	}
}
