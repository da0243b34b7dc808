package helmrelease

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLocate: each source gives the Release the chart reference Helm
// needs, and the plan recovers the chart's name from every one of them.
func TestLocate(t *testing.T) {
	cache := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(cache, "metrics-server-"+versions.MetricsServer.Version), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(cache, "gateway-helm-"+versions.EnvoyGateway.Version+".tgz"), []byte("x"), 0o644))

	for _, tc := range []struct {
		name      string
		src       Sources
		chart     versions.Chart
		wantChart string
		wantRepo  string
		wantErr   string
	}{
		{"public http", Sources{}, versions.MetricsServer, "metrics-server", versions.MetricsServer.Repo, ""},
		{"public oci", Sources{Charts: config.ChartsPublic}, versions.EnvoyGateway, "oci://docker.io/envoyproxy/gateway-helm", "", ""},
		{"oci mirror", Sources{Charts: config.ChartsMirror, Mirror: "oci://harbor.example.com/charts"}, versions.MetricsServer, "oci://harbor.example.com/charts/metrics-server", "", ""},
		{"oci mirror of an oci chart", Sources{Charts: config.ChartsMirror, Mirror: "oci://harbor.example.com/charts"}, versions.EnvoyGateway, "oci://harbor.example.com/charts/gateway-helm", "", ""},
		{"http mirror", Sources{Charts: config.ChartsMirror, Mirror: "https://charts.example.com/stable"}, versions.EnvoyGateway, "gateway-helm", "https://charts.example.com/stable", ""},
		{"cache folder", Sources{Charts: config.ChartsCache, Cache: cache}, versions.MetricsServer, filepath.Join(cache, "metrics-server-"+versions.MetricsServer.Version), "", ""},
		{"cache archive", Sources{Charts: config.ChartsCache, Cache: cache}, versions.EnvoyGateway, filepath.Join(cache, "gateway-helm-"+versions.EnvoyGateway.Version+".tgz"), "", ""},
		{"not cached", Sources{Charts: config.ChartsCache, Cache: cache}, versions.GPUOperator, "", "", "addons.charts.source: cache: chart gpu-operator@" + versions.GPUOperator.Version + " is not in " + cache},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chart, repo, err := tc.src.Locate(tc.chart)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Contains(t, err.Error(), "mlkube charts pull")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantChart, chart)
			if tc.wantRepo == "" {
				assert.Nil(t, repo)
			} else {
				require.NotNil(t, repo)
				assert.Equal(t, pulumi.String(tc.wantRepo), repo.Repo)
			}
			assert.Equal(t, tc.chart.Name, ChartName(chart, tc.chart.Version), "the plan renders the chart the Release installs")
		})
	}
}

// TestValuesMirrorImages: with an image mirror every image value of the
// chart points at it, what the stack set itself is kept, and the caller's
// values are not modified; without one the values are returned as given.
func TestValuesMirrorImages(t *testing.T) {
	const m = "harbor.example.com/mirror"
	in := map[string]any{"image": map[string]any{"tag": "v1.36.1", "repository": versions.AutoscalerRepository}, "replicas": 1}
	out := Sources{ImageRegistry: m}.Values(versions.ClusterAutoscaler, in)
	assert.Equal(t, map[string]any{"image": map[string]any{"tag": "v1.36.1", "repository": m + "/autoscaling/cluster-autoscaler"}, "replicas": 1}, out)
	assert.Equal(t, versions.AutoscalerRepository, in["image"].(map[string]any)["repository"], "the caller's map is not modified")

	own := map[string]any{"image": map[string]any{"repository": "registry.example.org/own/autoscaler"}}
	assert.Equal(t, own, Sources{ImageRegistry: m}.Values(versions.ClusterAutoscaler, own), "an image the stack chose is kept")

	calico := Sources{ImageRegistry: m}.Values(versions.TigeraOperator, map[string]any{"installation": map[string]any{"cni": "Calico"}})
	assert.Equal(t, map[string]any{
		"installation":   map[string]any{"cni": "Calico", "registry": m + "/"},
		"tigeraOperator": map[string]any{"registry": m},
		"calicoctl":      map[string]any{"image": m + "/calico/ctl"},
	}, calico)

	assert.Equal(t, in, Sources{}.Values(versions.ClusterAutoscaler, in))
}
