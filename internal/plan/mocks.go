package plan

import (
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// OutputsFunc computes the outputs a cloud would report for a resource that
// the offline engine pretends to create, beyond echoing its inputs (an ARN,
// an endpoint, the name of an Auto Scaling group ...). Values must depend
// only on the inputs and the name, so plans stay byte-identical.
type OutputsFunc func(args pulumi.MockResourceArgs) resource.PropertyMap

// outputsByType is filled by the mocks_<cloud>.go files of this package.
var outputsByType = map[string]OutputsFunc{}

// registerOutputs adds computed outputs for a resource type.
func registerOutputs(typ string, f OutputsFunc) { outputsByType[typ] = f }

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
	if f, ok := outputsByType[args.TypeToken]; ok {
		for k, v := range f(args) {
			state[k] = v
		}
	}
	id := args.ID
	if id == "" {
		id = args.Name + "-id"
	}
	if _, ok := state["arn"]; !ok && args.Custom {
		state["arn"] = resource.NewProperty(fmt.Sprintf("arn:mock:%s:%s", args.TypeToken, args.Name))
	}
	return id, state, nil
}

// Call refuses invokes: a plan must not depend on what a cloud answers at
// plan time, so providers derive such values from the stack instead.
func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("the offline engine answers no invokes (%s): derive the value from the stack configuration", args.Token)
}

func (m *mocks) registered() []pulumi.MockResourceArgs {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]pulumi.MockResourceArgs(nil), m.seen...)
}
