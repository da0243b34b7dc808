package mocktest

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/labels"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// objectMeta reads the metadata of any decoded k8s.io/api object.
type objectMeta interface{ GetObjectMeta() metav1.Object }

// House are the rules CheckHouse asserts on the Kubernetes objects of one
// component type.
type House struct {
	// Component is the component type token that parents the objects.
	Component string
	// Prefix, when set, must begin every object's logical name ("" checks
	// no name).
	Prefix string
	// Provider, when set, is the logical name of the kubernetes provider
	// every object must use (inherited through the parent).
	Provider string
	// Labels are label values every object must carry; a value of "*"
	// asks only for a non-empty value.
	Labels map[string]string
}

// Recommended are the recommended labels every component object carries.
var Recommended = map[string]string{
	labels.Name:      "*",
	labels.PartOf:    labels.PartOfValue,
	labels.ManagedBy: labels.ManagedByValue,
}

// CheckHouse asserts the house rules on every registration of a run:
//   - every component of h.Component registered its outputs (one
//     registration per component plus the stack's), and logical names are
//     unique per type;
//   - every Kubernetes object under such a component is its child (at any
//     depth the parent chain names the component's type), uses the
//     provider, has the prefix, decodes strictly into its k8s.io/api type
//     when one is known, and carries an explicit name, a namespace when
//     namespaced, and the labels.
func CheckHouse(t *testing.T, rec *Recorder, h House) {
	t.Helper()
	comps := rec.ByType(h.Component)
	require.NotEmpty(t, comps, "component %s not registered", h.Component)
	components := 0
	seen := map[string]bool{}
	for _, a := range rec.Registered() {
		key := a.TypeToken + "::" + a.Name
		assert.False(t, seen[key], "duplicate logical name %s", key)
		seen[key] = true
		if !a.Custom && a.RegisterRPC != nil {
			components++
		}
	}
	assert.Equal(t, components+1, rec.OutputRegistrations(), "RegisterResourceOutputs calls (one per component, one for the stack)")

	for _, a := range rec.Kubernetes() {
		parent := a.RegisterRPC.GetParent()
		if !strings.Contains(parent, "::"+h.Component) && !strings.Contains(parent, h.Component+"$") {
			continue
		}
		if h.Prefix != "" {
			assert.True(t, strings.HasPrefix(a.Name, h.Prefix), "logical name %q not prefixed with %q", a.Name, h.Prefix)
		}
		if h.Provider != "" {
			assert.Contains(t, a.Provider, "pulumi:providers:kubernetes::"+h.Provider+"::", "%s %s: provider", a.TypeToken, a.Name)
		}
		kind, ok := kinds[a.TypeToken]
		if !ok {
			continue // a Helm release or a custom resource: no k8s.io/api type
		}
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
		for k, want := range h.Labels {
			if want == "*" {
				assert.NotEmpty(t, labels[k], "%s %s: label %s", a.TypeToken, a.Name, k)
			} else {
				assert.Equal(t, want, labels[k], "%s %s: label %s", a.TypeToken, a.Name, k)
			}
		}
	}
}

// CheckAll asserts the house rules of a component: every Kubernetes object
// of the run is a child of the component of componentType, uses the
// provider Run creates, is prefixed with componentName and carries the
// recommended labels (see CheckHouse).
func CheckAll(t *testing.T, rec *Recorder, componentType, componentName string) {
	t.Helper()
	for _, a := range rec.Kubernetes() {
		assert.Contains(t, a.RegisterRPC.GetParent(), "::"+componentType, "%s %s: parent", a.TypeToken, a.Name)
		_, known := kinds[a.TypeToken]
		assert.True(t, known, "no k8s.io/api type known for %s", a.TypeToken)
	}
	CheckHouse(t, rec, House{Component: componentType, Prefix: componentName + "-", Provider: ProviderName, Labels: Recommended})
}
