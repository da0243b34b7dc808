package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChartSources: where charts and images come from is checked with the
// key path of every mistake, all at once; a good setting loads as written.
func TestChartSources(t *testing.T) {
	for _, tc := range []struct {
		name, addons string
		want         []string
	}{
		{name: "default is public", addons: `{}`},
		{name: "oci mirror", addons: `{"charts": {"source": "mirror", "mirror": "oci://harbor.example.com/charts"}, "imageRegistry": "harbor.example.com/mirror"}`},
		{name: "http mirror", addons: `{"charts": {"source": "mirror", "mirror": "https://charts.example.com/stable/"}}`},
		{name: "cache", addons: `{"charts": {"source": "cache", "cache": "/srv/charts"}, "imageRegistry": "registry.local:5000"}`},
		{name: "unknown source", addons: `{"charts": {"source": "s3"}}`,
			want: []string{"addons.charts.source: must be public, mirror or cache"}},
		{name: "mirror without URL", addons: `{"charts": {"source": "mirror"}}`,
			want: []string{"addons.charts.mirror: is required with source: mirror"}},
		{name: "mirror of another source", addons: `{"charts": {"mirror": "oci://h/c"}}`,
			want: []string{"addons.charts.mirror: is used only with source: mirror"}},
		{name: "mirror scheme", addons: `{"charts": {"source": "mirror", "mirror": "ftp://h/c"}}`,
			want: []string{"addons.charts.mirror: must start with oci://"}},
		{name: "mirror without host", addons: `{"charts": {"source": "mirror", "mirror": "harbor.example.com/charts"}}`,
			want: []string{"addons.charts.mirror: must be oci://host[/path]"}},
		{name: "mirror with credentials", addons: `{"charts": {"source": "mirror", "mirror": "https://u:p@charts.example.com"}}`,
			want: []string{"addons.charts.mirror: must have no query, fragment or credentials"}},
		{name: "oci mirror trailing slash", addons: `{"charts": {"source": "mirror", "mirror": "oci://h.example.com/charts/"}}`,
			want: []string{"addons.charts.mirror: must not end with /"}},
		{name: "relative cache and bad registry at once", addons: `{"charts": {"source": "cache", "cache": "charts"}, "imageRegistry": "https://harbor.example.com"}`,
			want: []string{"addons.charts.cache: must be an absolute path", "addons.imageRegistry: must be a registry host"}},
		{name: "cache of another source", addons: `{"charts": {"cache": "/srv/charts"}}`,
			want: []string{"addons.charts.cache: is used only with source: cache"}},
		{name: "registry with a tag", addons: `{"imageRegistry": "harbor.example.com/mirror:v1"}`,
			want: []string{"addons.imageRegistry: must be a registry host"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := with("addons", tc.addons)
			if len(tc.want) == 0 {
				c, err := Parse("mlkube", "test", raw)
				require.NoError(t, err)
				assert.Contains(t, []string{ChartsPublic, ChartsMirror, ChartsCache}, c.Addons.Charts.Source)
				return
			}
			got := problems(t, raw)
			require.Len(t, got, len(tc.want), strings.Join(got, "\n"))
			for i, w := range tc.want {
				assert.True(t, strings.HasPrefix(got[i], w), "want %q, got %q", w, got[i])
			}
		})
	}
	c, err := Parse("mlkube", "test", minimal())
	require.NoError(t, err)
	assert.Equal(t, ChartsPublic, c.Addons.Charts.Source, "public repositories unless the stack says otherwise")
}
