package gke

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A pool's GPUs are decided once (gpuOf); a ComputeClass's gpu, read back
// from what computeClassGPU sends, is the same poolGPU, and GKE's device
// plugin advertises clients or MIG instances per GPU.
func TestPoolGPUIsTheSameInEverySpelling(t *testing.T) {
	for _, tc := range []struct {
		name    string
		gpu     config.GPU
		want    poolGPU
		perGPU  int
		wantErr string
	}{
		{name: "whole", gpu: config.GPU{Model: "l4", Count: 2},
			want: poolGPU{Type: "nvidia-l4", Count: 2}, perGPU: 1},
		{name: "time-sharing", gpu: config.GPU{Model: "t4", Count: 1, Sharing: config.Sharing{Mode: gpu.SharingTimeSlicing, Replicas: 4}},
			want: poolGPU{Type: "nvidia-tesla-t4", Count: 1, SharingStrategy: "TIME_SHARING", ClientsPerGPU: 4}, perGPU: 4},
		{name: "mig", gpu: config.GPU{Model: "a100", Count: 8, Sharing: config.Sharing{Mode: gpu.SharingMIG, MIGStrategy: "single", MIGProfile: "all-2g.10gb"}},
			want: poolGPU{Type: "nvidia-tesla-a100", Count: 8, PartitionSize: "2g.10gb"}, perGPU: 3},
		{name: "not on GKE", gpu: config.GPU{Model: "mi300x", Count: 8},
			wantErr: `pool p: GKE offers no "mi300x" GPU`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.gpu
			p := config.NodePool{Name: "p", GPU: &g}
			got, err := gpuOf(p)
			if tc.wantErr != "" {
				assert.EqualError(t, err, tc.wantErr)
				_, err = computeClassGPU(p, "LATEST")
				assert.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.perGPU, got.advertisedPerGPU())
			spec, err := computeClassGPU(p, "LATEST")
			require.NoError(t, err)
			assert.Equal(t, "latest", spec["driverVersion"])
			assert.Equal(t, tc.want, computeClassGPUKeys.read(spec))
		})
	}
}
