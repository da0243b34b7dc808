package gpu

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMIGSlicesAndResources(t *testing.T) {
	for profile, slices := range map[string]int{"all-1g.10gb": 7, "all-1g.5gb": 7, "all-2g.20gb": 3, "all-3g.40gb": 2, "all-4g.40gb": 1, "all-7g.80gb": 1} {
		assert.Equal(t, slices, MIGSlices(profile), profile)
	}
	assert.False(t, MIGProfilePattern.MatchString("all-balanced"))
	assert.Equal(t, "nvidia.com/mig-1g.10gb", Resource(SharingMIG, "mixed", "all-1g.10gb"))
	assert.Equal(t, ResourceName, Resource(SharingMIG, "single", "all-1g.10gb"), "single strategy advertises instances as nvidia.com/gpu")
	assert.Equal(t, ResourceName, Resource(SharingTimeSlicing, "", ""))
	assert.True(t, IsResource("nvidia.com/mig-3g.40gb"))
	assert.False(t, IsResource("amd.com/gpu"))
}

func TestSharingLabels(t *testing.T) {
	assert.Equal(t, map[string]string{DevicePluginConfigLabel: "time-slicing-4"}, SharingLabels(SharingTimeSlicing, 4, "", ""))
	assert.Equal(t, map[string]string{DevicePluginConfigLabel: "mig-mixed", MIGConfigLabel: "all-2g.20gb"}, SharingLabels(SharingMIG, 0, "mixed", "all-2g.20gb"))
	assert.Equal(t, map[string]string{DevicePluginConfigLabel: "none"}, SharingLabels(SharingNone, 0, "", ""))
}
