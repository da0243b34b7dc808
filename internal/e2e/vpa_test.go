//go:build e2e

package e2e

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// vpaCRD is the VerticalPodAutoscaler CRD the VPA chart installs.
const vpaCRD = "verticalpodautoscalers.autoscaling.k8s.io"

// TestVerticalPodAutoscalers applies the VerticalPodAutoscaler CRD of the
// pinned VPA chart (rendered from the chart cache) and the serving stack's
// two VPAs to the real API server, whose CRD schema validates them, reads
// sentiment's back, and checks that a mode the CRD does not know is
// refused. No VPA controller runs here: what is checked is what the API
// server accepts and stores.
func TestVerticalPodAutoscalers(t *testing.T) {
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	ctx := context.Background()
	p, _ := planStack(t, "../..", gatewayStack)

	var crd policy.Object
	var namespaces, vpas []policy.Object
	for _, o := range p.Objects() {
		switch {
		case o.Kind() == "CustomResourceDefinition" && o.Name() == vpaCRD:
			crd = o
		case o.Kind() == "Namespace" && o.Name() == "serving":
			namespaces = append(namespaces, o)
		case o.Kind() == "VerticalPodAutoscaler":
			vpas = append(vpas, o)
		}
	}
	if crd == nil {
		t.Skipf("SKIPPED: the chart cache lacks %s (build it with ../shared/charts/build.py and CHARTS_EXTRA=hack/charts-sources.txt), so the VPA CRD was not applied", versions.VPA)
	}
	require.Len(t, vpas, 2, "sentiment and classification")

	cp := startControlPlane(t, tools)
	ap, err := NewApplier(cp)
	require.NoError(t, err)
	for _, o := range append(namespaces, crd) {
		require.NoError(t, applyWithRetry(ctx, ap, o), "%s %s", o.Kind(), o.Name())
	}
	deadline := time.Now().Add(waitFor)
	for {
		ap, err = NewApplier(cp)
		require.NoError(t, err)
		if ap.Served(vpas[0]) {
			break
		}
		require.True(t, time.Now().Before(deadline), "the VPA CRD was not served within %s", waitFor)
		time.Sleep(time.Second)
	}
	for _, o := range vpas {
		require.NoError(t, applyWithRetry(ctx, ap, o), "API server rejected VerticalPodAutoscaler %s", o.Name())
	}

	dc, err := dynamic.NewForConfig(cp.Config)
	require.NoError(t, err)
	res := schema.GroupVersion{Group: "autoscaling.k8s.io", Version: "v1"}.WithResource("verticalpodautoscalers")
	got, err := dc.Resource(res).Namespace("serving").Get(ctx, "sentiment", metav1.GetOptions{})
	require.NoError(t, err)
	spec := got.Object["spec"].(map[string]any)
	require.Equal(t, "Recreate", spec["updatePolicy"].(map[string]any)["updateMode"])
	require.Equal(t, map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": "sentiment"}, spec["targetRef"])
	server := spec["resourcePolicy"].(map[string]any)["containerPolicies"].([]any)[0].(map[string]any)
	require.Equal(t, map[string]any{"cpu": "500m", "memory": "512Mi"}, server["maxAllowed"])

	// The schema is what refuses a mode mlkube would never write.
	bad := policy.Object(maps.Clone(map[string]any(vpas[0])))
	badSpec := maps.Clone(bad["spec"].(map[string]any))
	badSpec["updatePolicy"] = map[string]any{"updateMode": "Sometimes"}
	bad["spec"] = badSpec
	err = ap.Apply(ctx, bad)
	require.Error(t, err)
	require.True(t, apierrors.IsInvalid(err), "want the CRD schema's refusal, got %v", err)
}
