package gpu

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMIGSlices(t *testing.T) {
	for profile, slices := range map[string]int{"all-1g.10gb": 7, "all-1g.5gb": 7, "all-2g.20gb": 3, "all-3g.40gb": 2, "all-4g.40gb": 1, "all-7g.80gb": 1} {
		assert.Equal(t, slices, MIGSlices(profile), profile)
	}
	assert.False(t, MIGProfilePattern.MatchString("all-balanced"))
}

func TestIsResource(t *testing.T) {
	for name, want := range map[string]bool{
		"nvidia.com/gpu": true, "nvidia.com/gpu.shared": true, "nvidia.com/mig-3g.40gb": true, "amd.com/gpu": true,
		"cpu": false, "nvidia.com/gpux": false, "example.com/fpga": false,
	} {
		assert.Equal(t, want, IsResource(name), name)
	}
}

// TestSharing is every fact a sharing setting decides, per mode.
func TestSharing(t *testing.T) {
	for _, tt := range []struct {
		s        Sharing
		config   string
		labels   map[string]string
		resource string
		perNode  int // units of resource on a node with 2 GPUs
		shared   bool
	}{
		{Sharing{}, "none", map[string]string{DevicePluginConfigLabel: "none"}, ResourceName, 2, false},
		{Sharing{Mode: SharingNone}, "none", map[string]string{DevicePluginConfigLabel: "none"}, ResourceName, 2, false},
		{Sharing{Mode: SharingTimeSlicing, Replicas: 4}, "time-slicing-4", map[string]string{DevicePluginConfigLabel: "time-slicing-4"}, ResourceName, 8, true},
		{Sharing{Mode: SharingMIG, MIGProfile: "all-1g.10gb"}, "mig-single",
			map[string]string{DevicePluginConfigLabel: "mig-single", MIGConfigLabel: "all-1g.10gb"}, ResourceName, 14, true},
		{Sharing{Mode: SharingMIG, MIGStrategy: MIGMixed, MIGProfile: "all-2g.20gb"}, "mig-mixed",
			map[string]string{DevicePluginConfigLabel: "mig-mixed", MIGConfigLabel: "all-2g.20gb"}, "nvidia.com/mig-2g.20gb", 6, true},
	} {
		assert.Equal(t, tt.config, tt.s.ConfigName(), "%+v", tt.s)
		assert.Equal(t, tt.labels, tt.s.NodeLabels(), "%+v", tt.s)
		assert.Equal(t, tt.resource, tt.s.Resource(), "%+v", tt.s)
		assert.Equal(t, tt.perNode, tt.s.UnitsPerNode(2), "%+v", tt.s)
		assert.Equal(t, tt.shared, tt.s.Shared(), "%+v", tt.s)
		assert.True(t, IsResource(tt.s.Resource()), "what pods request is a GPU resource")
	}
}
