package versions_test

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersions(t *testing.T) {
	for in, want := range map[string]string{"1.29": "v1.29.5", "1.33": "v1.33.6", "1.33.4": "v1.33.6", "v1.34": "v1.34.5", "1.36": "v1.36.1"} {
		got, err := versions.AutoscalerTag(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
		assert.True(t, strings.HasPrefix(got, "v"+strings.TrimPrefix(in, "v")[:4]), "the autoscaler minor matches Kubernetes: %s", in)
	}
	for _, bad := range []string{"1.28", "1.37", "", "latest"} {
		_, err := versions.AutoscalerTag(bad)
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "cluster.kubernetesVersion")
	}
	assert.Equal(t, []string{"1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36"}, versions.AutoscalerMinors())

	seen := map[string]bool{}
	var names []string
	for _, c := range versions.Charts() {
		assert.True(t, strings.HasPrefix(c.Repo, "https://") || c.OCI(), c.Name)
		assert.NotEmpty(t, c.Version, c.Name)
		assert.False(t, seen[c.Name], "one pin per chart: %s", c.Name)
		seen[c.Name] = true
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"aws-load-balancer-controller", "cluster-autoscaler", "eck-operator", "fluent-bit", "gateway-helm", "gpu-operator", "ingress-nginx",
		"karpenter", "kube-prometheus-stack", "kueue", "metallb", "metrics-server", "nfs-subdir-external-provisioner", "prometheus-adapter", "tigera-operator", "vertical-pod-autoscaler"}, names)
	c, ok := versions.Lookup("ingress-nginx")
	assert.True(t, ok)
	assert.Equal(t, versions.IngressNginx, c)
	assert.True(t, versions.EnvoyGateway.OCI())
	assert.False(t, versions.IngressNginx.OCI())
	_, ok = versions.Lookup("traefik")
	assert.False(t, ok)
	assert.Equal(t, "v1", versions.GPUOperator.With("v1").Version)
	assert.Equal(t, versions.GPUOperator.Version, versions.GPUOperator.With("").Version)
}

func TestMirrorImage(t *testing.T) {
	for _, tc := range []struct{ ref, registry, want string }{
		{"quay.io/prometheus/prometheus:v3.5.0", "harbor.example.com/mirror", "harbor.example.com/mirror/prometheus/prometheus:v3.5.0"},
		{"registry.k8s.io/autoscaling/cluster-autoscaler", "registry.local:5000", "registry.local:5000/autoscaling/cluster-autoscaler"},
		{"localhost/tools/curl:1", "m.example.com", "m.example.com/tools/curl:1"},
		{"localhost:5000/curl:1", "m.example.com", "m.example.com/curl:1"},
		{"rclone/rclone:1.69.1", "m.example.com/hub", "m.example.com/hub/rclone/rclone:1.69.1"},
		{"busybox", "m.example.com", "m.example.com/busybox"},
		{"docker.io/library/busybox:1.37.0", "", "docker.io/library/busybox:1.37.0"},
	} {
		assert.Equal(t, tc.want, versions.MirrorImage(tc.ref, tc.registry), tc.ref)
	}
}

// TestImageValues: every pinned chart names its images somewhere in the
// table, and each form rewrites as its chart expects.
func TestImageValues(t *testing.T) {
	for _, c := range versions.Charts() {
		assert.NotEmpty(t, versions.ImageValues(c.Name), "chart %s has no image values: addons.imageRegistry could not mirror its images", c.Name)
	}
	byPath := func(chart, path string) versions.ImageValue {
		for _, v := range versions.ImageValues(chart) {
			if strings.Join(v.Path, ".") == path {
				return v
			}
		}
		t.Fatalf("no image value %s of %s", path, chart)
		return versions.ImageValue{}
	}
	const m = "harbor.example.com/mirror"
	for _, tc := range []struct {
		chart, path, current, want string
		set                        bool
	}{
		{"kube-prometheus-stack", "global.imageRegistry", "", m, true},
		{"tigera-operator", "installation.registry", "", m + "/", true}, // Calico's Installation wants the slash
		{"cluster-autoscaler", "image.repository", "", m + "/autoscaling/cluster-autoscaler", true},
		{"cluster-autoscaler", "image.repository", versions.AutoscalerRepository, m + "/autoscaling/cluster-autoscaler", true},
		{"cluster-autoscaler", "image.repository", "registry.example.org/own/autoscaler", "registry.example.org/own/autoscaler", false},
	} {
		got, set := byPath(tc.chart, tc.path).Mirrored(tc.current, m)
		assert.Equal(t, tc.want, got, tc.path)
		assert.Equal(t, tc.set, set, tc.path)
	}
	assert.Empty(t, versions.ImageValues("traefik"))
}
