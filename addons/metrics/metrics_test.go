package metrics_test

import (
	"testing"

	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/addons/metrics"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetricsPerCloud(t *testing.T) {
	for _, kind := range addontest.Clouds {
		t.Run(kind, func(t *testing.T) {
			r := addontest.Install(t, addontest.Fixture{Kind: kind}, addontest.Defaults())
			ms := addontest.Release(r, "metrics-server")
			if kind == "gke" || kind == "aks" {
				assert.Nil(t, ms, "the cloud serves metrics.k8s.io")
			} else {
				require.NotNil(t, ms)
				assert.Equal(t, "metrics", ms["namespace"])
			}
			ad := addontest.Release(r, "prometheus-adapter")
			require.NotNil(t, ad)
			assert.Equal(t, monitoring.PrometheusURL, addontest.Get(ad, "values", "prometheus", "url"))
			rules := addontest.Get(ad, "values", "rules", "custom").([]any)
			assert.Len(t, rules, 3)
			assert.Equal(t, "gpu_utilisation", addontest.Get(rules[0], "name", "as"))
			assert.Equal(t, "pod", addontest.Get(rules[0], "resources", "overrides", "pod", "resource"))
		})
	}
	cfg := addontest.Defaults()
	cfg.Monitoring.Enabled = addontest.Off()
	r := addontest.Install(t, addontest.Fixture{Kind: "gke"}, cfg)
	assert.Nil(t, addontest.Release(r, "prometheus-adapter"))
}

func TestMetricsValues(t *testing.T) {
	ok, _ := metrics.MetricsServerApplies(&cluster.Cluster{})
	assert.True(t, ok)
	ok, why := metrics.MetricsServerApplies(&cluster.Cluster{Shape: cluster.Shape{Kind: "gke", Capabilities: cluster.Capabilities{MetricsServer: true}}})
	assert.False(t, ok)
	assert.Contains(t, why, "already serves metrics.k8s.io")
	assert.Nil(t, metrics.MetricsServerValues(&cluster.Cluster{Shape: cluster.Shape{Capabilities: addontest.Capabilities("eks")}})["args"],
		"kubelet certificates are verified where the cluster CA signs them")
	assert.Equal(t, []any{"--kubelet-insecure-tls"},
		metrics.MetricsServerValues(&cluster.Cluster{Shape: cluster.Shape{Capabilities: addontest.Capabilities(config.ProviderKubeadm)}})["args"],
		"kubeadm's kubelets serve self-signed certificates")
	v := metrics.AdapterValues("http://p")
	assert.Equal(t, false, addontest.Get(v, "rules", "default"))
	want := map[string]string{
		"gpu_utilisation":        `DCGM_FI_DEV_GPU_UTIL{namespace!="",pod!=""}`,
		"inference_queue_length": `inference_queue_length{namespace!="",pod!=""}`,
		"requests_per_second":    `inference_requests_total{namespace!="",pod!=""}`,
	}
	got := map[string]string{}
	for _, r := range addontest.Get(v, "rules", "custom").([]any) {
		got[addontest.Get(r, "name", "as").(string)] = addontest.Get(r, "seriesQuery").(string)
		assert.Equal(t, "pod", addontest.Get(r, "resources", "overrides", "pod", "resource"))
		assert.Equal(t, "namespace", addontest.Get(r, "resources", "overrides", "namespace", "resource"))
	}
	assert.Equal(t, want, got)
	rate := addontest.Get(addontest.Get(v, "rules", "custom").([]any)[2], "metricsQuery").(string)
	assert.Contains(t, rate, "rate(<<.Series>>", "requests per second is the counter's rate")
}

// TestHouse runs the house checks on metrics-server and the adapter
// alone, on every cloud (the adapter alone where the cloud serves
// metrics.k8s.io).
func TestHouse(t *testing.T) {
	addontest.House(t, addontest.Addon{Type: metrics.TypeToken, Name: "metrics", Kinds: addontest.Clouds}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := metrics.New(ctx, "metrics", &metrics.Args{Cluster: cl, PrometheusURL: monitoring.PrometheusURL})
		return err
	})
}
