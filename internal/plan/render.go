package plan

import (
	"bytes"
	"sort"

	"github.com/mlkube/mlkube/internal/policy"
	"sigs.k8s.io/yaml"
)

// applyOrder puts objects that others need first, as kubectl apply wants.
var applyOrder = map[string]int{
	"Namespace": 0, "CustomResourceDefinition": 1, "StorageClass": 2, "PriorityClass": 2,
	"ClusterRole": 3, "ClusterRoleBinding": 3, "ServiceAccount": 4, "Role": 4, "RoleBinding": 5,
	"ResourceQuota": 5, "LimitRange": 5, "ConfigMap": 6, "Secret": 6, "PersistentVolumeClaim": 6,
}

// Objects returns the stack's plain Kubernetes objects in apply order:
// the program's own and, for charts in the chart cache, the objects of its
// Helm releases (releases themselves are left out).
func (p *Plan) Objects() []policy.Object { return p.objects(true) }

// ProgramObjects is Objects without the objects rendered from charts.
func (p *Plan) ProgramObjects() []policy.Object { return p.objects(false) }

func (p *Plan) objects(withRendered bool) []policy.Object {
	type item struct {
		order int
		urn   string
		obj   policy.Object
	}
	var items []item
	for _, r := range p.Resources {
		o, ok := policy.KubernetesObject(r)
		if !ok || (r.Rendered && !withRendered) {
			continue
		}
		order, known := applyOrder[o.Kind()]
		if !known {
			order = 10
		}
		items = append(items, item{order, r.URN, o})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].order != items[j].order {
			return items[i].order < items[j].order
		}
		return items[i].urn < items[j].urn
	})
	out := make([]policy.Object, len(items))
	for i, it := range items {
		out[i] = it.obj
	}
	return out
}

// RenderYAML prints every Kubernetes object as multi-document YAML, ready
// for `kubectl apply -f -`.
func (p *Plan) RenderYAML() ([]byte, error) {
	var buf bytes.Buffer
	for _, o := range p.Objects() {
		b, err := yaml.Marshal(map[string]any(o))
		if err != nil {
			return nil, err
		}
		buf.WriteString("---\n")
		buf.Write(b)
	}
	return buf.Bytes(), nil
}
