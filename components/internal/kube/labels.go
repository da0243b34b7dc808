package kube

import (
	"github.com/mlkube/mlkube/internal/labels"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Recommended label keys and the values every mlkube object carries, from
// the one vocabulary (internal/labels).
const (
	LabelName      = labels.Name
	LabelComponent = labels.Component
	LabelPartOf    = labels.PartOf
	LabelManagedBy = labels.ManagedBy

	PartOf    = labels.PartOfValue
	ManagedBy = labels.ManagedByValue

	// NamespaceNameLabel is set by the API server on every namespace and
	// cannot be changed, so it is the safe way to select a namespace by name.
	NamespaceNameLabel = "kubernetes.io/metadata.name"
)

// Selector returns the labels that select one component's pods. They are
// part of immutable selectors, so they never change for a given name.
func Selector(name, component string) map[string]string {
	return map[string]string{LabelName: name, LabelComponent: component}
}

// Labels returns the full label set of an object: the caller's extra labels,
// then the recommended labels (which win, so a caller cannot break
// selectors or the part-of/managed-by contract).
func Labels(name, component string, extra map[string]string) map[string]string {
	out := make(map[string]string, len(extra)+4)
	for k, v := range extra {
		out[k] = v
	}
	for k, v := range Selector(name, component) {
		out[k] = v
	}
	out[LabelPartOf] = PartOf
	out[LabelManagedBy] = ManagedBy
	return out
}

// Meta returns object metadata with an explicit name (never auto-named, so
// names are stable), the namespace ("" for cluster-scoped objects), labels
// and optional annotations.
func Meta(name, namespace string, labels, annotations map[string]string) *metav1.ObjectMetaArgs {
	m := &metav1.ObjectMetaArgs{
		Name:   pulumi.String(name),
		Labels: pulumi.ToStringMap(labels),
	}
	if namespace != "" {
		m.Namespace = pulumi.String(namespace)
	}
	if len(annotations) > 0 {
		m.Annotations = pulumi.ToStringMap(annotations)
	}
	return m
}

// Merge returns a new map with the entries of each map in order; later maps win.
func Merge(maps ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// MetaIn is Meta for an object whose namespace is another resource's
// output (typically the Namespace object), so it is created after it.
func MetaIn(name string, namespace pulumi.StringInput, labels, annotations map[string]string) *metav1.ObjectMetaArgs {
	m := Meta(name, "", labels, annotations)
	m.Namespace = namespace
	return m
}
