//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mlkube/mlkube/addons/kueue"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// queueGPUPool is the GPU pool the queue test adds to the local stack: two
// one-GPU nodes found by a label they carry, as an adopted cluster's are.
var queueGPUPool = config.NodePool{
	Name: "gpu", MachineType: "local-gpu-1", Min: 2, Max: 2,
	NodeSelector: map[string]string{"mlkube-e2e/role": "gpu"},
	GPU:          &config.GPU{Model: "t4", Count: 1},
}

// queueJob is the distributed job that has to wait: one GPU on each of
// the pool's two nodes, the team's whole GPU quota.
const queueJob = "finetune"

// queueStack edits the local stack for the queue test: Kueue already runs
// in the cluster (addons.kueue.install: false), no other addon (no chart
// can be fetched here), the GPU pool, a team quota of 2 GPUs and, with
// job, the 2-GPU distributed job.
func queueStack(job bool) func(cfg map[string]any) {
	return func(cfg map[string]any) {
		off := map[string]any{"enabled": false}
		cfg["mlkube:addons"] = map[string]any{
			"gpuOperator": off, "autoscaler": off, "metricsServer": off,
			"prometheusAdapter": off, "monitoring": off, "logging": off,
			"kueue": map[string]any{"install": false},
		}
		sel := map[string]any{}
		for k, v := range queueGPUPool.NodeSelector {
			sel[k] = v
		}
		pools, _ := cfg["mlkube:nodePools"].([]any)
		cfg["mlkube:nodePools"] = append(pools, map[string]any{
			"name": queueGPUPool.Name, "machineType": queueGPUPool.MachineType, "nodeSelector": sel,
			"min": queueGPUPool.Min, "max": queueGPUPool.Max,
			"gpu": map[string]any{"model": queueGPUPool.GPU.Model, "count": queueGPUPool.GPU.Count},
		})
		w, _ := cfg["mlkube:workloads"].(map[string]any)
		teams, _ := w["teams"].([]any)
		team, _ := teams[0].(map[string]any)
		quota, _ := team["quota"].(map[string]any)
		quota["gpus"] = queueGPUPool.Max
		if job {
			small := map[string]any{"cpu": "100m", "memory": "64Mi"}
			training, _ := w["training"].([]any)
			w["training"] = append(training, map[string]any{
				"name": queueJob, "team": team["name"], "image": "busybox:1.37.0", "pool": queueGPUPool.Name,
				"gpu": 1, "distributed": map[string]any{"nodes": queueGPUPool.Max},
				"resources": map[string]any{"requests": small, "limits": small},
				"command":   []any{"sh", "-c", "echo rank $RANK"},
			})
		}
	}
}

var (
	flavorsGVR       = schema.GroupVersionResource{Group: "kueue.x-k8s.io", Version: "v1beta2", Resource: "resourceflavors"}
	clusterQueuesGVR = schema.GroupVersionResource{Group: "kueue.x-k8s.io", Version: "v1beta2", Resource: "clusterqueues"}
)

// TestRealEngineQueue: the local stack with the real Pulumi engine against
// a cluster whose own Kueue (the real v0.17.0 manager, its webhooks
// answering) admits the training jobs, mlkube installing none
// (addons.kueue.install: false). A first pulumi up creates the flavors,
// queues and jobs; someone else's job then holds the team's GPU quota; a
// second up adds a distributed job that must wait: suspended, no pod, its
// Workload pending. A preview then shows no changes; when the quota frees
// Kueue admits the job (unsuspends it, adds its flavor's placement), and
// a further preview still shows none. pulumi destroy removes what mlkube
// made and leaves the cluster's Kueue as it was.
func TestRealEngineQueue(t *testing.T) {
	pulumi := realEngineCLI(t)
	rep := &report{}
	defer rep.print()
	ctx := context.Background()
	const stack = realEngineStack
	began := time.Now()

	cp, _ := localCluster(t)
	gpuNodes, err := AdoptedNodes(queueGPUPool, queueGPUPool.Max)
	require.NoError(t, err)
	for _, n := range gpuNodes {
		createNode(t, cp, n)
	}
	runKueueManager(t, ctx, cp, stack, rep)
	dc, err := dynamic.NewForConfig(cp.Config)
	require.NoError(t, err)

	proj := realEngineProject(t, cp, stack, queueStack(false))
	rep.add(stack, "real engine queue: setup", fmt.Sprintf("control plane, Kueue manager, bin/platform in %s", time.Since(began).Round(time.Second)))
	run := func(timeout time.Duration, args ...string) string {
		t.Helper()
		out, err := pulumiRun(proj, pulumi, timeout, args...)
		require.NoError(t, err, "pulumi %s failed:\n%s", strings.Join(args, " "), tail(out, 8000))
		return out
	}
	timed := func(check string, timeout time.Duration, args ...string) string {
		t.Helper()
		start := time.Now()
		out := run(timeout, append(args, "--non-interactive", "--stack", stack)...)
		rep.add(stack, "real engine queue: "+check, fmt.Sprintf("succeeded in %s", time.Since(start).Round(time.Second)))
		return out
	}
	run(time.Minute, "stack", "init", stack, "--non-interactive")
	timed("pulumi up (no GPU job)", 20*time.Minute, "up", "--yes", "--skip-preview")

	// The stack's CPU jobs go through the cluster's Kueue and complete.
	namespaces := teamNamespaces(t, ctx, cp)
	require.NotEmpty(t, namespaces)
	var problems []string
	for deadline := time.Now().Add(waitFor); ; time.Sleep(2 * time.Second) {
		problems, _ = CheckWorkloads(ctx, cp, namespaces)
		if len(problems) == 0 || time.Now().After(deadline) {
			break
		}
	}
	require.Empty(t, problems, "after the first pulumi up:\n%s", strings.Join(problems, "\n"))
	ns := queueNamespace(t, ctx, cp, namespaces)

	// Someone else's job takes the team's GPU quota: admitted, its pods
	// never placed (a label no node has), so it holds the quota as a
	// running job would. Its placement is the GPU flavor's.
	flavor, err := dc.Resource(flavorsGVR).Get(ctx, kueue.FlavorName(queueGPUPool.Name), metav1.GetOptions{})
	require.NoError(t, err)
	selector, tolerations := flavorPlacement(flavor.Object)
	holder := holderJob(ns, queueGPUPool.Max, selector, tolerations)
	_, err = cp.Client.BatchV1().Jobs(ns).Create(ctx, holder, metav1.CreateOptions{})
	require.NoError(t, err)
	waitUntil(t, 60*time.Second, "the holder admitted", func() bool {
		j, err := cp.Client.BatchV1().Jobs(ns).Get(ctx, holder.Name, metav1.GetOptions{})
		return err == nil && j.Spec.Suspend != nil && !*j.Spec.Suspend
	})

	writeStack(t, proj, stack, queueStack(true))
	timed("pulumi up (adds the 2-GPU job)", 20*time.Minute, "up", "--yes", "--skip-preview")
	job := findJob(t, ctx, cp, ns, queueJob)
	waitUntil(t, 30*time.Second, "the job's Workload pending", func() bool { return workloadPending(ctx, dc, ns, job) })
	j, err := cp.Client.BatchV1().Jobs(ns).Get(ctx, job, metav1.GetOptions{})
	require.NoError(t, err)
	require.True(t, j.Spec.Suspend != nil && *j.Spec.Suspend, "the job waits suspended")
	require.Empty(t, jobPods(ctx, t, cp, ns, job), "a waiting job has no pod")
	rep.add(stack, "job waits", fmt.Sprintf("%s/%s: suspended, 0 pods, Workload pending (the team's %d GPUs held)", ns, job, queueGPUPool.Max))

	timed("preview while the job waits: no changes", 10*time.Minute, "preview", "--expect-no-changes", "--diff")
	require.True(t, workloadPending(ctx, dc, ns, job), "the preview changed nothing: the job still waits")

	// The quota frees: Kueue admits the job whole. Foreground deletion
	// removes the holder's pods before its Workload, so the namespace's
	// ResourceQuota never counts both jobs' pods.
	freed := time.Now()
	require.NoError(t, cp.Client.BatchV1().Jobs(ns).Delete(ctx, holder.Name, metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationForeground)}))
	waitUntil(t, 90*time.Second, "the job admitted and complete", func() bool {
		j, err := cp.Client.BatchV1().Jobs(ns).Get(ctx, job, metav1.GetOptions{})
		return err == nil && j.Spec.Suspend != nil && !*j.Spec.Suspend && jobComplete(*j)
	})
	j, err = cp.Client.BatchV1().Jobs(ns).Get(ctx, job, metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, int32(queueGPUPool.Max), j.Status.Succeeded)
	rep.add(stack, "quota freed", fmt.Sprintf("%s/%s admitted (unsuspended by Kueue) and Complete with %d pods %s after the holder's deletion",
		ns, job, j.Status.Succeeded, time.Since(freed).Round(100*time.Millisecond)))
	problems, _ = CheckWorkloads(ctx, cp, namespaces)
	problems = append(problems, CheckPlacement(ctx, cp, namespaces)...)
	require.Empty(t, problems, "after admission:\n%s", strings.Join(problems, "\n"))

	timed("preview after admission: no changes", 10*time.Minute, "preview", "--expect-no-changes", "--diff")
	// With a refresh the engine reads what Kueue changed (suspend, its
	// workload label on the pod template) and still plans no change:
	// spec.suspend is ignored, and the rest is Kueue's under server-side
	// apply.
	out := timed("preview --refresh after admission: no changes", 10*time.Minute, "preview", "--refresh", "--expect-no-changes", "--diff")
	require.Regexp(t, `suspend\s*: true => false`, out, "the refresh read the Jobs Kueue admitted")

	timed("pulumi destroy", 15*time.Minute, "destroy", "--yes", "--skip-preview")
	for _, gvr := range []schema.GroupVersionResource{flavorsGVR, clusterQueuesGVR} {
		list, err := dc.Resource(gvr).List(ctx, metav1.ListOptions{})
		require.NoError(t, err)
		require.Empty(t, list.Items, "pulumi destroy left %s", gvr.Resource)
	}
	_, err = cp.Client.CoreV1().Namespaces().Get(ctx, kueue.Namespace, metav1.GetOptions{})
	require.False(t, apierrors.IsNotFound(err), "the cluster's Kueue namespace is not mlkube's to delete")
	require.NoError(t, err)
	rep.add(stack, "real engine queue: total", fmt.Sprintf("%s; the cluster's Kueue and its namespace kept", time.Since(began).Round(time.Second)))
}

// queueNamespace is the local stack's team namespace: the one with a
// ResourceQuota (the cluster's Kueue namespace has none).
func queueNamespace(t *testing.T, ctx context.Context, cp *ControlPlane, namespaces []string) string {
	for _, ns := range namespaces {
		list, err := cp.Client.CoreV1().ResourceQuotas(ns).List(ctx, metav1.ListOptions{})
		require.NoError(t, err)
		if len(list.Items) > 0 {
			return ns
		}
	}
	t.Fatalf("no team namespace among %v", namespaces)
	return ""
}

// findJob is the Job the training component made for a stack's job.
func findJob(t *testing.T, ctx context.Context, cp *ControlPlane, ns, name string) string {
	jobs, err := cp.Client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	for _, j := range jobs.Items {
		if strings.Contains(j.Name, name) {
			return j.Name
		}
	}
	t.Fatalf("no Job for %s in %s", name, ns)
	return ""
}

// flavorPlacement is a ResourceFlavor's node labels and tolerations.
func flavorPlacement(flavor map[string]any) (map[string]string, []corev1.Toleration) {
	spec, _ := flavor["spec"].(map[string]any)
	sel := map[string]string{}
	labels, _ := spec["nodeLabels"].(map[string]any)
	for k, v := range labels {
		sel[k] = fmt.Sprint(v)
	}
	var tols []corev1.Toleration
	raw, _ := spec["tolerations"].([]any)
	for _, r := range raw {
		m, _ := r.(map[string]any)
		tols = append(tols, corev1.Toleration{Key: fmt.Sprint(m["key"]), Operator: corev1.TolerationOperator(fmt.Sprint(m["operator"])),
			Value: fmt.Sprint(m["value"]), Effect: corev1.TaintEffect(fmt.Sprint(m["effect"]))})
	}
	return sel, tols
}
