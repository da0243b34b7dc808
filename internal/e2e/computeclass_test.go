//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"testing"
	"time"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"sigs.k8s.io/yaml"
)

// computeClassStack is the stack whose GPU pool is a GKE ComputeClass.
const computeClassStack = "dev-gke-computeclass"

// computeClassCRD is GKE's ComputeClass CRD as published (see its header).
const computeClassCRD = "testdata/computeclasses.cloud.google.com.yaml"

// TestComputeClass installs GKE's ComputeClass CRD from its published
// schema, server-side applies the dev-gke-computeclass stack's planned
// objects with strict field validation (the ComputeClass and the workloads
// that select it), and checks that the API server accepts them, that the
// node GKE would create for the class takes the pool's pods, and that the
// schema refuses an unknown field, a value outside an enum and a priority
// that is flex-start and spot at once. No GKE autoscaler runs here: what
// is checked is what the API server accepts and what the scheduler does
// with the class's node.
func TestComputeClass(t *testing.T) {
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	ctx := context.Background()
	p, cfg := planStack(t, "../..", computeClassStack)

	data, err := os.ReadFile(computeClassCRD)
	require.NoError(t, err)
	var crd map[string]any
	require.NoError(t, yaml.Unmarshal(data, &crd))

	var classes []policy.Object
	for _, o := range p.ProgramObjects() {
		if o.Kind() == "ComputeClass" {
			classes = append(classes, o)
		}
	}
	require.Len(t, classes, 1, "one class, for pool gpu")

	cp := startControlPlane(t, tools)
	ap, err := NewApplier(cp)
	require.NoError(t, err)
	require.NoError(t, ap.ApplyStrict(ctx, crd), "the API server refused the published CRD")
	deadline := time.Now().Add(waitFor)
	for {
		ap, err = NewApplier(cp)
		require.NoError(t, err)
		if ap.Served(classes[0]) {
			break
		}
		require.True(t, time.Now().Before(deadline), "the ComputeClass CRD was not served within %s", waitFor)
		time.Sleep(time.Second)
	}

	// Nodes: the system pool at its minimum; the gpu pool has none until
	// GKE creates one for the class.
	for _, pool := range cfg.NodePools {
		nodes, err := PoolNodes(pool, pool.Min)
		require.NoError(t, err)
		for _, n := range nodes {
			createNode(t, cp, n)
		}
	}

	var namespaces []string
	applied := 0
	for _, o := range p.ProgramObjects() {
		if !ap.Served(o) {
			continue // charts' custom resources: no chart is installed here
		}
		o = unsuspended(o) // no Kueue here; TestKueue runs it
		require.NoError(t, retryStrict(ctx, ap, o), "API server rejected %s %s", o.Kind(), o.Name())
		applied++
		if o.Kind() == "Namespace" {
			namespaces = append(namespaces, o.Name())
		}
		if o.Kind() == "PersistentVolumeClaim" {
			pv, err := VolumeFor(o)
			require.NoError(t, err)
			_, err = cp.Client.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{})
			require.NoError(t, err)
		}
	}
	t.Logf("%d objects accepted with strict field validation, the ComputeClass among them", applied)

	dc, err := dynamic.NewForConfig(cp.Config)
	require.NoError(t, err)
	res := schema.GroupVersionResource{Group: "cloud.google.com", Version: "v1", Resource: "computeclasses"}
	got, err := dc.Resource(res).Get(ctx, "mlkube-gpu", metav1.GetOptions{})
	require.NoError(t, err)
	spec := got.Object["spec"].(map[string]any)
	assert.Equal(t, "DoNotScaleUp", spec["whenUnsatisfiable"])
	assert.Len(t, spec["priorities"], 12, "4 tiers × 3 machine types, stored as sent")

	// The node GKE would create for the class (from the planned class)
	// takes the pool's pending pods, and only them.
	templates, err := TemplateNodes(p)
	require.NoError(t, err)
	var classNode *Template
	for i := range templates {
		if templates[i].Group == "mlkube-gpu" {
			classNode = &templates[i]
		}
	}
	require.NotNil(t, classNode, "no node template for the ComputeClass")
	createNode(t, cp, classNode.Node)
	onClass := waitPodsOn(ctx, t, cp, namespaces, classNode.Node.Name)
	require.NotEmpty(t, onClass, "no pod of pool gpu landed on the class's node")
	for _, pod := range onClass {
		assert.Equal(t, "mlkube-gpu", pod.Spec.NodeSelector["cloud.google.com/compute-class"], "%s on the class's node", pod.Name)
	}
	// GKE grows the class to the pool's max (2): the second node takes
	// the GPU pod the first has no room for.
	second := classNode.Node.DeepCopy()
	second.Name += "-1"
	second.Labels["kubernetes.io/hostname"] = second.Name
	createNode(t, cp, second)
	require.NotEmpty(t, waitPodsOn(ctx, t, cp, namespaces, second.Name), "no pod of pool gpu landed on the class's second node")
	deadline = time.Now().Add(waitFor)
	var problems []string
	for {
		problems = CheckPlacement(ctx, cp, namespaces)
		if len(problems) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Second)
	}
	require.Empty(t, problems)

	// The published schema refuses what GKE would.
	for _, tc := range []struct {
		name, want string
		edit       func(spec map[string]any)
	}{
		{"unknown field", ".spec.fallbackToAnyMachine: field not declared in schema",
			func(s map[string]any) { s["fallbackToAnyMachine"] = true }},
		{"unknown priority field", ".spec.priorities[0].preemptible: field not declared in schema",
			func(s map[string]any) { first(s)["preemptible"] = true }},
		{"value outside the enum", `spec.whenUnsatisfiable: Unsupported value: "ScaleUpSometimes"`,
			func(s map[string]any) { s["whenUnsatisfiable"] = "ScaleUpSometimes" }},
		{"flex-start and spot in one priority", "Flex Start provisioning model is incompatible with Spot", func(s map[string]any) {
			first(s)["flexStart"] = map[string]any{"enabled": true}
			first(s)["spot"] = true
		}},
	} {
		err := ap.ApplyStrict(ctx, edited(t, classes[0], tc.edit))
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
	}
	// None of them was stored.
	got, err = dc.Resource(res).Get(ctx, "mlkube-gpu", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, spec, got.Object["spec"])
}

// retryStrict is applyWithRetry with strict field validation.
func retryStrict(ctx context.Context, ap *Applier, o policy.Object) error {
	var err error
	for range 10 {
		if err = ap.ApplyStrict(ctx, o); err == nil || apierrors.IsInvalid(err) || apierrors.IsForbidden(err) || apierrors.IsBadRequest(err) {
			return err
		}
		time.Sleep(500 * time.Millisecond)
	}
	return err
}

// edited is a deep copy of o with its spec edited.
func edited(t *testing.T, o policy.Object, edit func(spec map[string]any)) map[string]any {
	data, err := json.Marshal(o)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(data, &out))
	edit(out["spec"].(map[string]any))
	return maps.Clone(out)
}

func first(spec map[string]any) map[string]any {
	return spec["priorities"].([]any)[0].(map[string]any)
}
