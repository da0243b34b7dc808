package logging_test

import (
	"testing"

	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/addons/logging"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogging(t *testing.T) {
	r := addontest.Install(t, addontest.Fixture{Kind: "gke", Storage: true}, addontest.Defaults())
	fb := addontest.Release(r, "fluent-bit")
	require.NotNil(t, fb)
	v := fb["values"]
	assert.Equal(t, "DaemonSet", addontest.Get(v, "kind"))
	// Fluent Bit runs on GPU nodes too: it tolerates every taint.
	for _, p := range addontest.Pools() {
		for _, taint := range p.Taints {
			assert.True(t, addontest.Tolerates(addontest.Get(v, "tolerations"), taint), "pool %s taint %s", p.Name, taint.Key)
		}
	}
	outputs := addontest.Get(v, "config", "outputs").(string)
	assert.Contains(t, outputs, "Host logs-es-http.logging.svc")
	assert.Contains(t, outputs, "tls.verify On")
	assert.Contains(t, outputs, "HTTP_Passwd ${ELASTIC_PASSWORD}")
	assert.Contains(t, addontest.Get(v, "config", "filters"), "Name kubernetes")
	assert.Equal(t, false, addontest.Get(v, "testFramework", "enabled"))
	assert.Equal(t, true, fb["cleanupOnFail"])
	assert.Equal(t, float64(600), fb["timeout"])

	eck := addontest.Release(r, "eck-operator")
	require.NotNil(t, eck)
	assert.Equal(t, versions.ECKOperator.Repo, addontest.Get(eck, "repositoryOpts", "repo"))

	es := r.One(t, "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "logs")
	kb := r.One(t, "kubernetes:kibana.k8s.elastic.co/v1:Kibana", "logs-kibana")
	assert.True(t, mocktest.WaitsFor(es, addontest.ReleaseType, "eck-operator"))
	assert.True(t, mocktest.WaitsFor(kb, addontest.ReleaseType, "eck-operator"))
	assert.Equal(t, versions.ElasticStack, addontest.Get(mocktest.Plain(es), "spec", "version"))
	claim := addontest.Get(mocktest.Plain(es), "spec", "nodeSets").([]any)[0]
	assert.Equal(t, "100Gi", addontest.Get(claim, "volumeClaimTemplates").([]any)[0].(map[string]any)["spec"].(map[string]any)["resources"].(map[string]any)["requests"].(map[string]any)["storage"])

	// Fluent Bit and the retention Job read the secrets ECK makes for the
	// Elasticsearch resource, so they wait for it.
	assert.True(t, mocktest.WaitsFor(r.One(t, addontest.ReleaseType, "fluent-bit"), "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "logs"))
	job := r.One(t, "kubernetes:batch/v1:Job", "logs-retention")
	assert.True(t, mocktest.WaitsFor(job, "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "logs"))
	script := addontest.Get(mocktest.Plain(job), "spec", "template", "spec", "containers").([]any)[0].(map[string]any)["command"].([]any)[2].(string)
	assert.Contains(t, script, `"min_age":"7d"`)
	assert.Contains(t, script, `_index_template/mlkube-logs`)
}

func TestLoggingValues(t *testing.T) {
	for nodes, want := range map[int]int{0: 0, 1: 0, 2: 1, 3: 1, 5: 1} {
		assert.Equal(t, want, logging.Replicas(config.Logging{Nodes: nodes}), nodes)
	}
	cfg := config.Logging{RetentionDays: 14, StorageGB: 30, Nodes: 3}
	assert.Equal(t, `{"policy":{"phases":{"delete":{"actions":{"delete":{}},"min_age":"14d"},"hot":{"actions":{}}}}}`, logging.LifecyclePolicyBody(cfg))
	assert.Equal(t, `{"index_patterns":["mlkube-logs-*","mlkube-node-*"],"priority":200,"template":{"settings":{"index.lifecycle.name":"mlkube-logs","index.number_of_replicas":1}}}`, logging.IndexTemplateBody(cfg))
	spec := logging.ElasticsearchSpec(cfg, "")
	set := addontest.Get(spec, "nodeSets").([]any)[0]
	assert.Equal(t, 3, addontest.Get(set, "count"))
	assert.Nil(t, addontest.Get(addontest.Get(set, "volumeClaimTemplates").([]any)[0], "spec", "storageClassName"), "no class: the cluster default")
	assert.Equal(t, false, addontest.Get(set, "config", "node.store.allow_mmap"))
	fb := logging.FluentBitValues()
	assert.Equal(t, []any{map[string]any{"operator": "Exists"}}, addontest.Get(fb, "tolerations"))
	assert.NotContains(t, addontest.Get(fb, "config", "outputs"), "{{", "no Helm template syntax: the chart passes config through tpl")
}

// TestHouse runs the house checks on logging alone, on every cloud.
func TestHouse(t *testing.T) {
	addontest.House(t, addontest.Addon{Type: logging.TypeToken, Name: "logging", Kinds: addontest.Clouds}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := logging.New(ctx, "logging", &logging.Args{Cluster: cl, Config: addontest.Defaults().Logging, StorageClass: "mlkube-standard"})
		return err
	})
}
