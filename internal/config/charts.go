package config

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
)

// registryRef is a registry host (with an optional port) and an optional
// path, as image references spell them: no scheme, no tag.
var registryRef = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$`)

// validateCharts checks addons.charts and addons.imageRegistry. A mirror
// given with another source would silently be ignored, so it is refused.
func validateCharts(e *errs, a *Addons) {
	c := a.Charts
	switch c.Source {
	case ChartsPublic, ChartsCache:
		if c.Mirror != "" {
			e.add("addons.charts.mirror", "is used only with source: %s (source is %s)", ChartsMirror, c.Source)
		}
	case ChartsMirror:
		if c.Mirror == "" {
			e.add("addons.charts.mirror", "is required with source: %s: an OCI registry (oci://harbor.example.com/charts) or an HTTP chart repository (https://charts.example.com)", ChartsMirror)
		} else if msg := mirrorProblem(c.Mirror); msg != "" {
			e.add("addons.charts.mirror", "%s, got %q", msg, c.Mirror)
		}
	default:
		e.add("addons.charts.source", "must be %s, %s or %s, got %q", ChartsPublic, ChartsMirror, ChartsCache, c.Source)
	}
	if c.Cache != "" {
		if c.Source != ChartsCache {
			e.add("addons.charts.cache", "is used only with source: %s (source is %s)", ChartsCache, c.Source)
		} else if !filepath.IsAbs(c.Cache) {
			// The Kubernetes provider reads the chart, from its own
			// working directory: only an absolute path means one folder.
			e.add("addons.charts.cache", "must be an absolute path, got %q", c.Cache)
		}
	}
	if r := a.ImageRegistry; r != "" && !registryRef.MatchString(r) {
		e.add("addons.imageRegistry", "must be a registry host with an optional port and path, such as harbor.example.com/mirror (no scheme, no tag), got %q", r)
	}
}

// mirrorProblem says what is wrong with a chart mirror URL, or "".
func mirrorProblem(m string) string {
	u, err := url.Parse(m)
	switch {
	case err != nil || u.Host == "":
		return "must be oci://host[/path] or an http(s):// chart repository URL"
	case u.Scheme != "oci" && u.Scheme != "https" && u.Scheme != "http":
		return "must start with oci://, https:// or http://"
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "must have no query, fragment or credentials (give credentials to Helm, not the stack file)"
	case u.Scheme == "oci" && strings.HasSuffix(m, "/"):
		return "must not end with /: a chart is <mirror>/<name>"
	}
	return ""
}
