package plan

import (
	"bytes"
	"testing"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func res(urn, typ string, inputs map[string]any) policy.Resource {
	return policy.Resource{URN: urn, Type: typ, Name: urn, Custom: true, Inputs: inputs}
}

func TestDiffKinds(t *testing.T) {
	pvcType := "kubernetes:core/v1:PersistentVolumeClaim"
	base := &Plan{Stack: "s", Estimate: Estimate{CriticalPathSeconds: 600}, Resources: []policy.Resource{
		res("deploy", "kubernetes:apps/v1:Deployment", map[string]any{"spec": map[string]any{"replicas": 3.0}}),
		res("pvc-models", pvcType, map[string]any{"spec": map[string]any{"storageClassName": "mlkube-models"}}),
		res("pvc-keep", pvcType, map[string]any{"spec": map[string]any{"storageClassName": "a"}}),
		res("gone", "kubernetes:core/v1:ConfigMap", map[string]any{}),
		res("same", "kubernetes:core/v1:ConfigMap", map[string]any{"data": map[string]any{"a": "b"}}),
	}, Findings: []policy.Finding{{Policy: "p", Severity: "warning", URN: "deploy", Message: "old"}}}
	base.Resources[2].RetainOnDelete = true

	head := &Plan{Stack: "s", Estimate: Estimate{CriticalPathSeconds: 660}, Resources: []policy.Resource{
		res("deploy", "kubernetes:apps/v1:Deployment", map[string]any{"spec": map[string]any{"replicas": 5.0}}),
		res("pvc-models", pvcType, map[string]any{"spec": map[string]any{"storageClassName": "mlkube-fast"}}),
		res("pvc-keep", pvcType, map[string]any{"spec": map[string]any{"storageClassName": "b"}}),
		res("new", "kubernetes:core/v1:Service", map[string]any{}),
		res("same", "kubernetes:core/v1:ConfigMap", map[string]any{"data": map[string]any{"a": "b"}}),
	}, Findings: []policy.Finding{{Policy: "p", Severity: "error", URN: "new", Message: "new"}}}

	d := Diff(base, head)
	kinds := map[string]string{}
	for _, r := range d.Resources {
		kinds[r.URN] = r.Kind
	}
	assert.Equal(t, map[string]string{"deploy": Changed, "pvc-models": Replaced, "pvc-keep": Replaced, "new": Added, "gone": Deleted}, kinds)
	for _, r := range d.Resources {
		switch r.URN {
		case "deploy":
			assert.Equal(t, []PropertyChange{{Path: "spec.replicas", Before: 3.0, After: 5.0}}, r.Changes)
		case "pvc-models":
			assert.True(t, r.DataLoss, "a replaced volume without retainOnDelete loses data")
		case "pvc-keep":
			assert.False(t, r.DataLoss, "retainOnDelete keeps the disk")
		}
	}
	require.Len(t, d.FindingsAdded, 1)
	require.Len(t, d.FindingsFixed, 1)

	var md bytes.Buffer
	d.WriteMarkdown(&md, "s")
	out := md.String()
	assert.Contains(t, out, "**`s`**: 1 added, 1 changed, 2 replaced, 1 deleted · **2 destructive**")
	assert.Contains(t, out, "10m0s → 11m0s")
	assert.Contains(t, out, "[!CAUTION]")
	assert.Contains(t, out, "`spec.storageClassName`: `\"mlkube-models\"` → `\"mlkube-fast\"` _(forces replacement)_")
	assert.Contains(t, out, "#### Findings fixed (1)")
}

func TestProviderReplacementCascades(t *testing.T) {
	prov := "urn:pulumi:s::mlkube::pulumi:providers:kubernetes::k8s"
	obj := func() policy.Resource {
		r := res("urn:obj", "kubernetes:core/v1:ConfigMap", map[string]any{"data": map[string]any{}})
		r.Provider = prov
		return r
	}
	base := &Plan{Resources: []policy.Resource{res(prov, "pulumi:providers:kubernetes", map[string]any{"clusterIdentifier": "a"}), obj()}}
	head := &Plan{Resources: []policy.Resource{res(prov, "pulumi:providers:kubernetes", map[string]any{"clusterIdentifier": "b"}), obj()}}
	d := Diff(base, head)
	require.Len(t, d.Resources, 2)
	for _, r := range d.Resources {
		assert.Equal(t, Replaced, r.Kind, r.URN)
	}
	// A kubeconfig change alone is an update when the identifier is stable.
	head.Resources[0].Inputs = map[string]any{"clusterIdentifier": "a", "kubeconfig": "[secret]"}
	d = Diff(base, head)
	require.Len(t, d.Resources, 1)
	assert.Equal(t, Changed, d.Resources[0].Kind)
}

func TestNoChanges(t *testing.T) {
	p := &Plan{Resources: []policy.Resource{res("a", "kubernetes:core/v1:ConfigMap", map[string]any{"x": 1.0})}}
	var md bytes.Buffer
	Diff(p, p).WriteMarkdown(&md, "s")
	assert.Contains(t, md.String(), "No changes.")
}
