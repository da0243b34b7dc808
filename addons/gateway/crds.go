package gateway

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"
)

// crdFiles are the standard-channel CRDs of Gateway API versions.GatewayAPI
// that mlkube's objects use, copied unchanged from config/crd/standard of
// the sigs.k8s.io/gateway-api module: GatewayClass, Gateway, HTTPRoute and
// ReferenceGrant (the listeners' certificates live in team namespaces).
//
//go:embed crds/*.yaml
var crdFiles embed.FS

// CRD is one CustomResourceDefinition as the upstream file has it.
type CRD struct {
	Name     string
	Metadata map[string]any
	Spec     map[string]any
}

// CRDs returns the embedded CRDs, sorted by name.
func CRDs() ([]CRD, error) {
	paths, err := fs.Glob(crdFiles, "crds/*.yaml")
	if err != nil {
		return nil, err
	}
	var out []CRD
	for _, p := range paths {
		raw, err := crdFiles.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Kind     string         `json:"kind"`
			Metadata map[string]any `json:"metadata"`
			Spec     map[string]any `json:"spec"`
		}
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		name, _ := doc.Metadata["name"].(string)
		if doc.Kind != "CustomResourceDefinition" || name == "" {
			return nil, fmt.Errorf("%s: not a named CustomResourceDefinition", p)
		}
		out = append(out, CRD{Name: name, Metadata: doc.Metadata, Spec: doc.Spec})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// newCRDs registers the CRDs as plain objects, so the plan shows each and
// the objects that need them can wait for exactly them.
func newCRDs(ctx *pulumi.Context, opts ...pulumi.ResourceOption) ([]pulumi.Resource, error) {
	crds, err := CRDs()
	if err != nil {
		return nil, err
	}
	var out []pulumi.Resource
	for _, c := range crds {
		r, err := apiextensions.NewCustomResource(ctx, "crd-"+c.Name, &apiextensions.CustomResourceArgs{
			ApiVersion:  pulumi.String("apiextensions.k8s.io/v1"),
			Kind:        pulumi.String("CustomResourceDefinition"),
			Metadata:    metaFrom(c.Metadata),
			OtherFields: kubernetes.UntypedArgs{"spec": c.Spec},
		}, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// metaFrom keeps the upstream name and annotations (bundle version and
// channel, which tools read) and marks the CRD as the gateway addon's.
func metaFrom(m map[string]any) *metav1.ObjectMetaArgs {
	out := &metav1.ObjectMetaArgs{
		Name:   pulumi.String(m["name"].(string)),
		Labels: pulumi.StringMap{kit.AddonLabel: pulumi.String(AddonName)},
	}
	if a, ok := m["annotations"].(map[string]any); ok {
		ann := pulumi.StringMap{}
		for k, v := range a {
			ann[k] = pulumi.String(fmt.Sprint(v))
		}
		out.Annotations = ann
	}
	return out
}

// ServedKinds are the Gateway API kinds (Kind.group) of the embedded CRDs
// when the cloud's own controller installs them (CRDsManaged): mlkube then
// applies no CRD, so its Gateway and routes wait for none. Nil otherwise.
func ServedKinds(gc *cluster.GatewayController) ([]string, error) {
	if gc == nil || !gc.CRDsManaged {
		return nil, nil
	}
	crds, err := CRDs()
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(crds))
	for _, c := range crds {
		group, _ := c.Spec["group"].(string)
		names, _ := c.Spec["names"].(map[string]any)
		kind, _ := names["kind"].(string)
		if group == "" || kind == "" {
			return nil, fmt.Errorf("CRD %s: no spec.group or spec.names.kind", c.Name)
		}
		out = append(out, kind+"."+group)
	}
	return out, nil
}
