package kubeadm

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

const (
	testToken  = "abcdef.0123456789abcdef"
	testCAHash = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

func sampleInit() InitParams {
	return InitParams{
		ClusterName: "ml-onprem", Version: "1.33.4", Endpoint: "k8s-api.example.internal:6443",
		AdvertiseAddress: "192.0.2.10", NodeName: "cp-0", PodCIDR: "10.244.0.0/16", ServiceCIDR: "10.96.0.0/12",
		CertSANs: []string{"192.0.2.10", "k8s-api.example.internal"},
		Labels:   map[string]string{gpu.PoolLabel: "system"},
		Taints:   []config.Taint{ControlPlaneTaint},
		Token:    testToken,
	}
}

func sampleJoin() JoinParams {
	return JoinParams{
		Endpoint: "k8s-api.example.internal:6443", NodeName: "gpu-0",
		Labels: map[string]string{gpu.PoolLabel: "gpu", gpu.AcceleratorLabel: gpu.AcceleratorValue, gpu.ModelLabel: "l40s"},
		Taints: []config.Taint{{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect}},
		Token:  testToken, CAHash: testCAHash,
	}
}

// docs splits a multi-document YAML text into its documents by kind.
func docs(t *testing.T, text string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, part := range strings.Split(text, "---\n") {
		var m map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(part), &m))
		out[m["kind"].(string)] = m
	}
	return out
}

func TestInitConfig(t *testing.T) {
	d := docs(t, InitConfig(sampleInit()))
	require.Contains(t, d, "InitConfiguration")
	require.Contains(t, d, "ClusterConfiguration")
	require.Contains(t, d, "KubeletConfiguration")
	init, cl := d["InitConfiguration"], d["ClusterConfiguration"]
	assert.Equal(t, "kubeadm.k8s.io/v1beta4", init["apiVersion"])
	tok := init["bootstrapTokens"].([]any)[0].(map[string]any)
	assert.Equal(t, testToken, tok["token"])
	assert.Equal(t, "192.0.2.10", init["localAPIEndpoint"].(map[string]any)["advertiseAddress"])
	reg := init["nodeRegistration"].(map[string]any)
	assert.Equal(t, "cp-0", reg["name"])
	assert.Equal(t, []any{map[string]any{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}}, reg["taints"])
	assert.Equal(t, []any{map[string]any{"name": "node-labels", "value": "mlkube.io/pool=system"}}, reg["kubeletExtraArgs"])

	assert.Equal(t, "v1.33.4", cl["kubernetesVersion"])
	assert.Equal(t, "k8s-api.example.internal:6443", cl["controlPlaneEndpoint"])
	assert.Equal(t, map[string]any{"podSubnet": "10.244.0.0/16", "serviceSubnet": "10.96.0.0/12", "dnsDomain": "cluster.local"}, cl["networking"])
	assert.Equal(t, []any{"192.0.2.10", "k8s-api.example.internal"}, cl["apiServer"].(map[string]any)["certSANs"])
	assert.Equal(t, "systemd", d["KubeletConfiguration"]["cgroupDriver"])

	// An untainted control plane says so explicitly: kubeadm would taint it
	// when the list is absent.
	p := sampleInit()
	p.Taints = nil
	reg = docs(t, InitConfig(p))["InitConfiguration"]["nodeRegistration"].(map[string]any)
	assert.Equal(t, []any{}, reg["taints"])
	// The text is stable: the same input gives the same bytes.
	assert.Equal(t, InitConfig(sampleInit()), InitConfig(sampleInit()))
}

func TestJoinConfig(t *testing.T) {
	j := docs(t, JoinConfig(sampleJoin()))["JoinConfiguration"]
	bt := j["discovery"].(map[string]any)["bootstrapToken"].(map[string]any)
	assert.Equal(t, "k8s-api.example.internal:6443", bt["apiServerEndpoint"])
	assert.Equal(t, testToken, bt["token"])
	assert.Equal(t, []any{testCAHash}, bt["caCertHashes"])
	reg := j["nodeRegistration"].(map[string]any)
	assert.Equal(t, "gpu-0", reg["name"])
	assert.Equal(t, []any{map[string]any{"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}}, reg["taints"])
	assert.Equal(t, "mlkube.io/accelerator=nvidia,mlkube.io/gpu-model=l40s,mlkube.io/pool=gpu",
		reg["kubeletExtraArgs"].([]any)[0].(map[string]any)["value"])
}

// kubeadmBinary finds kubeadm: MLKUBE_KUBEADM, the e2e cache (where `make
// e2e` builds it from k8s.io/kubernetes), or PATH.
func kubeadmBinary() string {
	if p := os.Getenv("MLKUBE_KUBEADM"); p != "" {
		return p
	}
	cache := os.Getenv("MLKUBE_E2E_CACHE")
	if cache == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(d, "mlkube-e2e")
		}
	}
	if p := filepath.Join(cache, "bin-v1.33.4", "kubeadm"); cache != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	p, _ := exec.LookPath("kubeadm")
	return p
}

// The generated configurations pass the real `kubeadm config validate`.
func TestKubeadmConfigValidate(t *testing.T) {
	bin := kubeadmBinary()
	if bin == "" {
		t.Skip("kubeadm not found (make e2e builds it into ~/.cache/mlkube-e2e; or set MLKUBE_KUBEADM): generated configs not validated by kubeadm")
	}
	dir := t.TempDir()
	noTaint := sampleInit()
	noTaint.Taints, noTaint.AdvertiseAddress = nil, "cp.example.internal"
	cases := map[string]string{
		"init":           InitConfig(sampleInit()),
		"init-untainted": InitConfig(noTaint),
		"join":           JoinConfig(sampleJoin()),
	}
	for name, text := range cases {
		path := filepath.Join(dir, name+".yaml")
		require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
		out, err := exec.Command(bin, "config", "validate", "--config", path).CombinedOutput()
		assert.NoError(t, err, "kubeadm config validate %s:\n%s\n--- config ---\n%s", name, out, text)
	}
	// And it would catch a broken one.
	bad := strings.Replace(JoinConfig(sampleJoin()), testToken, "not-a-token", 1)
	path := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o600))
	_, err := exec.Command(bin, "config", "validate", "--config", path).CombinedOutput()
	assert.Error(t, err, "kubeadm must refuse a malformed bootstrap token")
}
