package mocktest

import (
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// Plain returns a registration's inputs as plain Go values (secrets
// unwrapped).
func Plain(a pulumi.MockResourceArgs) map[string]any {
	return a.Inputs.Mappable()
}

// Get walks a path of map keys and slice indexes through plain values.
func Get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			require.True(t, ok, "at %q: %T is not a map", k, v)
			v, ok = m[k]
			require.True(t, ok, "key %q missing in %v", k, m)
		case int:
			s, ok := v.([]any)
			require.True(t, ok, "at [%d]: %T is not a list", k, v)
			require.Less(t, k, len(s))
			v = s[k]
		}
	}
	return v
}

// Options returns the protect and retainOnDelete options of a registration.
func Options(a pulumi.MockResourceArgs) (protect, retainOnDelete bool) {
	return a.RegisterRPC.GetProtect(), a.RegisterRPC.GetRetainOnDelete()
}

// DependsOn returns the URNs a registration explicitly depends on.
func DependsOn(a pulumi.MockResourceArgs) []string {
	return a.RegisterRPC.GetDependencies()
}

// Waits returns every URN a registration waits for, sorted: its explicit
// dependencies and those its input values carry.
func Waits(a pulumi.MockResourceArgs) []string {
	set := map[string]bool{}
	for _, d := range a.RegisterRPC.GetDependencies() {
		set[d] = true
	}
	for _, pd := range a.RegisterRPC.GetPropertyDependencies() {
		for _, d := range pd.GetUrns() {
			set[d] = true
		}
	}
	out := make([]string, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// WaitsFor reports whether a registration waits for the resource of a type
// and name.
func WaitsFor(a pulumi.MockResourceArgs, typ, name string) bool {
	for _, d := range Waits(a) {
		if strings.HasSuffix(d, "$"+typ+"::"+name) || strings.HasSuffix(d, "::"+typ+"::"+name) {
			return true
		}
	}
	return false
}

// URN computes the URN the engine gives a registration in the test stack.
func URN(a pulumi.MockResourceArgs) string {
	parentType := tokens.Type("")
	if p := resource.URN(a.RegisterRPC.GetParent()); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN("test", "mlkube", parentType, tokens.Type(a.TypeToken), a.Name))
}
