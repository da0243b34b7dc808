//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/yaml"
)

// realEngineStack is the stack `make e2e` deploys with the real Pulumi
// engine: an adopted cluster, so every resource is a Kubernetes object the
// Kubernetes provider can create here.
const realEngineStack = "local"

// TestRealEngine runs the product as a user does: `pulumi up` of the local
// stack with the Pulumi CLI on PATH, its Go language host and Kubernetes
// provider, against a control plane whose one node looks like a fresh kind
// cluster's; then checks what Kubernetes did, that a second preview shows
// no change, and that `pulumi destroy` removes it. Helm charts cannot be
// fetched here, so the stack's addons are turned off. Without a Pulumi CLI
// on PATH the test says so and is skipped.
func TestRealEngine(t *testing.T) {
	pulumi := realEngineCLI(t)
	rep := &report{}
	defer rep.print()
	ctx := context.Background()
	cp, kind := localCluster(t)

	proj := realEngineProject(t, cp, realEngineStack, func(cfg map[string]any) {
		off := map[string]any{"enabled": false}
		cfg["mlkube:addons"] = map[string]any{
			"gpuOperator": off, "autoscaler": off, "metricsServer": off,
			"prometheusAdapter": off, "monitoring": off, "logging": off, "kueue": off,
		}
	})
	run := func(timeout time.Duration, args ...string) string {
		t.Helper()
		out, err := pulumiRun(proj, pulumi, timeout, args...)
		require.NoError(t, err, "pulumi %s failed:\n%s", strings.Join(args, " "), tail(out, 6000))
		return out
	}
	run(time.Minute, "stack", "init", realEngineStack, "--non-interactive")
	start := time.Now()
	run(20*time.Minute, "up", "--yes", "--skip-preview", "--non-interactive", "--stack", realEngineStack)
	rep.add(realEngineStack, "real engine: pulumi up", fmt.Sprintf("succeeded in %s", time.Since(start).Round(time.Second)))

	namespaces := teamNamespaces(t, ctx, cp)
	require.NotEmpty(t, namespaces, "pulumi up created no team namespace")
	var problems, summary []string
	for deadline := time.Now().Add(waitFor); ; time.Sleep(2 * time.Second) {
		problems, summary = CheckWorkloads(ctx, cp, namespaces)
		problems = append(problems, CheckPlacement(ctx, cp, namespaces)...)
		if len(problems) == 0 || time.Now().After(deadline) {
			break
		}
	}
	require.Empty(t, problems, "after pulumi up:\n%s", strings.Join(problems, "\n"))
	require.NotEmpty(t, summary, "pulumi up created no Deployment and no Job")
	for _, s := range summary {
		rep.add(realEngineStack, "real engine: workload", s)
	}
	node, err := cp.Client.CoreV1().Nodes().Get(ctx, kind.Name, metav1.GetOptions{})
	require.NoError(t, err)
	for k := range node.Labels {
		require.False(t, strings.HasPrefix(k, "mlkube.io/"), "pulumi up labelled the kind node with %s; a nodeSelector pool must leave it as it is", k)
	}

	start = time.Now()
	run(10*time.Minute, "preview", "--expect-no-changes", "--diff", "--non-interactive", "--stack", realEngineStack)
	rep.add(realEngineStack, "real engine: second preview", fmt.Sprintf("no changes (%s)", time.Since(start).Round(time.Second)))

	start = time.Now()
	run(15*time.Minute, "destroy", "--yes", "--skip-preview", "--non-interactive", "--stack", realEngineStack)
	for _, ns := range namespaces {
		n, err := cp.Client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		require.True(t, err != nil || n.DeletionTimestamp != nil, "namespace %s is still there after pulumi destroy", ns)
	}
	kept := retainedVolumes(t, ctx, cp)
	require.NotEmpty(t, kept, "no model or checkpoint volume outlived pulumi destroy")
	rep.add(realEngineStack, "real engine: pulumi destroy", fmt.Sprintf("succeeded in %s; volumes kept (reclaim Retain): %s",
		time.Since(start).Round(time.Second), strings.Join(kept, ", ")))
}

// realEngineCLI is the Pulumi CLI on PATH; without it, or without its Go
// language host, the test says so and is skipped.
func realEngineCLI(t *testing.T) string {
	t.Helper()
	pulumi, err := exec.LookPath("pulumi")
	if err != nil {
		t.Skip("SKIPPED: the real-engine step needs the Pulumi CLI on PATH (with pulumi-language-go and the kubernetes provider plugin); none found, so `pulumi up` was not exercised")
	}
	if _, err := exec.LookPath("pulumi-language-go"); err != nil {
		t.Skip("SKIPPED: the Pulumi CLI is on PATH but pulumi-language-go is not, so `pulumi up` was not exercised")
	}
	return pulumi
}

// localCluster is what the local stack is deployed to: a control plane
// whose one node looks like `kind create cluster --name mlkube`'s, with a
// stand-in for kind's volume provisioner. Both stop with the test.
func localCluster(t *testing.T) (*ControlPlane, *corev1.Node) {
	t.Helper()
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	cp := startControlPlane(t, tools)
	kind := KindNode(8, 32)
	createNode(t, cp, kind)
	t.Cleanup(startVolumeProvisioner(context.Background(), cp, "rancher.io/local-path"))
	return cp, kind
}

// realEngineProject lays out a throwaway copy of the project as `pulumi`
// sees it: Pulumi.yaml as shipped, go.mod (the Go language host reads the
// module graph for plugins), the program prebuilt into bin/platform (the
// runtime's `binary` option), and the stack file as edit changes it. The
// kubeconfig's context is the one the stack selects, as on the user's
// machine.
func realEngineProject(t *testing.T, cp *ControlPlane, stack string, edit func(cfg map[string]any)) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	proj := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(proj, f), data, 0o644))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(proj, ".pulumi-state"), 0o755))
	build := exec.Command("go", "build", "-o", filepath.Join(proj, "bin", "platform"), "./cmd/platform")
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build ./cmd/platform:\n%s", out)

	cfg := writeStack(t, proj, stack, edit)

	// The user's kubeconfig (for the local stack, after `kind create
	// cluster --name mlkube`): the stack selects its context.
	clusterCfg, _ := cfg["mlkube:cluster"].(map[string]any)
	existing, _ := clusterCfg["existing"].(map[string]any)
	kctx, _ := existing["context"].(string)
	require.NotEmpty(t, kctx, "stack %s names no cluster.existing.context", stack)
	kc, err := clientcmd.LoadFromFile(cp.Kubeconfig)
	require.NoError(t, err)
	kc.Contexts[kctx] = kc.Contexts[kc.CurrentContext]
	if kc.CurrentContext != kctx {
		delete(kc.Contexts, kc.CurrentContext)
	}
	kc.CurrentContext = kctx
	require.NoError(t, clientcmd.WriteToFile(*kc, filepath.Join(proj, "kubeconfig")))
	return proj
}

// writeStack writes the project's stack file: the shipped one as edit
// changes it. A test that changes the stack between runs writes it again,
// as a user edits the file before the next pulumi up.
func writeStack(t *testing.T, proj, stack string, edit func(cfg map[string]any)) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../..", "stacks", "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, yaml.Unmarshal(data, &doc))
	cfg, _ := doc["config"].(map[string]any)
	require.NotNil(t, cfg, "stack %s has no config", stack)
	edit(cfg)
	data, err = yaml.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(proj, "stacks"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(proj, "stacks", "Pulumi."+stack+".yaml"), data, 0o644))
	return cfg
}

// pulumiRun runs the CLI in the project with a file backend in the project
// and no plugin downloads: what it needs must be installed, as on a
// machine without network.
func pulumiRun(proj, pulumi string, timeout time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, pulumi, args...)
	cmd.Dir = proj
	cmd.Env = append(os.Environ(),
		"PULUMI_BACKEND_URL=file://"+filepath.Join(proj, ".pulumi-state"),
		"PULUMI_CONFIG_PASSPHRASE=mlkube-e2e",
		"PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
		"KUBECONFIG="+filepath.Join(proj, "kubeconfig"),
	)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s: %w", timeout, err)
	}
	return string(out), err
}

// teamNamespaces are the namespaces the stack created (every namespace but
// the cluster's own).
func teamNamespaces(t *testing.T, ctx context.Context, cp *ControlPlane) []string {
	list, err := cp.Client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	var out []string
	for _, ns := range list.Items {
		if ns.Name == "default" || strings.HasPrefix(ns.Name, "kube-") {
			continue
		}
		out = append(out, ns.Name)
	}
	return out
}

// retainedVolumes names the volumes that survive their claims: the data a
// replaced or destroyed stack must not lose.
func retainedVolumes(t *testing.T, ctx context.Context, cp *ControlPlane) []string {
	pvs, err := cp.Client.CoreV1().PersistentVolumes().List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	var out []string
	for _, pv := range pvs.Items {
		if pv.Spec.ClaimRef != nil && pv.Spec.PersistentVolumeReclaimPolicy == corev1.PersistentVolumeReclaimRetain {
			out = append(out, pv.Spec.ClaimRef.Namespace+"/"+pv.Spec.ClaimRef.Name)
		}
	}
	return out
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
