// Package chartcache is where the local chart cache lives and how a chart
// version is found in it. It links no Helm library, so the Pulumi program
// can point a release at a cached chart; internal/charts renders them.
package chartcache

import (
	"os"
	"path/filepath"
)

// EnvCache names the environment variable that overrides the cache folder.
const EnvCache = "MLKUBE_CHART_CACHE"

// Dir is the chart cache folder: $MLKUBE_CHART_CACHE, else
// $XDG_CACHE_HOME/mlkube/charts, else ~/.cache/mlkube/charts.
func Dir() string {
	if d := os.Getenv(EnvCache); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "mlkube", "charts")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".cache", "mlkube", "charts")
	}
	return filepath.Join(os.TempDir(), "mlkube", "charts")
}

// ArchiveName is the file name of a chart version in the cache, as
// `helm pull` writes it: <name>-<version>.tgz.
func ArchiveName(name, version string) string { return name + "-" + version + ".tgz" }

// FolderName is the unpacked form of a chart version in the cache.
func FolderName(name, version string) string { return name + "-" + version }

// Find returns the cached chart in dir: the archive <name>-<version>.tgz or
// an unpacked folder <name>-<version>/. It returns "" when neither exists.
func Find(dir, name, version string) string {
	for _, p := range []string{filepath.Join(dir, ArchiveName(name, version)), filepath.Join(dir, FolderName(name, version))} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}
