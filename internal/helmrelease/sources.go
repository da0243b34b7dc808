package helmrelease

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/chartcache"
	"github.com/mlkube/mlkube/internal/config"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Sources say where a stack's charts and pinned images come from
// (addons.charts, addons.imageRegistry). The zero value is the public
// repositories and registries.
type Sources struct {
	// Charts is config.ChartsPublic, ChartsMirror or ChartsCache.
	Charts string
	// Mirror is the chart mirror (oci:// registry or HTTP repository).
	Mirror string
	// Cache is the chart cache folder with ChartsCache.
	Cache string
	// ImageRegistry is the image mirror, host[/path]; empty keeps the
	// charts' own registries.
	ImageRegistry string
}

// FromConfig are the sources a stack asks for; a cache source without a
// folder uses the cache of the machine that runs the program.
func FromConfig(a config.Addons) Sources {
	s := Sources{Charts: a.Charts.Source, Mirror: a.Charts.Mirror, Cache: a.Charts.Cache, ImageRegistry: a.ImageRegistry}
	if s.Charts == config.ChartsCache && s.Cache == "" {
		if d, err := filepath.Abs(chartcache.Dir()); err == nil {
			s.Cache = d
		}
	}
	return s
}

type sourcesKey struct{}

// WithSources returns ctx carrying s. The platform program calls it once,
// before the cluster provider, so that every release of the stack (an
// addon's, a provider's own) and every pinned image follows the one stack
// setting without each caller passing it along.
func WithSources(ctx *pulumi.Context, s Sources) *pulumi.Context {
	return ctx.WithValue(sourcesKey{}, s)
}

// SourcesOf are the sources ctx carries (the zero value, public, when none).
func SourcesOf(ctx *pulumi.Context) Sources {
	s, _ := ctx.Value(sourcesKey{}).(Sources)
	return s
}

// Image is a pinned image that mlkube itself runs (not a chart's, not one
// the stack names), pulled from the stack's image mirror when it has one.
func Image(ctx *pulumi.Context, ref string) string {
	return versions.MirrorImage(ref, SourcesOf(ctx).ImageRegistry)
}

// Locate is the Release's chart and repository options for chart c: the
// chart's own repository, the mirror, or a path in the chart cache. The
// same decision gives the plan's rendering its chart (ChartName).
func (s Sources) Locate(c versions.Chart) (string, *helmv3.RepositoryOptsArgs, error) {
	switch s.Charts {
	case config.ChartsMirror:
		if strings.HasPrefix(s.Mirror, "oci://") {
			return s.Mirror + "/" + c.Name, nil, nil
		}
		return c.Name, &helmv3.RepositoryOptsArgs{Repo: pulumi.String(s.Mirror)}, nil
	case config.ChartsCache:
		p := chartcache.Find(s.Cache, c.Name, c.Version)
		if p == "" {
			return "", nil, fmt.Errorf("addons.charts.source: cache: chart %s is not in %s (neither %s nor %s/); fill the cache with `mlkube charts pull --cache %s` where the charts can be reached",
				c, s.Cache, chartcache.ArchiveName(c.Name, c.Version), chartcache.FolderName(c.Name, c.Version), s.Cache)
		}
		return p, nil, nil
	}
	if c.OCI() {
		// Helm pulls an OCI chart by its reference; a repository URL
		// would be looked up as an index.yaml and fail.
		return c.Repo + "/" + c.Name, nil, nil
	}
	return c.Name, &helmv3.RepositoryOptsArgs{Repo: pulumi.String(c.Repo)}, nil
}

// ChartName is the name of the chart a Release's chart input refers to,
// whichever source Locate chose: a name, an oci:// reference or a cached
// archive or folder <name>-<version>.
func ChartName(chart, version string) string {
	switch {
	case strings.HasPrefix(chart, "oci://"):
		return path.Base(chart)
	case strings.ContainsRune(chart, filepath.Separator) || strings.ContainsRune(chart, '/'):
		base := strings.TrimSuffix(filepath.Base(chart), ".tgz")
		return strings.TrimSuffix(base, "-"+version)
	}
	return chart
}

// Values are values with every image of chart c pointed at the image
// mirror (versions.ImageValues), leaving values unchanged when there is
// no mirror. values is not modified.
func (s Sources) Values(c versions.Chart, values map[string]any) map[string]any {
	if s.ImageRegistry == "" {
		return values
	}
	out := values
	for _, iv := range versions.ImageValues(c.Name) {
		current, _ := lookup(out, iv.Path).(string)
		if v, ok := iv.Mirrored(current, s.ImageRegistry); ok {
			out = with(out, iv.Path, v)
		}
	}
	return out
}

func lookup(m map[string]any, p []string) any {
	var cur any = m
	for _, k := range p {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[k]
	}
	return cur
}

// with returns a copy of m with the value at p set to v, copying only the
// maps on the way; a non-map on the way is replaced by a map.
func with(m map[string]any, p []string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, x := range m {
		out[k] = x
	}
	if len(p) == 1 {
		out[p[0]] = v
		return out
	}
	child, _ := m[p[0]].(map[string]any)
	out[p[0]] = with(child, p[1:], v)
	return out
}
