package gke

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The fee file names types and provisioners as literal values: the cluster
// type must be the one New registers and a provisioner one of those the
// storage classes use, so renaming either fails here instead of dropping a
// price from the estimate.
func TestFeeKeysAreTheProvidersOwn(t *testing.T) {
	types, provisioners := prices.FeeKeys()
	assert.Equal(t, []string{typeCluster}, types)
	assert.Len(t, devRun(t).All(typeCluster), 1)
	assert.Subset(t, []string{persistentDiskProvisioner, filestoreProvisioner}, provisioners)
}
