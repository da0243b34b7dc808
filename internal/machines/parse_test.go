package machines

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The embedded table parses, and its columns land in the right fields.
func TestEmbeddedTableParses(t *testing.T) {
	got, err := parse("machines.csv", machinesCSV)
	require.NoError(t, err)
	assert.Equal(t, Machine{CPUs: 48, MemoryGi: 192, GPUs: 4, GPUModel: "a10g"}, got["g5.12xlarge"])
	assert.Equal(t, Machine{CPUs: 2, MemoryGi: 8}, got["m6i.large"])
	assert.Equal(t, got, table)
}

// A malformed row fails with the file and line instead of leaving a
// machine out or giving it a size the real one does not have.
func TestParseRejects(t *testing.T) {
	const head = "machine_type,cpus,memory_gi,gpus,gpu_model\n"
	for _, tc := range []struct{ name, data, want string }{
		{"no cpus", head + "a,0,8,0,\n", "m.csv:2: a: cpus 0 and memory_gi 8 must be above zero"},
		{"bad memory", head + "a,2,8Gi,0,\n", `m.csv:2: a: memory_gi "8Gi" is not a whole number`},
		{"negative gpus", head + "a,2,8,-1,\n", "m.csv:2: a: gpus -1 is below zero"},
		{"empty gpus", head + "a,2,8,,\n", "m.csv:2: gpus is empty"},
		{"model without gpus", head + "a,2,8,0,t4\n", `m.csv:2: a: gpu_model "t4" on a machine with no GPUs`},
		{"gpus without model", head + "a,2,8,1,\n", "m.csv:2: a: 1 GPUs and no gpu_model"},
		{"unknown model", head + "a,2,8,1,t5\n", `m.csv:2: a: gpu_model "t5" is not a model internal/gpu knows`},
		{"twice", head + "a,2,8,0,\n\na,4,16,0,\n", `m.csv:4: machine_type "a" is already on line 2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse("m.csv", []byte(tc.data))
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			assert.PanicsWithError(t, tc.want, func() { mustParse("m.csv", []byte(tc.data)) })
		})
	}
}
