package existing

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parse(t *testing.T, clusterJSON string, kubeconfig string) *config.Config {
	t.Helper()
	raw := map[string]string{
		"mlkube:cluster":   clusterJSON,
		"mlkube:nodePools": `[{"name": "cpu", "nodes": ["c0"]}, {"name": "gpu", "nodes": ["g0"], "gpu": {"model": "t4", "count": 1}}]`,
	}
	if kubeconfig != "" {
		raw["mlkube:kubeconfig"] = kubeconfig
	}
	c, err := config.Parse("mlkube", "test", raw)
	require.NoError(t, err)
	return c
}

func TestProviderFromPathAndContext(t *testing.T) {
	cfg := parse(t, `{"provider": "existing", "name": "lab", "existing": {"kubeconfig": "/etc/lab/kubeconfig", "context": "lab-admin",
		"blockProvisioner": "rancher.io/local-path", "sharedProvisioner": "nfs.csi.k8s.io", "gpuDriverPreinstalled": true, "metricsServer": true}}`, "")
	rec := &mocktest.Recorder{}
	var cl *cluster.Cluster
	rec.Run(t, func(ctx *pulumi.Context) error {
		var err error
		cl, err = Provider.New(ctx, cfg.Cluster.Name, cfg)
		return err
	})

	comp := rec.One(t, TypeToken, "lab")
	assert.False(t, comp.Custom)
	prov := rec.One(t, "pulumi:providers:kubernetes", "lab")
	assert.Equal(t, "lab", prov.Inputs["clusterIdentifier"].StringValue(), "a stable identifier: credential changes update, not replace")
	assert.Equal(t, "lab-admin", prov.Inputs["context"].StringValue())
	require.True(t, prov.Inputs["kubeconfig"].IsSecret(), "the kubeconfig input is secret")
	assert.Equal(t, "/etc/lab/kubeconfig", prov.Inputs["kubeconfig"].SecretValue().Element.StringValue())
	assert.Contains(t, prov.RegisterRPC.GetParent(), TypeToken, "the provider is a child of the cluster component")

	assert.Equal(t, "existing", cl.Kind)
	assert.Equal(t, config.DefaultKubernetesVersion, cl.KubernetesVersion)
	assert.Len(t, cl.Pools, 2)
	assert.Equal(t, "nvidia.com/gpu", cl.Pools[1].Taints[0].Key)
	assert.True(t, cl.Capabilities.GPUDriverPreinstalled)
	assert.False(t, cl.Capabilities.ContainerToolkitPreinstalled)
	assert.True(t, cl.Capabilities.MetricsServer)
	assert.False(t, cl.Capabilities.ManagedAutoscaling)
	assert.Equal(t, "rancher.io/local-path", cl.Storage.Fast.Provisioner)
	require.NotNil(t, cl.Storage.Shared)
	assert.Equal(t, "nfs.csi.k8s.io", cl.Storage.Shared.Provisioner)
	assert.True(t, pulumi.IsSecret(cl.Kubeconfig))
}

func TestSecretKubeconfigWins(t *testing.T) {
	cfg := parse(t, `{"provider": "existing", "name": "lab", "existing": {"kubeconfig": "/ignored"}}`, "apiVersion: v1\nkind: Config\n")
	assert.Equal(t, "apiVersion: v1\nkind: Config\n", KubeconfigSource(cfg))
	rec := &mocktest.Recorder{}
	rec.Run(t, func(ctx *pulumi.Context) error { _, err := Provider.New(ctx, cfg.Cluster.Name, cfg); return err })
	prov := rec.One(t, "pulumi:providers:kubernetes", "lab")
	assert.True(t, prov.Inputs["kubeconfig"].IsSecret())
	assert.Contains(t, prov.Inputs["kubeconfig"].SecretValue().Element.StringValue(), "kind: Config")
}

func TestAmbientKubeconfig(t *testing.T) {
	cfg := parse(t, `{"provider": "existing", "name": "lab"}`, "")
	rec := &mocktest.Recorder{}
	var cl *cluster.Cluster
	rec.Run(t, func(ctx *pulumi.Context) error {
		var err error
		cl, err = Provider.New(ctx, cfg.Cluster.Name, cfg)
		return err
	})
	prov := rec.One(t, "pulumi:providers:kubernetes", "lab")
	_, set := prov.Inputs["kubeconfig"]
	assert.False(t, set, "no kubeconfig input: the provider uses the ambient KUBECONFIG")
	assert.Nil(t, cl.Storage.Shared, "no shared provisioner, no RWX class")
}
