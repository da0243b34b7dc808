package eks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fee file names resource types and provisioners as literal values:
// each must be a provisioner the storage classes use or a type New
// registers, so renaming one fails here instead of dropping its price from
// the estimate.
func TestFeeKeysAreWhatTheProviderRegisters(t *testing.T) {
	types, provisioners := prices.FeeKeys()
	assert.Equal(t, []string{ebsProvisioner, efsProvisioner}, provisioners)

	r := runNew(t, testConfig(t, "production", prodCluster, devPools))
	require.NoError(t, r.Err)
	require.NotEmpty(t, types)
	for _, typ := range types {
		assert.NotEmpty(t, r.All(typ), "%s is priced but New registers none", typ)
	}
}
