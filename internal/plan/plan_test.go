package plan

import (
	"bytes"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/platform"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stackFile(t *testing.T, name string) (*config.StackFile, *config.Config) {
	t.Helper()
	cfg, sf, err := config.Load("../..", name)
	require.NoError(t, err)
	return sf, cfg
}

// tiny registers a provider, a component and objects that exercise every
// field of a plan resource.
func tiny(ctx *pulumi.Context, cfg *config.Config) (*platform.Result, error) {
	prov, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{
		Kubeconfig: pulumi.ToSecret(pulumi.String("apiVersion: v1")).(pulumi.StringOutput),
	})
	if err != nil {
		return nil, err
	}
	ns, err := corev1.NewNamespace(ctx, "ns", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("ml")},
	}, pulumi.Provider(prov))
	if err != nil {
		return nil, err
	}
	_, err = corev1.NewSecret(ctx, "token", &corev1.SecretArgs{
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String("token"), Namespace: ns.Metadata.Name()},
		StringData: pulumi.StringMap{"token": pulumi.ToSecret(pulumi.String("hunter2")).(pulumi.StringOutput)},
	}, pulumi.Provider(prov), pulumi.Protect(true), pulumi.RetainOnDelete(true), pulumi.IgnoreChanges([]string{"metadata.labels", "data"}))
	if err != nil {
		return nil, err
	}
	return &platform.Result{Cluster: &cluster.Cluster{}, Outputs: map[string]pulumi.Output{
		"namespace": ns.Metadata.Name().Elem(),
		"secret":    pulumi.ToSecret(pulumi.String("x")),
	}}, nil
}

func find(p *Plan, typ, name string) *policy.Resource {
	for i := range p.Resources {
		if p.Resources[i].Type == typ && p.Resources[i].Name == name {
			return &p.Resources[i]
		}
	}
	return nil
}

func TestPlanRecordsEveryField(t *testing.T) {
	sf, cfg := stackFile(t, "local")
	p, err := build(sf, cfg, tiny)
	require.NoError(t, err)

	prov := find(p, "pulumi:providers:kubernetes", "k8s")
	ns := find(p, "kubernetes:core/v1:Namespace", "ns")
	sec := find(p, "kubernetes:core/v1:Secret", "token")
	require.NotNil(t, prov)
	require.NotNil(t, ns)
	require.NotNil(t, sec)

	assert.Equal(t, "urn:pulumi:local::mlkube::kubernetes:core/v1:Secret::token", sec.URN)
	assert.Equal(t, Secret, prov.Inputs["kubeconfig"], "secret inputs are redacted")
	assert.Equal(t, map[string]any{"token": Secret}, sec.Inputs["stringData"], "a map holding a secret keeps its keys, every value redacted")
	assert.NotContains(t, string(mustJSON(t, p)), "hunter2")

	assert.Equal(t, prov.URN, ns.Provider)
	assert.Equal(t, []string{prov.URN}, ns.DependsOn, "the provider is a dependency")
	assert.ElementsMatch(t, []string{prov.URN, ns.URN}, sec.DependsOn, "input dependencies are recorded")
	assert.True(t, sec.Protect)
	assert.True(t, sec.RetainOnDelete)
	assert.Equal(t, []string{"data", "metadata.labels"}, sec.IgnoreChanges)
	assert.False(t, ns.Protect)

	assert.Equal(t, "ml", p.Outputs["namespace"])
	assert.Equal(t, Secret, p.Outputs["secret"])
}

func mustJSON(t *testing.T, p *Plan) []byte {
	b, err := p.JSON()
	require.NoError(t, err)
	return b
}

// TestPlanIsByteIdentical runs every stack several times: registration is
// concurrent, so anything that depends on timing (a dependency on a
// component, a Go map turned into a list) shows up as a difference.
func TestPlanIsByteIdentical(t *testing.T) {
	for _, name := range config.ListStacks("../..") {
		t.Run(name, func(t *testing.T) {
			sf, cfg := stackFile(t, name)
			a, err := BuildConfig(sf, cfg)
			require.NoError(t, err)
			for i := 0; i < 8; i++ {
				b, err := BuildConfig(sf, cfg)
				require.NoError(t, err)
				require.Equal(t, string(mustJSON(t, a)), string(mustJSON(t, b)), "run %d differs", i)
			}
		})
	}
}

func TestShippedStacksPlanWithoutErrorFindings(t *testing.T) {
	for _, name := range config.ListStacks("../..") {
		t.Run(name, func(t *testing.T) {
			sf, cfg := stackFile(t, name)
			p, err := BuildConfig(sf, cfg)
			require.NoError(t, err)
			for _, f := range p.Findings {
				assert.NotEqual(t, policy.SeverityError, f.Severity, "%s: %s", f.Policy, f.Message)
			}
			assert.NotEmpty(t, p.Resources)
			var text bytes.Buffer
			p.WriteText(&text)
			assert.Contains(t, text.String(), "Plan for stack "+name)
		})
	}
}

func TestConfigErrorsComeBeforeAnyResource(t *testing.T) {
	sf := &config.StackFile{Project: "mlkube", Stack: "bad", Values: map[string]string{
		"mlkube:cluster":   `{"provider": "existing", "name": "bad"}`,
		"mlkube:nodePools": `[{"name": "cpu", "max": 0}]`,
	}}
	p, err := Build(sf)
	require.Error(t, err)
	assert.Nil(t, p)
	assert.Contains(t, err.Error(), "nodePools[0].max: must be at least 1")
}

// A pool that shares GPUs with mixed MIG advertises instances as their own
// resource; workloads on it ask for that resource, and its count fits.
func TestMixedMIGPoolWorkloadsRequestInstances(t *testing.T) {
	sf := &config.StackFile{Project: "mlkube", Stack: "mig", Values: map[string]string{
		"mlkube:cluster": `{"provider": "existing", "name": "lab"}`,
		"mlkube:nodePools": `[{"name": "cpu", "nodes": ["c0"]},
			{"name": "mig", "nodes": ["m0"], "gpu": {"model": "a100", "count": 1, "sharing": {"mig": {"strategy": "mixed", "profile": "all-1g.5gb"}}}}]`,
		"mlkube:workloads": `{"teams": [{"name": "ml", "quota": {"gpus": 8}}],
			"inference": [{"name": "small", "team": "ml", "image": "r/s:1.0", "pool": "mig", "gpu": 3, "replicas": 2,
				"resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
				"model": {"source": "s3://b/m"}}]}`,
	}}
	p, err := Build(sf)
	require.NoError(t, err)
	d := find(p, "kubernetes:apps/v1:Deployment", "ml-small-deployment")
	require.NotNil(t, d)
	var container map[string]any
	for _, c := range d.Inputs["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any) {
		container = c.(map[string]any)
	}
	limits := container["resources"].(map[string]any)["limits"].(map[string]any)
	assert.Equal(t, "3", limits["nvidia.com/mig-1g.5gb"])
	assert.NotContains(t, limits, "nvidia.com/gpu")
	assert.Zero(t, p.ErrorFindings(), "%v", p.Findings)
}
