package machines

import (
	"fmt"

	"github.com/mlkube/mlkube/internal/datatable"
	"github.com/mlkube/mlkube/internal/gpu"
)

// spec is the shape of machines.csv.
var spec = datatable.Spec{
	Columns:  []string{"machine_type", "cpus", "memory_gi", "gpus", "gpu_model"},
	Optional: []string{"gpu_model"},
}

// parse reads a machine size table (name is its path, for errors). Sizes
// must be positive, and a row names a known GPU model exactly when it has
// GPUs, so a simulated node never offers a GPU the stack cannot request.
func parse(name string, data []byte) (map[string]Machine, error) {
	out := map[string]Machine{}
	_, err := datatable.Parse(name, data, spec, func(r datatable.Row) error {
		var m Machine
		var err error
		if m.CPUs, err = r.Int("cpus"); err != nil {
			return err
		}
		if m.MemoryGi, err = r.Int("memory_gi"); err != nil {
			return err
		}
		if m.GPUs, err = r.Int("gpus"); err != nil {
			return err
		}
		m.GPUModel = r.Text("gpu_model")
		switch {
		case m.CPUs <= 0 || m.MemoryGi <= 0:
			return fmt.Errorf("cpus %d and memory_gi %d must be above zero", m.CPUs, m.MemoryGi)
		case m.GPUs < 0:
			return fmt.Errorf("gpus %d is below zero", m.GPUs)
		case m.GPUs == 0 && m.GPUModel != "":
			return fmt.Errorf("gpu_model %q on a machine with no GPUs", m.GPUModel)
		case m.GPUs > 0 && m.GPUModel == "":
			return fmt.Errorf("%d GPUs and no gpu_model", m.GPUs)
		}
		if _, ok := gpu.Lookup(m.GPUModel); m.GPUs > 0 && !ok {
			return fmt.Errorf("gpu_model %q is not a model internal/gpu knows", m.GPUModel)
		}
		out[r.Text("machine_type")] = m
		return nil
	})
	return out, err
}

// mustParse is parse for the embedded table: a malformed row is a bug.
func mustParse(name string, data []byte) map[string]Machine {
	m, err := parse(name, data)
	if err != nil {
		panic(err)
	}
	return m
}
