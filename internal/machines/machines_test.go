package machines_test

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every pool of every shipped stack names a machine this table knows, and
// its GPU block agrees with the machine.
func TestShippedStacksUseKnownMachines(t *testing.T) {
	for _, stack := range config.ListStacks("../..") {
		cfg, _, err := config.Load("../..", stack)
		require.NoError(t, err, stack)
		for _, p := range cfg.NodePools {
			m, err := machines.Lookup(p.MachineType)
			require.NoError(t, err, "%s pool %s", stack, p.Name)
			if p.GPU == nil {
				assert.Zero(t, m.GPUs, "%s pool %s: a GPU machine without a gpu block", stack, p.Name)
				continue
			}
			assert.Equal(t, m.GPUs, p.GPU.Count, "%s pool %s", stack, p.Name)
			assert.Equal(t, m.GPUModel, p.GPU.Model, "%s pool %s", stack, p.Name)
		}
	}
}

func TestGPUModelsAreKnown(t *testing.T) {
	for _, name := range machines.Known() {
		m, _ := machines.Lookup(name)
		if m.GPUs > 0 {
			_, ok := gpu.Lookup(m.GPUModel)
			assert.True(t, ok, name)
		}
	}
	_, err := machines.Lookup("x1.huge")
	assert.ErrorContains(t, err, `unknown machine type "x1.huge"`)
}
