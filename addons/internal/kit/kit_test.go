package kit_test

import (
	"testing"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/stretchr/testify/assert"
)

func TestKit(t *testing.T) {
	base := map[string]any{"a": map[string]any{"b": 1, "c": 2}, "l": []any{1}, "s": "x"}
	got := kit.Merge(base, map[string]any{"a": map[string]any{"c": 3, "d": 4}, "l": []any{2}, "n": nil})
	assert.Equal(t, map[string]any{"a": map[string]any{"b": 1, "c": 3, "d": 4}, "l": []any{2}, "s": "x", "n": nil}, got)
	assert.Equal(t, 2, base["a"].(map[string]any)["c"], "base is not modified")

	ns := kit.Namespace{Name: "n", Addon: "x", Level: kit.Restricted}
	assert.Equal(t, "restricted", ns.Labels()["pod-security.kubernetes.io/enforce"])
	assert.Equal(t, "restricted", ns.Labels()["pod-security.kubernetes.io/warn"])
	assert.Nil(t, ns.Annotations())
	ns = kit.Namespace{Name: "n", Addon: "x", Level: kit.Privileged, Reason: "why"}
	assert.Equal(t, map[string]string{"mlkube.io/privileged-reason": "why"}, ns.Annotations())
	assert.Empty(t, ns.Labels()["pod-security.kubernetes.io/warn"], "a privileged namespace does not warn on every apply")
}
