package aks

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The fee file names the cluster's resource type as a literal value,
// API version included: it must be the type New registers, so a new
// apiVersion fails here instead of dropping the fee from the estimate.
func TestFeeKeysAreTheProvidersTypes(t *testing.T) {
	types, provisioners := prices.FeeKeys()
	assert.Equal(t, []string{typeManagedCluster}, types)
	assert.Empty(t, provisioners, "no volume prices yet; a provisioner added must be %s or %s", diskProvisioner, fileProvisioner)
}
