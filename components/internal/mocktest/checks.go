package mocktest

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// objectMeta reads the metadata of any decoded k8s.io/api object.
type objectMeta interface{ GetObjectMeta() metav1.Object }

// CheckAll asserts the house rules on every registration of a run:
//   - the component of componentType registered once, with the caller's
//     provider, and registered its outputs;
//   - every Kubernetes object is a child of that component, uses the
//     caller's kubernetes provider (inherited through the parent), has a
//     logical name prefixed with the component name, decodes strictly into
//     its k8s.io/api type, and carries an explicit name, a namespace when
//     namespaced, and the recommended labels;
//   - logical names are unique.
func CheckAll(t *testing.T, rec *Recorder, componentType, componentName string) {
	t.Helper()
	comps := rec.ByType(componentType)
	require.NotEmpty(t, comps, "component %s not registered", componentType)
	assert.GreaterOrEqual(t, rec.OutputRegistrations, len(comps)+1, "RegisterResourceOutputs calls (components + stack)")

	seen := map[string]bool{}
	for _, a := range rec.Resources {
		key := a.TypeToken + "::" + a.Name
		assert.False(t, seen[key], "duplicate logical name %s", key)
		seen[key] = true
	}

	for _, a := range rec.Kubernetes() {
		kind, ok := kinds[a.TypeToken]
		if !assert.True(t, ok, "no k8s.io/api type known for %s", a.TypeToken) {
			continue
		}
		assert.True(t, strings.HasPrefix(a.Name, componentName+"-"), "logical name %q not prefixed with %q", a.Name, componentName+"-")
		parent := a.RegisterRPC.GetParent()
		assert.Contains(t, parent, "::"+componentType, "%s %s: parent %q", a.TypeToken, a.Name, parent)
		assert.Contains(t, a.Provider, "pulumi:providers:kubernetes::"+ProviderName+"::", "%s %s: provider", a.TypeToken, a.Name)

		obj := kind.newObj()
		if !assert.NoError(t, DecodeStrict(a, obj)) {
			continue
		}
		meta := obj.(objectMeta).GetObjectMeta()
		assert.NotEmpty(t, meta.GetName(), "%s %s: metadata.name", a.TypeToken, a.Name)
		if kind.namespaced {
			assert.NotEmpty(t, meta.GetNamespace(), "%s %s: metadata.namespace", a.TypeToken, a.Name)
		} else {
			assert.Empty(t, meta.GetNamespace(), "%s %s: cluster-scoped", a.TypeToken, a.Name)
		}
		labels := meta.GetLabels()
		assert.NotEmpty(t, labels["app.kubernetes.io/name"], "%s %s: name label", a.TypeToken, a.Name)
		assert.Equal(t, "mlkube", labels["app.kubernetes.io/part-of"], "%s %s", a.TypeToken, a.Name)
		assert.Equal(t, "pulumi", labels["app.kubernetes.io/managed-by"], "%s %s", a.TypeToken, a.Name)
	}
}

// Options returns the protect and retainOnDelete options of a registration.
func Options(a pulumi.MockResourceArgs) (protect, retainOnDelete bool) {
	return a.RegisterRPC.GetProtect(), a.RegisterRPC.GetRetainOnDelete()
}

// DependsOn returns the URNs a registration explicitly depends on or
// receives values from.
func DependsOn(a pulumi.MockResourceArgs) []string {
	return a.RegisterRPC.GetDependencies()
}
