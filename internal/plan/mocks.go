package plan

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/mock"
	"github.com/mlkube/mlkube/providers"
)

// offline is what the cluster providers tell the offline engine about
// their resource types (computed outputs, durations, layers, replacements).
var offline = providers.Offline()

// newRecorder is the mock engine a plan runs under: the providers' computed
// outputs, then those of types that belong to no cloud (Outputs). It
// answers only the invokes a provider cannot avoid (cluster.Offline.Invokes)
// and refuses every other: a plan must not depend on what a cloud answers
// at plan time.
func newRecorder() *mock.Recorder {
	r := mock.New(offline)
	r.Outputs = make(map[string]cluster.OutputsFunc, len(offline.Outputs)+len(Outputs))
	for t, f := range Outputs {
		r.Outputs[t] = f
	}
	for t, f := range offline.Outputs {
		r.Outputs[t] = f
	}
	return r
}
