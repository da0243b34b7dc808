package charts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"helm.sh/helm/v3/pkg/chart/loader"
	"sigs.k8s.io/yaml"
)

// index is the part of a Helm repository's index.yaml that Pull reads.
type index struct {
	Entries map[string][]struct {
		Version string   `json:"version"`
		URLs    []string `json:"urls"`
		Digest  string   `json:"digest"`
	} `json:"entries"`
}

// ChartURL finds a chart version in a repository index and returns its
// archive URL (resolved against the repository URL) and sha256 digest.
func ChartURL(repoURL string, indexYAML []byte, name, version string) (string, string, error) {
	var idx index
	if err := yaml.Unmarshal(indexYAML, &idx); err != nil {
		return "", "", fmt.Errorf("index of %s: %w", repoURL, err)
	}
	for _, e := range idx.Entries[name] {
		if e.Version != version {
			continue
		}
		if len(e.URLs) == 0 {
			return "", "", fmt.Errorf("%s %s in %s has no download URL", name, version, repoURL)
		}
		base, err := url.Parse(strings.TrimSuffix(repoURL, "/") + "/")
		if err != nil {
			return "", "", err
		}
		ref, err := url.Parse(e.URLs[0])
		if err != nil {
			return "", "", err
		}
		return base.ResolveReference(ref).String(), e.Digest, nil
	}
	return "", "", fmt.Errorf("%s has no chart %s version %s", repoURL, name, version)
}

// Pull downloads a chart version from a Helm (HTTP) repository into dir as
// <name>-<version>.tgz, checks its digest from the index and that it loads
// as that chart, and returns its path. A chart already cached is kept.
// It needs network access; Helm's own getters are not used so that no
// Kubernetes client libraries are linked.
func Pull(ctx context.Context, client *http.Client, repoURL, name, version, dir string) (string, error) {
	if p := Find(dir, name, version); p != "" {
		return p, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	idx, err := get(ctx, client, strings.TrimSuffix(repoURL, "/")+"/index.yaml")
	if err != nil {
		return "", err
	}
	chartURL, digest, err := ChartURL(repoURL, idx, name, version)
	if err != nil {
		return "", err
	}
	data, err := get(ctx, client, chartURL)
	if err != nil {
		return "", err
	}
	if digest != "" {
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); !strings.EqualFold(got, digest) {
			return "", fmt.Errorf("%s: sha256 %s, index says %s", chartURL, got, digest)
		}
	}
	tmp, err := os.CreateTemp(dir, ".pull-*.tgz")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	ch, err := loader.Load(tmp.Name())
	if err != nil {
		return "", fmt.Errorf("%s: %w", chartURL, err)
	}
	if ch.Name() != name || ch.Metadata.Version != version {
		return "", fmt.Errorf("%s holds %s %s, not %s %s", chartURL, ch.Name(), ch.Metadata.Version, name, version)
	}
	dest := filepath.Join(dir, ArchiveName(name, version))
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return "", err
	}
	return dest, nil
}

func get(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return io.ReadAll(resp.Body)
}
