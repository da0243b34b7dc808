package charts

import (
	"strings"

	"github.com/mlkube/mlkube/internal/policy"
)

// TypeToken is the Pulumi type token of a Kubernetes object:
// kubernetes:<group>/<version>:<Kind>, the core group spelled "core".
func TypeToken(obj map[string]any) string {
	api, _ := obj["apiVersion"].(string)
	if !strings.Contains(api, "/") {
		api = "core/" + api
	}
	return "kubernetes:" + api + ":" + kindOf(obj)
}

// Resources turns a release's rendered objects into policy resources, so
// the policy set checks them like registered objects: each is a child of
// the release (URN releaseURN) and depends on it, as Helm applies the
// release's CRDs before its other objects. Pass them to policy.Check
// together with the release's own resource. URNs are
// <release URN's type chain>$<type>::<release name>/<namespace>/<name>,
// unique within a plan and the same on every run.
func Resources(releaseURN string, objs []map[string]any) []policy.Resource {
	prefix, releaseName := releaseURN, ""
	if i := strings.LastIndex(releaseURN, "::"); i >= 0 {
		prefix, releaseName = releaseURN[:i], releaseURN[i+2:]
	}
	out := make([]policy.Resource, 0, len(objs))
	for _, o := range objs {
		name := metaString(o, "name")
		if ns := metaString(o, "namespace"); ns != "" {
			name = ns + "/" + name
		}
		typ := TypeToken(o)
		out = append(out, policy.Resource{
			URN:       prefix + "$" + typ + "::" + releaseName + "/" + name,
			Type:      typ,
			Name:      name,
			Parent:    releaseURN,
			Custom:    true,
			Inputs:    o,
			DependsOn: []string{releaseURN},
		})
	}
	return out
}
