package plan

import (
	"fmt"
	"sync"

	"github.com/mlkube/mlkube/providers"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// offline is what the cluster providers tell the offline engine about
// their resource types (computed outputs, durations, layers, replacements).
var offline = providers.Offline()

// mocks records every registration; it is safe for concurrent use because
// the SDK registers resources from many goroutines.
type mocks struct {
	mu   sync.Mutex
	seen []pulumi.MockResourceArgs
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.seen = append(m.seen, args)
	m.mu.Unlock()

	state := args.Inputs.Copy()
	f, ok := offline.Outputs[args.TypeToken]
	if !ok {
		f, ok = Outputs[args.TypeToken]
	}
	if ok {
		for k, v := range f(args) {
			state[k] = v
		}
	}
	id := args.ID
	if v, ok := state["id"]; ok && v.IsString() && id == "" {
		id = v.StringValue() // a cloud's ID format (Azure resource IDs)
	}
	if id == "" {
		id = args.Name + "-id"
	}
	if _, ok := state["arn"]; !ok && args.Custom {
		state["arn"] = resource.NewProperty(fmt.Sprintf("arn:mock:%s:%s", args.TypeToken, args.Name))
	}
	return id, state, nil
}

// Call refuses invokes: a plan must not depend on what a cloud answers at
// plan time, so providers derive such values from the stack instead. The
// few a provider cannot avoid (cluster.Offline.Invokes) are answered from
// their arguments alone.
func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if f, ok := offline.Invokes[args.Token]; ok {
		return f(args), nil
	}
	return nil, fmt.Errorf("the offline engine answers no invokes (%s): derive the value from the stack configuration", args.Token)
}

func (m *mocks) registered() []pulumi.MockResourceArgs {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]pulumi.MockResourceArgs(nil), m.seen...)
}
