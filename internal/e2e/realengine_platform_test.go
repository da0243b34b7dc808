//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/internal/chartcache"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// platformStack is the adopted GPU stack whose platform the real engine
// installs: a workstation's GPU node named in the stack and a CPU node
// found by its OS label, as the user's cluster has them.
const platformStack = "workstation"

// webhooksIgnored is the test-only values overlay, and all of it: kwok
// runs no containers, so no admission webhook of an addon can answer, and
// a webhook that fails closed would refuse the objects it guards (the
// Prometheus operator's, for the alert rules). Failing open lets the API
// server admit them unchecked. ECK's webhook already fails open by default
// and Envoy Gateway's topology injector always does.
var webhooksIgnored = map[string]map[string]any{
	"monitoring": {"prometheusOperator": map[string]any{"admissionWebhooks": map[string]any{"failurePolicy": "Ignore"}}},
	"logging":    {"webhook": map[string]any{"failurePolicy": "Ignore"}},
}

// platformReleases are the Helm releases the stack installs with every
// addon on (the cluster autoscaler does not apply to an adopted cluster,
// ingress-nginx only when a stack asks for it, Kueue only with a manager
// that answers its webhooks).
var platformReleases = []string{"eck-operator", "fluent-bit", "gateway-helm", "gpu-operator", "kube-prometheus-stack", "metrics-server", "prometheus-adapter", "vertical-pod-autoscaler"}

// TestRealEnginePlatform installs the whole platform with the real Pulumi
// engine: `pulumi up` of the workstation stack (workloads left out) with
// every addon on, the Gateway layer and an alerting receiver, its charts
// from the local chart cache (addons.charts.source: cache, nothing
// fetched), against a control plane with a kwok GPU node and CPU node.
// Each release is awaited by the Kubernetes provider as a user's would
// be. Then a second preview must show no change, and `pulumi destroy`
// must leave no addon namespace.
func TestRealEnginePlatform(t *testing.T) {
	pulumi, err := exec.LookPath("pulumi")
	if err != nil {
		t.Skip("SKIPPED: the real-engine step needs the Pulumi CLI on PATH (with pulumi-language-go and the kubernetes provider plugin)")
	}
	cache, err := filepath.Abs(chartcache.Dir())
	require.NoError(t, err)
	for _, c := range platformReleases {
		if p, _ := filepath.Glob(filepath.Join(cache, c+"-*")); len(p) == 0 {
			t.Skipf("SKIPPED: chart cache %s lacks %s (fill it with `mlkube charts pull` or ../shared/charts/build.py)", cache, c)
		}
	}
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	rep := &report{}
	defer rep.print()
	ctx := context.Background()
	began := time.Now()

	cp := startControlPlane(t, tools)
	cfg, _, err := config.Load("../..", platformStack)
	require.NoError(t, err)
	for _, p := range cfg.NodePools {
		nodes, err := AdoptedNodes(p, 1)
		require.NoError(t, err)
		for _, n := range nodes {
			createNode(t, cp, n)
		}
	}
	stop := startVolumeProvisioner(ctx, cp, cfg.Cluster.Existing.BlockProvisioner)
	defer stop()

	proj := realEngineProject(t, cp, platformStack, func(c map[string]any) {
		c["mlkube:workloads"] = map[string]any{}
		c["mlkube:addons"] = map[string]any{
			"charts":  map[string]any{"source": config.ChartsCache, "cache": cache},
			"gateway": map[string]any{"enabled": true},
			// The VPA's recommender: with no service asking for updates,
			// no admission webhook runs. Kueue is left out: its webhooks
			// fail closed in the chart's templates (no value turns them to
			// Ignore) and no Kueue manager runs on kwok; TestKueue runs the
			// real one.
			"vpa": map[string]any{"enabled": true},
			"monitoring": map[string]any{
				"values": webhooksIgnored["monitoring"],
				"alerting": map[string]any{"receivers": []any{map[string]any{
					"name": "ml-oncall", "severities": []any{"critical"},
					"email": map[string]any{"to": []any{"ml-oncall@example.com"}, "from": "alertmanager@example.com", "smarthost": "smtp.internal.example.com:587"},
				}}},
			},
			"logging": map[string]any{"values": webhooksIgnored["logging"]},
		}
	})
	run := func(timeout time.Duration, args ...string) string {
		t.Helper()
		out, err := pulumiRun(proj, pulumi, timeout, args...)
		require.NoError(t, err, "pulumi %s failed:\n%s", strings.Join(args, " "), tail(out, 8000))
		return out
	}
	rep.add(platformStack, "real engine platform: setup", fmt.Sprintf("control plane, nodes, bin/platform in %s", time.Since(began).Round(time.Second)))
	run(time.Minute, "stack", "init", platformStack, "--non-interactive")
	// Grafana's admin password as a user sets it: without one the
	// monitoring addon generates it with the random provider, whose plugin
	// cannot be built here.
	run(time.Minute, "config", "set", "--secret", "--path", "mlkube:addons.monitoring.grafanaAdminPassword", "e2e-only-password", "--stack", platformStack)

	start := time.Now()
	run(20*time.Minute, "up", "--yes", "--skip-preview", "--non-interactive", "--stack", platformStack)
	rep.add(platformStack, "real engine platform: pulumi up", fmt.Sprintf("succeeded in %s", time.Since(start).Round(time.Second)))
	for _, r := range releaseStatus(t, ctx, cp) {
		rep.add(platformStack, "real engine platform: release", r)
	}
	got := releaseNames(t, ctx, cp, "deployed")
	require.Equal(t, platformReleases, got, "the deployed Helm releases")

	start = time.Now()
	run(10*time.Minute, "preview", "--expect-no-changes", "--diff", "--non-interactive", "--stack", platformStack)
	rep.add(platformStack, "real engine platform: second preview", fmt.Sprintf("no changes (%s)", time.Since(start).Round(time.Second)))

	start = time.Now()
	run(15*time.Minute, "destroy", "--yes", "--skip-preview", "--non-interactive", "--stack", platformStack)
	var left []string
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(2 * time.Second) {
		left = addonNamespacesLeft(t, ctx, cp)
		if len(left) == 0 || time.Now().After(deadline) {
			break
		}
	}
	require.Empty(t, left, "addon namespaces left after pulumi destroy")
	require.Empty(t, releaseNames(t, ctx, cp, ""), "Helm releases left after pulumi destroy")
	rep.add(platformStack, "real engine platform: pulumi destroy", fmt.Sprintf("succeeded in %s; no addon namespace left", time.Since(start).Round(time.Second)))
	rep.add(platformStack, "real engine platform: whole test", time.Since(began).Round(time.Second).String())
}

// releaseStatus describes every Helm release in the cluster from its
// newest release Secret: name, namespace, revision and status.
func releaseStatus(t *testing.T, ctx context.Context, cp *ControlPlane) []string {
	list, err := cp.Client.CoreV1().Secrets("").List(ctx, metav1.ListOptions{LabelSelector: "owner=helm"})
	require.NoError(t, err)
	var out []string
	for _, s := range list.Items {
		out = append(out, fmt.Sprintf("%s/%s revision %s: %s", s.Namespace, s.Labels["name"], s.Labels["version"], s.Labels["status"]))
	}
	sort.Strings(out)
	return out
}

// releaseNames are the names of the Helm releases in the cluster, sorted;
// with status, only those in that status.
func releaseNames(t *testing.T, ctx context.Context, cp *ControlPlane, status string) []string {
	list, err := cp.Client.CoreV1().Secrets("").List(ctx, metav1.ListOptions{LabelSelector: "owner=helm"})
	require.NoError(t, err)
	var out []string
	for _, s := range list.Items {
		if status == "" || s.Labels["status"] == status {
			if n := s.Labels["name"]; !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// addonNamespacesLeft are the addons' namespaces that still exist.
func addonNamespacesLeft(t *testing.T, ctx context.Context, cp *ControlPlane) []string {
	list, err := cp.Client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	var left []string
	for _, ns := range list.Items {
		if slices.Contains(addons.Namespaces, ns.Name) && ns.Name != "default" && !strings.HasPrefix(ns.Name, "kube-") {
			left = append(left, ns.Name+" ("+string(ns.Status.Phase)+")")
		}
	}
	return left
}
