package lifecycletest

import (
	"testing"

	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CheckSupport fails t unless a provider's answer for one version is
// refused with a message containing refusal (not refused for "") and
// warned once with a message containing warning (not warned for "").
func CheckSupport(t *testing.T, s lifecycle.Support, refusal, warning string) {
	t.Helper()
	if refusal == "" {
		assert.Empty(t, s.Refusal)
	} else {
		assert.Contains(t, s.Refusal, refusal)
	}
	if warning == "" {
		assert.Empty(t, s.Warnings)
	} else {
		require.Len(t, s.Warnings, 1)
		assert.Contains(t, s.Warnings[0], warning)
	}
}
