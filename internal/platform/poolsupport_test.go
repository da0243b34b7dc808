package platform

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Pool keys a cluster source does not honour are refused with their key
// path before anything is registered; EKS honours both, a source that
// declares nothing honours none.
func TestCheckRefusesPoolKeysTheSourceLacks(t *testing.T) {
	for _, tc := range []struct {
		cluster, pools string
		want           []string
	}{
		{`{"provider": "eks", "name": "ml", "region": "us-east-1"}`, `[{"name": "system", "machineType": "m6i.large", "max": 2},
			{"name": "gpu", "machineType": "g5.2xlarge", "max": 2, "provisioner": "karpenter", "gpu": {"model": "a10g", "count": 1}},
			{"name": "spot", "machineType": "g5.xlarge", "max": 2, "spot": true, "machineTypes": ["g5.4xlarge"], "gpu": {"model": "a10g", "count": 1}}]`, nil},
		{`{"provider": "aks", "name": "ml", "region": "eastus"}`, `[{"name": "system", "machineType": "Standard_D4s_v5", "max": 2},
			{"name": "gpu", "machineType": "Standard_NC24ads_A100_v4", "max": 2, "provisioner": "karpenter", "gpu": {"model": "a100-80gb", "count": 1}},
			{"name": "spot", "machineType": "Standard_NC4as_T4_v3", "max": 2, "spot": true, "machineTypes": ["Standard_NC8as_T4_v3"], "gpu": {"model": "t4", "count": 1}}]`,
			[]string{
				"nodePools[1].provisioner: karpenter is not available on aks clusters (available: the cluster's node groups)",
				"nodePools[2].machineTypes: aks node pools cannot mix machine types: an AKS node pool is one virtual machine scale set of one VM size; spread spot capacity over one pool per VM size",
			}},
		// A source that declares no pool support honours none of the keys.
		{`{"provider": "existing", "name": "dev"}`, `[{"name": "system", "machineType": "m6i.large", "max": 2, "nodeSelector": {"kubernetes.io/os": "linux"}},
			{"name": "gpu", "machineType": "g5.2xlarge", "max": 2, "nodeSelector": {"kubernetes.io/os": "linux"}, "provisioner": "karpenter", "capacity": ["flex-start"], "gpu": {"model": "a10g", "count": 1}},
			{"name": "spot", "machineType": "g5.xlarge", "max": 2, "nodeSelector": {"kubernetes.io/os": "linux"}, "spot": true, "machineTypes": ["g5.4xlarge"], "gpu": {"model": "a10g", "count": 1}}]`,
			[]string{
				"nodePools[1].provisioner: karpenter is not available on existing clusters (available: the cluster's node groups)",
				"nodePools[1].capacity[0]: flex-start is not a capacity tier existing clusters sell",
				"nodePools[2].machineTypes: existing node pools cannot mix machine types: its pools have one machine type",
			}},
	} {
		cfg, err := config.Parse("mlkube", "test", map[string]string{"mlkube:cluster": tc.cluster, "mlkube:nodePools": tc.pools})
		require.NoError(t, err, tc.cluster)
		err = Check(cfg)
		var got []string
		if list, ok := err.(config.Errors); ok {
			for _, e := range list {
				got = append(got, e.Error())
			}
		}
		for _, w := range tc.want {
			assert.Contains(t, got, w, tc.cluster)
		}
		if tc.want == nil {
			for _, g := range got {
				assert.NotContains(t, g, "provisioner", tc.cluster)
				assert.NotContains(t, g, "machineTypes", tc.cluster)
			}
		}
	}
}
