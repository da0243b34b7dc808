package mock

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewResourceState(t *testing.T) {
	r := New(cluster.Offline{
		Outputs: map[string]cluster.OutputsFunc{
			"test:a:A": func(pulumi.MockResourceArgs) resource.PropertyMap {
				return resource.PropertyMap{"id": resource.NewProperty("/cloud/ids/a"), "ref": resource.NewProperty("computed")}
			},
		},
		Fallback: func(args pulumi.MockResourceArgs) resource.PropertyMap {
			return resource.PropertyMap{"ref": resource.NewProperty("fallback-" + args.Name)}
		},
	})
	in := resource.PropertyMap{"size": resource.NewProperty(3.0)}
	for _, tc := range []struct {
		name    string
		args    pulumi.MockResourceArgs
		wantID  string
		wantRef any
	}{
		{"computed outputs win over the fallback; their id is the ID", pulumi.MockResourceArgs{TypeToken: "test:a:A", Name: "a", Inputs: in, Custom: true}, "/cloud/ids/a", "computed"},
		{"the fallback fills what a custom resource lacks", pulumi.MockResourceArgs{TypeToken: "test:b:B", Name: "b", Inputs: in, Custom: true}, "b-id", "fallback-b"},
		{"components get no fallback", pulumi.MockResourceArgs{TypeToken: "test:c:C", Name: "c", Inputs: in}, "c-id", nil},
		{"a read keeps its ID", pulumi.MockResourceArgs{TypeToken: "test:b:B", Name: "r", ID: "existing", Inputs: in, Custom: true}, "existing", "fallback-r"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, state, err := r.NewResource(tc.args)
			require.NoError(t, err)
			assert.Equal(t, tc.wantID, id)
			assert.Equal(t, 3.0, state["size"].NumberValue(), "inputs are echoed")
			assert.Equal(t, tc.wantRef, state.Mappable()["ref"])
		})
	}
	assert.Len(t, r.Registered(), 4)
	assert.Equal(t, []string{"b", "r"}, names(r.ByType("test:b:B")), "sorted by name")
}

func TestInvokesAnsweredOrRefused(t *testing.T) {
	r := New(cluster.Offline{Invokes: map[string]cluster.InvokeFunc{
		"test:fn:known": func(args pulumi.MockCallArgs) resource.PropertyMap { return args.Args },
	}})
	out, err := r.Call(pulumi.MockCallArgs{Token: "test:fn:known", Args: resource.PropertyMap{"x": resource.NewProperty("y")}})
	require.NoError(t, err)
	assert.Equal(t, "y", out["x"].StringValue())
	_, err = r.Call(pulumi.MockCallArgs{Token: "test:fn:other"})
	assert.ErrorContains(t, err, "test:fn:other")
	assert.Equal(t, []string{"test:fn:known", "test:fn:other"}, r.Calls())
}

func names(as []pulumi.MockResourceArgs) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}
