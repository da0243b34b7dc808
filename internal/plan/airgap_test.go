package plan

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/charts"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	airgapCharts   = "oci://harbor.example.com/charts"
	airgapRegistry = "harbor.example.com/mirror"
)

// publicHosts are the public chart repositories and image registries the
// pinned charts and mlkube's own images come from; an air-gapped stack
// must name none of them.
var publicHosts = []string{"docker.io", "quay.io", "registry.k8s.io", "k8s.gcr.io", "gcr.io", "ghcr.io", "nvcr.io",
	"docker.elastic.co", "cr.fluentbit.io", "public.ecr.aws", "mcr.microsoft.com", "pkg.dev",
	"helm.ngc.nvidia.com", "github.io", "helm.elastic.co", "docs.tigera.io"}

// airgapped is a shipped stack turned air-gapped: charts from an OCI
// mirror, images from a registry mirror, and every optional addon on, so
// that every pinned chart the stack can install is in the plan.
func airgapped(t *testing.T, name string) (*config.StackFile, *config.Config) {
	sf, cfg := stackFile(t, name)
	on := true
	cfg.Addons.Charts = config.Charts{Source: config.ChartsMirror, Mirror: airgapCharts}
	cfg.Addons.ImageRegistry = airgapRegistry
	cfg.Addons.Gateway.Enabled = &on
	cfg.Addons.Ingress.Enabled = &on
	// The team's own images: an air-gapped team pushes them to its mirror.
	own := func(ref *string) {
		if *ref != "" {
			*ref = versions.MirrorImage(*ref, airgapRegistry)
		}
	}
	for i := range cfg.Workloads.Inference {
		s := &cfg.Workloads.Inference[i]
		own(&s.Image)
		own(&s.Model.DownloaderImage)
		if s.Expose.Canary != nil {
			own(&s.Expose.Canary.Image)
		}
	}
	for i := range cfg.Workloads.Training {
		j := &cfg.Workloads.Training[i]
		own(&j.Image)
		if j.StageData != nil {
			own(&j.StageData.Image)
		}
	}
	return sf, cfg
}

// TestAirGappedPlansReferenceOnlyTheMirror: every shipped stack, made
// air-gapped, plans releases whose charts come from the mirror and
// names no public repository or registry anywhere: not in a registered
// object's inputs, and (with the chart cache) not in any object a chart
// renders. A container image must be the mirror's. The failure lists
// every offending value by resource and path.
func TestAirGappedPlansReferenceOnlyTheMirror(t *testing.T) {
	for _, name := range config.ListStacks("../..") {
		t.Run(name, func(t *testing.T) {
			p, err := BuildConfig(airgapped(t, name))
			require.NoError(t, err)
			var bad []string
			releases, rendered := 0, 0
			for _, r := range p.Resources {
				if r.Type == "kubernetes:helm.sh/v3:Release" {
					releases++
					chart, _ := r.Inputs["chart"].(string)
					if !strings.HasPrefix(chart, airgapCharts+"/") {
						bad = append(bad, fmt.Sprintf("%s: chart %q is not from the mirror", r.URN, chart))
					}
					if r.Inputs["repositoryOpts"] != nil {
						bad = append(bad, fmt.Sprintf("%s: repositoryOpts %v (an OCI mirror needs none)", r.URN, r.Inputs["repositoryOpts"]))
					}
				}
				if r.Rendered {
					rendered++
				}
				if r.Type == "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition" {
					continue // schemas and their descriptions, not references
				}
				bad = append(bad, publicReferences(r, "", r.Inputs)...)
			}
			require.Positive(t, releases, "the stack installs no chart")
			sort.Strings(bad)
			assert.Empty(t, bad, "the air-gapped plan of %s references what is not the mirror:\n%s", name, strings.Join(bad, "\n"))
			if rendered == 0 {
				t.Logf("chart cache %s is empty: only the registered objects and the releases' values were checked", charts.CacheDir())
			}
		})
	}
}

// publicReferences lists every string under v that names a public host,
// and every container image that is not the mirror's.
func publicReferences(r policy.Resource, path string, v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, publicReferences(r, path+"."+k, e)...)
		}
	case []any:
		for i, e := range x {
			out = append(out, publicReferences(r, fmt.Sprintf("%s[%d]", path, i), e)...)
		}
	case string:
		for _, h := range publicHosts {
			if strings.Contains(x, h) {
				return []string{fmt.Sprintf("%s %s: %q names %s", r.URN, path, x, h)}
			}
		}
		if strings.HasSuffix(path, ".image") && strings.Contains(path, "containers[") && !strings.HasPrefix(x, airgapRegistry+"/") {
			return []string{fmt.Sprintf("%s %s: image %q is not from the mirror", r.URN, path, x)}
		}
	}
	return out
}
