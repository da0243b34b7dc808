//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlkube/mlkube/addons/kueue"
	"github.com/mlkube/mlkube/components/priority"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/plan"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// kueueStack is a dev cluster adopted as it is: one CPU node and four
// one-GPU nodes, one team with a quota of 8 GPUs, an inference service on
// one GPU and a 3-node distributed training job (one GPU per node).
const kueueStack = `config:
  mlkube:environment: dev
  mlkube:cluster:
    provider: existing
    name: kueue-e2e
    kubernetesVersion: "1.36"
    existing:
      context: e2e
  mlkube:nodePools:
    - name: system
      machineType: local-cpu-8
      nodeSelector: {mlkube-e2e/role: system}
      min: 1
      max: 1
    - name: gpu
      machineType: local-gpu-1
      nodeSelector: {mlkube-e2e/role: gpu}
      min: 4
      max: 4
      gpu: {model: t4, count: 1}
  mlkube:addons:
    monitoring: {enabled: false}
    logging: {enabled: false}
  mlkube:workloads:
    teams:
      - name: ml
        quota: {gpus: 8, cpu: "64", memory: 256Gi}
    inference:
      - name: llm
        team: ml
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        command: [/agnhost, netexec, --http-port=8080]
        pool: gpu
        gpu: 1
        replicas: 1
        resources:
          requests: {cpu: "1", memory: 1Gi}
          limits: {cpu: "1", memory: 1Gi}
        model: {inImage: true, path: /models}
        probes: {readinessPath: /healthz, livenessPath: /healthz}
    training:
      - name: pretrain
        team: ml
        image: busybox:1.37.0
        pool: gpu
        gpu: 1
        distributed: {nodes: 3}
        resources:
          requests: {cpu: "1", memory: 1Gi}
          limits: {cpu: "1", memory: 1Gi}
        command: [sh, -c, "echo rank $RANK"]
`

// jobNodes is the distributed job's size (N).
const jobNodes = 3

var workloadsGVR = schema.GroupVersionResource{Group: "kueue.x-k8s.io", Version: "v1beta2", Resource: "workloads"}

// TestKueue runs the real Kueue controller (built from the module proxy)
// against the control plane with the Kueue objects of a stack's plan, and
// shows: an N-GPU distributed job with N-1 GPUs of quota free starts no
// pod and stays suspended; when the Nth frees, all N pods are created and
// bound together; a higher-priority inference pod preempts a training pod
// through the scheduler, and a training pod never preempts anything.
func TestKueue(t *testing.T) {
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	ctx := context.Background()
	rep := &report{}
	defer rep.print()
	const stack = "kueue-e2e"

	p, pools := kueuePlan(t)
	cp := startControlPlane(t, tools)
	for _, pool := range pools {
		nodes, err := AdoptedNodes(pool, pool.Max)
		require.NoError(t, err)
		for _, n := range nodes {
			createNode(t, cp, n)
		}
	}

	ap := runKueueManager(t, ctx, cp, stack, rep)

	// The plan's objects, the training Job last.
	var job policy.Object
	kinds := map[string]int{}
	for _, o := range p.ProgramObjects() {
		if o.Kind() == "Job" && strings.Contains(o.Name(), "pretrain") {
			job = o
			continue
		}
		if !ap.Served(o) {
			continue
		}
		require.NoError(t, applyWithRetry(ctx, ap, o), "API server rejected %s %s", o.Kind(), o.Name())
		kinds[o.Kind()]++
	}
	require.NotNil(t, job, "the plan has the training Job")
	require.Equal(t, 2, kinds["ResourceFlavor"], "a flavor per pool")
	require.Equal(t, 1, kinds["ClusterQueue"])
	require.Equal(t, 1, kinds["LocalQueue"])
	require.Equal(t, 2, kinds["PriorityClass"])
	rep.add(stack, "planned Kueue objects accepted", fmt.Sprintf("%d ResourceFlavor, %d ClusterQueue, %d LocalQueue, %d PriorityClass", kinds["ResourceFlavor"], kinds["ClusterQueue"], kinds["LocalQueue"], kinds["PriorityClass"]))
	ns, jobName := metaOf(job)
	gpuSelector, gpuTolerations := podPlacement(t, p)
	waitUntil(t, 60*time.Second, "the inference Deployment available", func() bool {
		d, err := cp.Client.AppsV1().Deployments(ns).Get(ctx, "llm", metav1.GetOptions{})
		return err == nil && deploymentAvailable(*d)
	})

	// A holder admitted on all but N-1 GPUs of the 8: its pods never fit a node
	// (a label no node has), so it holds quota until deleted, as a running
	// job would. N-1 GPUs of quota stay free.
	holdGPUs := 8 - (jobNodes - 1)
	holder := holderJob(ns, holdGPUs, gpuSelector, gpuTolerations)
	_, err = cp.Client.BatchV1().Jobs(ns).Create(ctx, holder, metav1.CreateOptions{})
	require.NoError(t, err)
	waitUntil(t, 60*time.Second, "the holder admitted", func() bool {
		j, err := cp.Client.BatchV1().Jobs(ns).Get(ctx, holder.Name, metav1.GetOptions{})
		return err == nil && j.Spec.Suspend != nil && !*j.Spec.Suspend
	})

	// The planned job: suspended, queued, and it stays so without a pod.
	require.Equal(t, true, job["spec"].(map[string]any)["suspend"], "the plan creates the Job suspended")
	require.NoError(t, applyWithRetry(ctx, ap, job))
	dc, err := dynamic.NewForConfig(cp.Config)
	require.NoError(t, err)
	waitUntil(t, 30*time.Second, "the job's Workload pending in its ClusterQueue", func() bool {
		return workloadPending(ctx, dc, ns, jobName)
	})
	time.Sleep(10 * time.Second)
	j, err := cp.Client.BatchV1().Jobs(ns).Get(ctx, jobName, metav1.GetOptions{})
	require.NoError(t, err)
	require.True(t, *j.Spec.Suspend, "with %d GPUs of quota free the %d-GPU job stays suspended", jobNodes-1, jobNodes)
	pods := jobPods(ctx, t, cp, ns, jobName)
	require.Empty(t, pods, "no pod of a job that does not fit")
	rep.add(stack, "N-1 GPUs of quota free", fmt.Sprintf("%d-GPU job %s/%s: suspended, 0 pods after 10 s, Workload pending", jobNodes, ns, jobName))

	// The Nth GPU frees: every pod is created and bound at once. Foreground
	// deletion removes the holder's pods before its Workload, so the
	// namespace's ResourceQuota never counts both jobs' pods.
	freed := time.Now()
	require.NoError(t, cp.Client.BatchV1().Jobs(ns).Delete(ctx, holder.Name, metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationForeground)}))
	// Seen by polling every 200 ms (the API's timestamps are in seconds).
	seen, boundAt := map[string]time.Time{}, map[string]time.Time{}
	waitUntil(t, 60*time.Second, "all pods of the job bound", func() bool {
		pods = jobPods(ctx, t, cp, ns, jobName)
		now := time.Now()
		for _, p := range pods {
			if _, ok := seen[p.Name]; !ok {
				seen[p.Name] = now
			}
			if _, ok := boundAt[p.Name]; !ok && p.Spec.NodeName != "" {
				boundAt[p.Name] = now
			}
		}
		return len(pods) == jobNodes && len(boundAt) == jobNodes
	})
	first, last := span(values(seen))
	_, lastBound := span(values(boundAt))
	require.LessOrEqual(t, last.Sub(first), 5*time.Second, "the pods are created together")
	nodes := map[string]bool{}
	for _, p := range pods {
		nodes[p.Spec.NodeName] = true
		require.Equal(t, priority.For(priority.Training, false).Name, p.Spec.PriorityClassName)
	}
	require.Len(t, nodes, jobNodes, "one pod per GPU node")
	rep.add(stack, "Nth GPU freed", fmt.Sprintf("all %d pods seen within %s of each other, %s after the holder's deletion; all bound %s after it, on %d nodes",
		jobNodes, last.Sub(first).Round(time.Millisecond), first.Sub(freed).Round(100*time.Millisecond), lastBound.Sub(freed).Round(100*time.Millisecond), len(nodes)))

	checkPreemption(t, ctx, cp, ns, gpuSelector, gpuTolerations, stack, rep)
}

// runKueueManager runs Kueue against the control plane as a cluster's own
// Kueue runs: its namespace and the module's CRDs, the manager process,
// then its webhooks. It returns an Applier that knows Kueue's kinds.
func runKueueManager(t *testing.T, ctx context.Context, cp *ControlPlane, stack string, rep *report) *Applier {
	t.Helper()
	bin, src, err := EnsureKueue(t.Logf)
	require.NoError(t, err)
	_, err = cp.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: kueue.Namespace}}, metav1.CreateOptions{})
	require.NoError(t, err)
	crds, err := KueueCRDs(src)
	require.NoError(t, err)
	ap, err := NewApplier(cp)
	require.NoError(t, err)
	for _, o := range crds {
		require.NoError(t, applyWithRetry(ctx, ap, o), "CRD %s", o.Name())
	}
	ap = waitServed(t, cp, "Workload")
	start := time.Now()
	kp, err := StartKueue(cp, bin)
	require.NoError(t, err)
	require.NoError(t, kp.WaitReady(cp, 90*time.Second))
	webhooks, err := kp.Webhooks(src)
	require.NoError(t, err)
	for _, o := range webhooks {
		require.NoError(t, applyWithRetry(ctx, ap, o), "%s", o.Kind())
	}
	rep.add(stack, "Kueue "+KueueModule, fmt.Sprintf("%d CRDs, webhook on 127.0.0.1:%d, manager ready %s after start", len(crds), kp.WebhookPort, time.Since(start).Round(100*time.Millisecond)))
	return ap
}

// checkPreemption fills the GPU nodes with training pods, scales the
// inference service up and checks that the scheduler evicts a training pod
// for it; then a new training pod waits and evicts nothing. kwok completes
// a Job's pods at once, so the running training pods are bare pods with
// the training class, as the job's pods are while they run.
func checkPreemption(t *testing.T, ctx context.Context, cp *ControlPlane, ns string, selector map[string]string, tolerations []corev1.Toleration, stack string, rep *report) {
	trainingClass := priority.For(priority.Training, false).Name
	free := 4 - 1 // four GPU nodes, the inference replica on one
	var trainers []string
	for i := 0; i < free; i++ {
		p := trainingPod(ns, fmt.Sprintf("trainer-%d", i), trainingClass, selector, tolerations)
		_, err := cp.Client.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{})
		require.NoError(t, err)
		trainers = append(trainers, p.Name)
	}
	waitUntil(t, 60*time.Second, "the training pods running", func() bool {
		for _, n := range trainers {
			p, err := cp.Client.CoreV1().Pods(ns).Get(ctx, n, metav1.GetOptions{})
			if err != nil || p.Status.Phase != corev1.PodRunning {
				return false
			}
		}
		return true
	})

	d, err := cp.Client.AppsV1().Deployments(ns).Get(ctx, "llm", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, int32(1), d.Status.AvailableReplicas, "one inference replica before the scale-up")
	onNode := map[string]string{}
	for _, n := range trainers {
		p, err := cp.Client.CoreV1().Pods(ns).Get(ctx, n, metav1.GetOptions{})
		require.NoError(t, err)
		onNode[n] = p.Spec.NodeName
	}
	require.Len(t, values2(onNode), free, "the training pods fill the free GPU nodes")
	scaled := time.Now()
	_, err = cp.Client.AppsV1().Deployments(ns).Patch(ctx, "llm", "application/merge-patch+json", []byte(`{"spec":{"replicas":2}}`), metav1.PatchOptions{})
	require.NoError(t, err)
	var victim string
	waitUntil(t, 90*time.Second, "a training pod preempted and the second inference replica bound", func() bool {
		victim = ""
		for _, n := range trainers {
			p, err := cp.Client.CoreV1().Pods(ns).Get(ctx, n, metav1.GetOptions{})
			if apierrors.IsNotFound(err) || (err == nil && p.DeletionTimestamp != nil) {
				victim = n
			}
		}
		d, err := cp.Client.AppsV1().Deployments(ns).Get(ctx, "llm", metav1.GetOptions{})
		return victim != "" && err == nil && d.Status.AvailableReplicas == 2
	})
	took := time.Since(scaled)
	replicas, err := cp.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=llm"})
	require.NoError(t, err)
	var onVictimsNode bool
	for _, p := range replicas.Items {
		onVictimsNode = onVictimsNode || (p.Spec.NodeName == onNode[victim] && p.DeletionTimestamp == nil)
	}
	require.True(t, onVictimsNode, "the new replica runs where %s ran (%s)", victim, onNode[victim])
	rep.add(stack, "inference scale-up preempts training", fmt.Sprintf("%s (%s) evicted from %s; the second replica (%s) available there %s after the scale-up",
		victim, trainingClass, onNode[victim], priority.For(priority.Serving, false).Name, took.Round(100*time.Millisecond)))

	// The reverse: a training pod that does not fit waits; nothing is evicted.
	late := trainingPod(ns, "trainer-late", trainingClass, selector, tolerations)
	_, err = cp.Client.CoreV1().Pods(ns).Create(ctx, late, metav1.CreateOptions{})
	require.NoError(t, err)
	time.Sleep(10 * time.Second)
	got, err := cp.Client.CoreV1().Pods(ns).Get(ctx, late.Name, metav1.GetOptions{})
	require.NoError(t, err)
	require.Empty(t, got.Spec.NodeName, "the late training pod found no GPU")
	require.Empty(t, got.Status.NominatedNodeName, "and nominated no node to preempt on")
	d, err = cp.Client.AppsV1().Deployments(ns).Get(ctx, "llm", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, int32(2), d.Status.AvailableReplicas, "no inference pod evicted")
	for _, n := range trainers {
		if n == victim {
			continue
		}
		p, err := cp.Client.CoreV1().Pods(ns).Get(ctx, n, metav1.GetOptions{})
		require.NoError(t, err, "training pod %s kept", n)
		require.Nil(t, p.DeletionTimestamp, "training pod %s kept", n)
	}
	rep.add(stack, "training never preempts", "a training pod without a free GPU stays Pending 10 s, no node nominated, nothing evicted")
}

// kueuePlan plans kueueStack as `mlkube plan` would.
func kueuePlan(t *testing.T) (*plan.Plan, []config.NodePool) {
	dir := t.TempDir()
	project, err := os.ReadFile("../../Pulumi.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), project, 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "stacks"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stacks", "Pulumi.kueue-e2e.yaml"), []byte(kueueStack), 0o644))
	p, cfg := planStack(t, dir, "kueue-e2e")
	return p, cfg.NodePools
}

// podPlacement is the GPU pool's selector and tolerations as the plan's
// inference Deployment has them.
func podPlacement(t *testing.T, p *plan.Plan) (map[string]string, []corev1.Toleration) {
	for _, o := range p.ProgramObjects() {
		if o.Kind() != "Deployment" {
			continue
		}
		spec := policy.Get(map[string]any(o), "spec", "template", "spec")
		m, _ := spec.(map[string]any)
		sel := map[string]string{}
		if raw, ok := m["nodeSelector"].(map[string]any); ok {
			for k, v := range raw {
				sel[k] = fmt.Sprint(v)
			}
		}
		var tols []corev1.Toleration
		if raw, ok := m["tolerations"].([]any); ok {
			for _, r := range raw {
				tm := r.(map[string]any)
				tols = append(tols, corev1.Toleration{Key: fmt.Sprint(tm["key"]), Operator: corev1.TolerationOperator(fmt.Sprint(tm["operator"])),
					Value: fmt.Sprint(tm["value"]), Effect: corev1.TaintEffect(fmt.Sprint(tm["effect"]))})
			}
		}
		return sel, tols
	}
	t.Fatal("the plan has no Deployment")
	return nil, nil
}

func holderJob(ns string, gpus int, selector map[string]string, tolerations []corev1.Toleration) *batchv1.Job {
	pod := restrictedPod(ns, "", 1)
	pod.Spec.RestartPolicy = corev1.RestartPolicyNever
	sel := map[string]string{"mlkube-e2e/hold": "no-such-node"}
	for k, v := range selector {
		sel[k] = v
	}
	pod.Spec.NodeSelector, pod.Spec.Tolerations = sel, tolerations
	pod.Spec.PriorityClassName = priority.For(priority.Training, false).Name
	n := int32(gpus)
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "holder", Namespace: ns, Labels: map[string]string{labels.KueueQueue: kueue.LocalQueueName}},
		Spec: batchv1.JobSpec{
			Parallelism: &n, Completions: &n, Suspend: ptr(true),
			Template: corev1.PodTemplateSpec{Spec: pod.Spec},
		},
	}
}

func trainingPod(ns, name, class string, selector map[string]string, tolerations []corev1.Toleration) *corev1.Pod {
	p := restrictedPod(ns, name, 1)
	p.Spec.NodeSelector, p.Spec.Tolerations, p.Spec.PriorityClassName = selector, tolerations, class
	return p
}

func jobPods(ctx context.Context, t *testing.T, cp *ControlPlane, ns, job string) []corev1.Pod {
	pods, err := cp.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "batch.kubernetes.io/job-name=" + job})
	require.NoError(t, err)
	return pods.Items
}

// workloadPending reports whether the job's Workload exists without quota.
func workloadPending(ctx context.Context, dc dynamic.Interface, ns, job string) bool {
	list, err := dc.Resource(workloadsGVR).Namespace(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return false
	}
	for _, w := range list.Items {
		owners := w.GetOwnerReferences()
		if len(owners) == 0 || owners[0].Name != job {
			continue
		}
		conds, _ := policy.Get(w.Object, "status", "conditions").([]any)
		for _, c := range conds {
			cm := c.(map[string]any)
			if cm["type"] == "QuotaReserved" && cm["status"] == "True" {
				return false
			}
		}
		return true
	}
	return false
}

// waitServed returns an Applier once the API server serves a Kueue kind.
func waitServed(t *testing.T, cp *ControlPlane, kind string) *Applier {
	var ap *Applier
	waitUntil(t, 30*time.Second, "Kueue's CRDs served", func() bool {
		var err error
		ap, err = NewApplier(cp)
		return err == nil && ap.Served(map[string]any{"apiVersion": kueue.APIVersion, "kind": kind})
	})
	return ap
}

func waitUntil(t *testing.T, timeout time.Duration, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out after %s waiting for %s", timeout, what)
}

func span(ts []time.Time) (first, last time.Time) {
	for i, x := range ts {
		if i == 0 || x.Before(first) {
			first = x
		}
		if i == 0 || x.After(last) {
			last = x
		}
	}
	return first, last
}

func values2(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, v := range m {
		out[v] = true
	}
	return out
}

func values(m map[string]time.Time) []time.Time {
	out := make([]time.Time, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func ptr[T any](v T) *T { return &v }
