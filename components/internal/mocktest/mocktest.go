// Package mocktest is the import path the inference and training tests
// still use for internal/mocktest, mlkube's one mock recorder with its
// house checks. New tests import internal/mocktest directly.
package mocktest

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Recorder is internal/mocktest's Recorder.
type Recorder = mocktest.Recorder

// The helpers these tests call, from internal/mocktest.
var (
	Run          = mocktest.Run
	CheckAll     = mocktest.CheckAll
	DecodeStrict = mocktest.DecodeStrict
	DependsOn    = mocktest.DependsOn
	Get          = mocktest.Get
	Inputs       = mocktest.Plain
)

// Decode is internal/mocktest's Decode.
func Decode[T any](t *testing.T, a pulumi.MockResourceArgs) *T {
	t.Helper()
	return mocktest.Decode[T](t, a)
}
