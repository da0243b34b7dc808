// Package charts renders Helm charts offline with the Helm library, so the
// plan can show what a release would really apply (manifest-level
// findings, such as a DaemonSet that does not tolerate a GPU taint) and
// `mlkube diff` can show manifest-level changes of a release. Helm release
// diffs otherwise show only values (pulumi-kubernetes #1701).
//
// Charts come from a local cache folder (see CacheDir), which
// `mlkube charts pull` fills when online. A chart that is not cached is
// not an error: the caller just has no manifests to show.
package charts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/chartcache"
	"github.com/mlkube/mlkube/internal/config"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/releaseutil"
	"sigs.k8s.io/yaml"
)

// EnvCache names the environment variable that overrides the cache folder.
const EnvCache = chartcache.EnvCache

// Redacted replaces the values of rendered Secrets.
const Redacted = "[secret]"

// CacheDir is the chart cache folder (chartcache.Dir).
func CacheDir() string { return chartcache.Dir() }

// ArchiveName is the file name of a chart version in the cache.
func ArchiveName(name, version string) string { return chartcache.ArchiveName(name, version) }

// Find returns the cached chart in dir, or "" (chartcache.Find).
func Find(dir, name, version string) string { return chartcache.Find(dir, name, version) }

// Options shape a rendering.
type Options struct {
	// ReleaseName is .Release.Name; empty uses the chart name (mlkube
	// names every release after its chart).
	ReleaseName string
	// Namespace is .Release.Namespace; namespaced built-in objects that
	// do not say their namespace get it, as `helm install` would.
	Namespace string
	// KubeVersion is .Capabilities.KubeVersion ("1.33" or "v1.33.4");
	// empty uses DefaultKubeVersion.
	KubeVersion string
	// APIVersions are API group versions the cluster serves beyond the
	// built-in ones (e.g. "monitoring.coreos.com/v1"), for charts that
	// render objects only when the API exists.
	APIVersions []string
	// KeepSecrets keeps the values of Secrets instead of redacting them.
	KeepSecrets bool
}

// DefaultKubeVersion is the Kubernetes version RenderRelease renders for.
// Helm's library default (v1.20) fails the kubeVersion constraint of most
// current charts, so the stack default is used instead.
var DefaultKubeVersion = config.DefaultKubernetesVersion

// RenderRelease renders a cached chart version as mlkube installs it:
// release name = chart name, in namespace, with values (plain values, as
// the plan records a release's inputs), for DefaultKubeVersion. It returns
// the objects in install order and cached=false (with no error) when the
// chart is not in the cache. Secrets' values are redacted. Use
// RenderCached to render for the cluster's own Kubernetes version.
func RenderRelease(chartName, version string, values map[string]any, namespace string) ([]map[string]any, bool, error) {
	return RenderCached(chartName, version, values, Options{Namespace: namespace})
}

// RenderCached renders a chart version from the cache with options (the
// release name defaults to the chart name); cached=false when the chart
// is not in the cache.
func RenderCached(chartName, version string, values map[string]any, o Options) ([]map[string]any, bool, error) {
	path := Find(CacheDir(), chartName, version)
	if path == "" {
		return nil, false, nil
	}
	if o.ReleaseName == "" {
		o.ReleaseName = chartName
	}
	objs, err := RenderPath(path, values, o)
	return objs, true, err
}

// RenderPath loads a chart (archive or folder) and renders it.
func RenderPath(path string, values map[string]any, o Options) ([]map[string]any, error) {
	ch, err := loader.Load(path)
	if err != nil {
		return nil, fmt.Errorf("charts: load %s: %w", path, err)
	}
	templated, err := templateValues(ch)
	if err != nil {
		return nil, fmt.Errorf("charts: load %s: %w", path, err)
	}
	objs, err := Render(ch, values, o)
	if err != nil || !templated {
		return objs, err
	}
	for _, obj := range objs {
		if left := Unsubstituted(obj); len(left) > 0 {
			return nil, fmt.Errorf("charts: %s %s/%s keeps %s of %s: set it in the release's values", ch.Name(), kindOf(obj), metaString(obj, "name"), strings.Join(left, ", "), ValuesTemplate)
		}
	}
	return objs, nil
}

// ValuesTemplate is the file a chart's release process turns into its
// values.yaml by substituting ${Name} placeholders (Envoy Gateway's
// gateway-helm: tools/make/helm.mk at tag v1.9.0 runs envsubst with the
// image and its pull policy). A chart built from its source repository has
// only the template.
const ValuesTemplate = "values.tmpl.yaml"

// placeholder is an unsubstituted ${Name} of a values template.
var placeholder = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_]*\}`)

// templateValues gives a chart without a values.yaml the defaults of its
// values template, so it renders as its release would; the caller's values
// must set every placeholder, which RenderPath refuses to leave in an
// object. It reports whether the template was used.
func templateValues(ch *chart.Chart) (bool, error) {
	if len(ch.Values) > 0 {
		return false, nil
	}
	for _, f := range ch.Files {
		if f.Name != ValuesTemplate {
			continue
		}
		var v map[string]any
		if err := yaml.Unmarshal(f.Data, &v); err != nil {
			return false, fmt.Errorf("%s: %w", ValuesTemplate, err)
		}
		ch.Values = v
		return true, nil
	}
	return false, nil
}

// Unsubstituted names the ${...} placeholders of a values template left
// in a rendered object (the caller did not set the value), or nil.
func Unsubstituted(obj map[string]any) []string {
	raw, err := yaml.Marshal(obj)
	if err != nil {
		return nil
	}
	return placeholder.FindAllString(string(raw), -1)
}

// Render renders a loaded chart the way `helm install` would, without a
// cluster: dependencies enabled by their conditions, values coalesced and
// checked against the chart's schema, templates rendered, NOTES and test
// hooks dropped, other hooks kept (Helm creates them too), CRDs of crds/
// folders first. Objects are sorted in Helm's install order, then by
// namespace, name and source file, so the same inputs give the same list.
func Render(ch *chart.Chart, values map[string]any, o Options) ([]map[string]any, error) {
	if values == nil {
		values = map[string]any{}
	}
	name := o.ReleaseName
	if name == "" {
		name = ch.Name()
	}
	caps := chartutil.DefaultCapabilities.Copy()
	if o.KubeVersion == "" {
		o.KubeVersion = DefaultKubeVersion
	}
	kv, err := chartutil.ParseKubeVersion(normalizeKubeVersion(o.KubeVersion))
	if err != nil {
		return nil, fmt.Errorf("charts: kube version %q: %w", o.KubeVersion, err)
	}
	caps.KubeVersion = *kv
	caps.APIVersions = append(caps.APIVersions, o.APIVersions...)
	if ch.Metadata.KubeVersion != "" && !chartutil.IsCompatibleRange(ch.Metadata.KubeVersion, caps.KubeVersion.String()) {
		return nil, fmt.Errorf("charts: %s requires Kubernetes %s, not %s", ch.Name(), ch.Metadata.KubeVersion, caps.KubeVersion.String())
	}
	if err := chartutil.ProcessDependenciesWithMerge(ch, values); err != nil {
		return nil, fmt.Errorf("charts: %s dependencies: %w", ch.Name(), err)
	}
	top, err := chartutil.ToRenderValuesWithSchemaValidation(ch, values, chartutil.ReleaseOptions{
		Name: name, Namespace: o.Namespace, Revision: 1, IsInstall: true,
	}, caps, false)
	if err != nil {
		return nil, fmt.Errorf("charts: %s values: %w", ch.Name(), err)
	}
	files, err := engine.Render(ch, top)
	if err != nil {
		return nil, fmt.Errorf("charts: render %s: %w", ch.Name(), err)
	}
	for f := range files {
		if strings.HasSuffix(f, "NOTES.txt") {
			delete(files, f)
		}
	}
	hooks, manifests, err := releaseutil.SortManifests(files, caps.APIVersions, releaseutil.InstallOrder)
	if err != nil {
		return nil, fmt.Errorf("charts: %s manifests: %w", ch.Name(), err)
	}

	var docs []doc
	for _, crd := range ch.CRDObjects() {
		for _, d := range splitDocs(string(crd.File.Data)) {
			docs = append(docs, doc{phase: phaseCRD, source: crd.Filename, text: d})
		}
	}
	for _, m := range manifests {
		docs = append(docs, doc{phase: phaseManifest, source: m.Name, text: m.Content})
	}
	for _, h := range hooks {
		if isTestHook(h) {
			continue
		}
		phase := phasePostHook
		if slices.Contains(h.Events, release.HookPreInstall) {
			phase = phasePreHook
		}
		docs = append(docs, doc{phase: phase, source: h.Path, text: h.Manifest})
	}
	var out []object
	for _, d := range docs {
		obj := map[string]any{}
		if err := yaml.Unmarshal([]byte(d.text), &obj); err != nil {
			return nil, fmt.Errorf("charts: %s: %s: %w", ch.Name(), d.source, err)
		}
		if len(obj) == 0 {
			continue
		}
		defaultNamespace(obj, o.Namespace)
		if !o.KeepSecrets {
			redactSecret(obj)
		}
		out = append(out, object{phase: d.phase, source: d.source, obj: obj})
	}
	sortObjects(out)
	result := make([]map[string]any, len(out))
	for i, x := range out {
		result[i] = x.obj
	}
	return result, nil
}

// Phases of an install, in order: CRDs of crds/ folders, pre-install
// hooks, the release's manifests, other hooks.
const (
	phaseCRD = iota
	phasePreHook
	phaseManifest
	phasePostHook
)

type doc struct {
	phase        int
	source, text string
}

type object struct {
	phase  int
	source string
	obj    map[string]any
}

func splitDocs(text string) []string {
	parts := releaseutil.SplitManifests(text)
	keys := make([]string, 0, len(parts))
	for k := range parts {
		keys = append(keys, k)
	}
	sort.Sort(releaseutil.BySplitManifestsOrder(keys))
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, parts[k])
	}
	return out
}

func isTestHook(h *release.Hook) bool {
	for _, e := range h.Events {
		if e == release.HookTest {
			return true
		}
	}
	return false
}

func normalizeKubeVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if strings.Count(v, ".") == 1 {
		v += ".0"
	}
	return "v" + v
}

// namespacedGroups are API groups whose kinds are all namespaced (apart
// from clusterScoped below); custom resources of other groups keep what
// the chart wrote, since only the cluster knows their scope.
var namespacedGroups = []string{"", "apps", "batch", "autoscaling", "policy", "networking.k8s.io",
	"rbac.authorization.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "monitoring.coreos.com"}

var clusterScoped = []string{"Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding",
	"IngressClass", "ComponentStatus"}

func defaultNamespace(obj map[string]any, ns string) {
	if ns == "" {
		return
	}
	api, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	group := ""
	if g, _, found := strings.Cut(api, "/"); found {
		group = g
	}
	if !slices.Contains(namespacedGroups, group) || slices.Contains(clusterScoped, kind) {
		return
	}
	meta, _ := obj["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		obj["metadata"] = meta
	}
	if s, _ := meta["namespace"].(string); s == "" {
		meta["namespace"] = ns
	}
}

func redactSecret(obj map[string]any) {
	if obj["kind"] != "Secret" {
		return
	}
	for _, k := range []string{"data", "stringData"} {
		m, ok := obj[k].(map[string]any)
		if !ok {
			continue
		}
		for key := range m {
			m[key] = Redacted
		}
	}
}

func sortObjects(objs []object) {
	rank := map[string]int{}
	for i, k := range releaseutil.InstallOrder {
		rank[k] = i
	}
	r := func(o object) int {
		if n, ok := rank[kindOf(o.obj)]; ok {
			return n
		}
		return len(releaseutil.InstallOrder)
	}
	sort.SliceStable(objs, func(i, j int) bool {
		a, b := objs[i], objs[j]
		if a.phase != b.phase {
			return a.phase < b.phase
		}
		if ra, rb := r(a), r(b); ra != rb {
			return ra < rb
		}
		if ka, kb := kindOf(a.obj), kindOf(b.obj); ka != kb {
			return ka < kb
		}
		if na, nb := metaString(a.obj, "namespace"), metaString(b.obj, "namespace"); na != nb {
			return na < nb
		}
		if na, nb := metaString(a.obj, "name"), metaString(b.obj, "name"); na != nb {
			return na < nb
		}
		return a.source < b.source
	})
}

func kindOf(obj map[string]any) string {
	k, _ := obj["kind"].(string)
	return k
}

func metaString(obj map[string]any, key string) string {
	m, _ := obj["metadata"].(map[string]any)
	s, _ := m[key].(string)
	return s
}

// Cached lists the chart archives and folders in dir, sorted.
func Cached(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".tgz") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}
