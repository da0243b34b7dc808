package policy

import (
	"fmt"
	"strings"

	"github.com/mlkube/mlkube/internal/anyval"
)

// Object is a Kubernetes object as registered: its inputs.
type Object map[string]any

// KubernetesObject reports whether r is a plain Kubernetes object (not a
// Helm release, a provider or a component) and returns its inputs.
func KubernetesObject(r Resource) (Object, bool) {
	if !r.Custom || !strings.HasPrefix(r.Type, "kubernetes:") || strings.HasPrefix(r.Type, "kubernetes:helm.sh/") || strings.HasPrefix(r.Type, "kubernetes:yaml/") {
		return nil, false
	}
	if _, ok := r.Inputs["kind"]; !ok {
		return nil, false
	}
	return Object(r.Inputs), true
}

// Kind is the object's kind.
func (o Object) Kind() string { return str(o["kind"]) }

// Name is namespace/name (or name for cluster-scoped objects).
func (o Object) Name() string {
	ns, name := str(Get(o, "metadata", "namespace")), str(Get(o, "metadata", "name"))
	if ns == "" {
		return name
	}
	return ns + "/" + name
}

// PodSpec returns the pod spec a workload object runs, if any.
func (o Object) PodSpec() (map[string]any, bool) {
	var spec any
	switch o.Kind() {
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
		spec = Get(o, "spec", "template", "spec")
	case "CronJob":
		spec = Get(o, "spec", "jobTemplate", "spec", "template", "spec")
	case "Pod":
		spec = Get(o, "spec")
	}
	m, ok := spec.(map[string]any)
	return m, ok
}

// Get walks nested maps of plain values (an Object too): nil where a key
// is missing or a value on the way is not a map.
func Get(v any, path ...string) any {
	if o, ok := v.(Object); ok {
		v = map[string]any(o)
	}
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// The decoded-JSON accessors every reader of plan inputs shares.
var (
	str       = anyval.Str
	list      = anyval.List
	stringMap = anyval.StringMap
)

// containers returns init and regular containers of a pod spec.
func containers(spec map[string]any) []map[string]any {
	var out []map[string]any
	for _, k := range []string{"initContainers", "containers"} {
		for _, c := range list(spec[k]) {
			if m, ok := c.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
