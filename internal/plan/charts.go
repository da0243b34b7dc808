package plan

import (
	"fmt"
	"sort"

	"github.com/mlkube/mlkube/internal/charts"
	"github.com/mlkube/mlkube/internal/helmrelease"
	"github.com/mlkube/mlkube/internal/policy"
)

// renderReleases renders, with the Helm library, every Helm release whose
// chart is in the local chart cache (`mlkube charts pull`), using the values
// the program computed. The objects join the plan marked Rendered, so
// policies see manifest-level mistakes (a DaemonSet without the GPU
// toleration), `mlkube diff` shows manifest-level changes of a release, and
// `mlkube render` includes them. Releases whose chart is not cached are
// planned at the values level only.
func renderReleases(resources []policy.Resource, kubeVersion string) ([]policy.Resource, error) {
	var out []policy.Resource
	for _, r := range resources {
		if r.Type != "kubernetes:helm.sh/v3:Release" {
			continue
		}
		ref, _ := r.Inputs["chart"].(string)
		version, _ := r.Inputs["version"].(string)
		// The chart as `pulumi up` gets it (a name, an oci:// reference of
		// its registry or a mirror, or a cached folder), rendered from the
		// local cache.
		chart := helmrelease.ChartName(ref, version)
		namespace, _ := r.Inputs["namespace"].(string)
		name, _ := r.Inputs["name"].(string)
		values, _ := r.Inputs["values"].(map[string]any)
		objs, cached, err := charts.RenderCached(chart, version, values, charts.Options{
			ReleaseName: name, Namespace: namespace, KubeVersion: kubeVersion,
		})
		if err != nil {
			return nil, fmt.Errorf("rendering chart %s %s of release %s: %w", chart, version, r.Name, err)
		}
		if !cached {
			continue
		}
		for _, res := range charts.Resources(r.URN, objs) {
			res.Rendered = true
			out = append(out, res)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out, nil
}
