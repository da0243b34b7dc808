//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"github.com/mlkube/mlkube/internal/labels"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/plan"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/providers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/util/retry"
)

// running control planes, stopped on SIGINT/SIGTERM as well as on return.
var (
	runningMu sync.Mutex
	running   = map[*ControlPlane]bool{}
)

// startControlPlane starts a control plane for one test and stops it when
// the test ends, or on SIGINT/SIGTERM before that.
func startControlPlane(t *testing.T, tools *Tools) *ControlPlane {
	t.Helper()
	cp, err := Start(tools, t.TempDir(), t.Logf)
	require.NoError(t, err)
	runningMu.Lock()
	running[cp] = true
	runningMu.Unlock()
	t.Cleanup(func() {
		cp.Stop()
		runningMu.Lock()
		delete(running, cp)
		runningMu.Unlock()
	})
	return cp
}

func TestMain(m *testing.M) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		runningMu.Lock()
		for cp := range running {
			cp.Stop()
		}
		os.Exit(130)
	}()
	os.Exit(m.Run())
}

// report is the table `make e2e` prints: what was checked, per stack.
type report struct {
	mu   sync.Mutex
	rows [][3]string
}

func (r *report) add(stack, check, result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rows = append(r.rows, [3]string{stack, check, result})
}

func (r *report) print() {
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "\nSTACK\tCHECK\tRESULT")
	for _, row := range r.rows {
		fmt.Fprintf(w, "%s\t%s\t%s\n", row[0], row[1], row[2])
	}
	w.Flush()
}

func stacks() []string {
	if s := os.Getenv("MLKUBE_E2E_STACKS"); s != "" {
		return strings.Split(s, ",")
	}
	return config.ListStacks("../..")
}

func TestStacks(t *testing.T) {
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	rep := &report{}
	defer rep.print()
	for _, stack := range stacks() {
		t.Run(stack, func(t *testing.T) { runStack(t, tools, stack, rep) })
	}
}

const waitFor = 120 * time.Second

// planStack plans a stack of the project in dir as the offline engine
// does, and returns its configuration beside the plan.
func planStack(t *testing.T, dir, stack string) (*plan.Plan, *config.Config) {
	t.Helper()
	sf, err := config.ReadStack(dir, stack)
	require.NoError(t, err)
	cfg, err := config.Parse(sf.Project, sf.Stack, sf.Values)
	require.NoError(t, err)
	p, err := plan.BuildConfig(sf, cfg)
	require.NoError(t, err)
	return p, cfg
}

func runStack(t *testing.T, tools *Tools, stack string, rep *report) {
	ctx := context.Background()
	p, cfg := planStack(t, "../..", stack)
	pools := cfg.NodePools

	cp := startControlPlane(t, tools)
	// The objects are checked by the minor the stack runs: a stack on
	// another minor than the control plane's would prove nothing about it.
	sv, err := cp.Client.Discovery().ServerVersion()
	require.NoError(t, err)
	assert.Equal(t, cfg.Cluster.KubernetesVersion, sv.Major+"."+sv.Minor, "the stack's minor is the e2e control plane's (%s)", sv.GitVersion)
	// Binaries built from the module carry no git stamp (GitVersion is a
	// placeholder); the minor the server reports is its own.
	rep.add(stack, "API server version", fmt.Sprintf("%s.%s from k8s.io/kubernetes %s (stack: %s)", sv.Major, sv.Minor, KubernetesVersion, cfg.Cluster.KubernetesVersion))

	templates, err := TemplateNodes(p)
	require.NoError(t, err)
	source, err := providers.Lookup(cfg.Cluster.Provider)
	require.NoError(t, err)
	shape := source.Describe(cfg)
	templateOf := map[string]Template{}
	for _, tm := range templates {
		templateOf[tm.Pool] = tm
	}

	// Nodes at rest: the pools' minimum; an adopted cluster's pools exist
	// whole (nothing here scales them).
	initial := map[string]int{}
	adopted := cfg.Cluster.Provider == config.ProviderExisting
	for _, pool := range pools {
		n, nodesOf := pool.Min, PoolNodes
		if adopted {
			n, nodesOf = min(pool.Max, 4), AdoptedNodes
		}
		initial[pool.Name] = n
		nodes, err := nodesOf(pool, n)
		require.NoError(t, err)
		for _, node := range nodes {
			createNode(t, cp, node)
		}
	}
	rep.add(stack, "nodes at rest", formatCounts(initial))

	// Every Kubernetes object of the program, server-side applied in order
	// (objects rendered from cached charts are left out: the charts' own
	// controllers and CRDs are not part of this control plane).
	ap, err := NewApplier(cp)
	require.NoError(t, err)
	applied, skipped := 0, []string{}
	queueServed := ap.Served(map[string]any{"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ClusterQueue"})
	var namespaces []string
	for _, o := range p.ProgramObjects() {
		if !ap.Served(o) {
			skipped = append(skipped, o.Kind()) // custom resources of charts not installed here
			continue
		}
		if !queueServed {
			// No Kueue runs here: admit each queued Job as Kueue would,
			// so its pods are created and placed (TestKueue runs Kueue).
			o = unsuspended(o)
		}
		require.NoError(t, applyWithRetry(ctx, ap, o), "API server rejected %s %s", o.Kind(), o.Name())
		applied++
		switch o.Kind() {
		case "Namespace":
			namespaces = append(namespaces, o.Name())
		case "PersistentVolumeClaim":
			pv, err := VolumeFor(o)
			require.NoError(t, err)
			_, err = cp.Client.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{})
			require.NoError(t, err)
		}
	}
	rep.add(stack, "objects accepted (server-side apply)", fmt.Sprintf("%d applied, %d custom resources skipped", applied, len(skipped)))

	// Scale from zero: for each pool at size 0, the node the autoscaler
	// imagines from the pool's tags must take that pool's pods, and only them.
	for _, pool := range pools {
		if initial[pool.Name] > 0 {
			continue
		}
		tm, ok := templateOf[pool.Name]
		if !ok {
			continue
		}
		createNode(t, cp, tm.Node)
		onTemplate := waitPodsOn(ctx, t, cp, namespaces, tm.Node.Name)
		for _, pod := range onTemplate {
			require.Equal(t, pool.Name, podPool(pod, shape.Pools),
				"%s: pod %s of another pool landed on the template node of pool %s", owner(pod), pod.Name, pool.Name)
		}
		require.NotEmpty(t, onTemplate, "no pending pod of pool %s scheduled onto its template node (built from the plan of group %s)", pool.Name, tm.Group)
		rep.add(stack, "scale from zero: pool "+pool.Name, fmt.Sprintf("template node of group %s took %d pod(s), all of pool %s", tm.Group, len(onTemplate), pool.Name))
	}
	// Then let every pool grow to its maximum, as the autoscaler would.
	for _, pool := range pools {
		var extra []*corev1.Node
		if tm, ok := templateOf[pool.Name]; ok {
			for i := 1; i < min(pool.Max, 4); i++ {
				n := tm.Node.DeepCopy()
				n.Name = fmt.Sprintf("%s-%d", tm.Node.Name, i)
				n.Labels["kubernetes.io/hostname"] = n.Name
				n.Labels["topology.kubernetes.io/zone"] = zones[i%len(zones)]
				extra = append(extra, n)
			}
		} else if initial[pool.Name] < min(pool.Max, 4) {
			all, err := PoolNodes(pool, min(pool.Max, 4))
			require.NoError(t, err)
			extra = all[initial[pool.Name]:]
		}
		for _, n := range extra {
			createNode(t, cp, n)
		}
	}

	// Wait for Deployments and Jobs, then check what Kubernetes did.
	var problems, summary []string
	deadline := time.Now().Add(waitFor)
	for {
		problems, summary = CheckWorkloads(ctx, cp, namespaces)
		problems = append(problems, CheckPlacement(ctx, cp, namespaces)...)
		if len(problems) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Second)
	}
	require.Empty(t, problems, "after %s:\n%s", waitFor, strings.Join(problems, "\n"))
	for _, s := range summary {
		rep.add(stack, "workload", s)
	}
	rep.add(stack, "placement", "every pod on its pool; GPU pods only on GPU nodes; no CPU pod on a GPU node")

	checkNodePorts(t, ctx, cp, p, stack, rep)
	checkReferences(t, ctx, cp, p, stack, rep)
	checkQuota(t, ctx, cp, p, stack, rep)
	checkPodSecurity(t, ctx, cp, p, stack, rep)
	checkBrokenObjectFails(t, ctx, cp, p, pools, stack, rep)
}

func createNode(t *testing.T, cp *ControlPlane, n *corev1.Node) {
	t.Helper()
	ctx := context.Background()
	capacity := n.Status.Capacity
	_, err := cp.Client.CoreV1().Nodes().Create(ctx, n, metav1.CreateOptions{})
	require.NoError(t, err, "node %s", n.Name)
	// kwok updates the node too: set the capacity on the latest version.
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		cur, err := cp.Client.CoreV1().Nodes().Get(ctx, n.Name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		cur.Status.Capacity, cur.Status.Allocatable = capacity, capacity
		_, err = cp.Client.CoreV1().Nodes().UpdateStatus(ctx, cur, metav1.UpdateOptions{})
		return err
	})
	require.NoError(t, err, "node %s status", n.Name)
}

// applyWithRetry retries while a namespace's default ServiceAccount or the
// discovery cache catches up; a real rejection is returned as is.
func applyWithRetry(ctx context.Context, ap *Applier, o policy.Object) error {
	var err error
	for i := 0; i < 10; i++ {
		if err = ap.Apply(ctx, o); err == nil || apierrors.IsInvalid(err) || apierrors.IsForbidden(err) {
			return err
		}
		time.Sleep(500 * time.Millisecond)
	}
	return err
}

// waitPodsOn waits until pods land on a node (or a short time passes) and
// returns them.
func waitPodsOn(ctx context.Context, t *testing.T, cp *ControlPlane, namespaces []string, node string) []corev1.Pod {
	var out []corev1.Pod
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(time.Second) {
		out = nil
		for _, ns := range namespaces {
			pods, err := cp.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + node})
			require.NoError(t, err)
			out = append(out, pods.Items...)
		}
		if len(out) > 0 {
			time.Sleep(3 * time.Second) // let the scheduler finish its round
			return waitPodsOnce(ctx, t, cp, namespaces, node)
		}
	}
	return out
}

func waitPodsOnce(ctx context.Context, t *testing.T, cp *ControlPlane, namespaces []string, node string) []corev1.Pod {
	var out []corev1.Pod
	for _, ns := range namespaces {
		pods, err := cp.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + node})
		require.NoError(t, err)
		out = append(out, pods.Items...)
	}
	return out
}

// checkReferences: every PDB selects running pods and every HPA targets an
// existing Deployment.
func checkReferences(t *testing.T, ctx context.Context, cp *ControlPlane, p *plan.Plan, stack string, rep *report) {
	pdbs, hpas := 0, 0
	for _, o := range p.ProgramObjects() {
		ns, name := metaOf(o)
		switch o.Kind() {
		case "PodDisruptionBudget":
			pdb, err := cp.Client.PolicyV1().PodDisruptionBudgets(ns).Get(ctx, name, metav1.GetOptions{})
			require.NoError(t, err)
			sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
			require.NoError(t, err)
			pods, err := cp.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
			require.NoError(t, err)
			require.NotEmpty(t, pods.Items, "PodDisruptionBudget %s/%s selects no pod", ns, name)
			pdbs++
		case "HorizontalPodAutoscaler":
			hpa, err := cp.Client.AutoscalingV2().HorizontalPodAutoscalers(ns).Get(ctx, name, metav1.GetOptions{})
			require.NoError(t, err)
			require.Equal(t, "Deployment", hpa.Spec.ScaleTargetRef.Kind)
			_, err = cp.Client.AppsV1().Deployments(ns).Get(ctx, hpa.Spec.ScaleTargetRef.Name, metav1.GetOptions{})
			require.NoError(t, err, "HorizontalPodAutoscaler %s/%s targets a missing Deployment", ns, name)
			hpas++
		}
	}
	rep.add(stack, "PDBs and HPAs reference live targets", fmt.Sprintf("%d PDB(s), %d HPA(s)", pdbs, hpas))
}

// restrictedPod is a pod that meets the restricted Pod Security Standard.
func restrictedPod(ns, name string, gpus int64) *corev1.Pod {
	f, t := false, true
	res := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("64Mi")}
	if gpus > 0 {
		res[gpu.ResourceName] = *resource.NewQuantity(gpus, resource.DecimalSI)
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: &t, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
			Containers: []corev1.Container{{Name: "c", Image: "registry.k8s.io/pause:3.10",
				Resources: corev1.ResourceRequirements{Requests: res, Limits: res},
				SecurityContext: &corev1.SecurityContext{AllowPrivilegeEscalation: &f, RunAsNonRoot: &t,
					Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}}},
		},
	}
}

// checkQuota: a pod asking for more GPUs than its team's quota is refused.
func checkQuota(t *testing.T, ctx context.Context, cp *ControlPlane, p *plan.Plan, stack string, rep *report) {
	for _, o := range p.ProgramObjects() {
		if o.Kind() != "ResourceQuota" {
			continue
		}
		ns, name := metaOf(o)
		q, err := cp.Client.CoreV1().ResourceQuotas(ns).Get(ctx, name, metav1.GetOptions{})
		require.NoError(t, err)
		limit, ok := q.Spec.Hard[corev1.ResourceName("requests."+gpu.ResourceName)]
		if !ok {
			continue
		}
		_, err = cp.Client.CoreV1().Pods(ns).Create(ctx, restrictedPod(ns, "over-quota", limit.Value()+1), metav1.CreateOptions{})
		require.Error(t, err, "a pod asking for %d GPUs was admitted in %s (quota %s)", limit.Value()+1, ns, limit.String())
		require.Contains(t, err.Error(), "exceeded quota")
		rep.add(stack, "GPU quota in "+ns, fmt.Sprintf("pod asking %d GPUs refused (quota %s)", limit.Value()+1, limit.String()))
	}
}

// checkPodSecurity: a privileged pod is refused in a restricted namespace
// (ours were admitted: they are running).
func checkPodSecurity(t *testing.T, ctx context.Context, cp *ControlPlane, p *plan.Plan, stack string, rep *report) {
	for _, o := range p.ProgramObjects() {
		if o.Kind() != "Namespace" {
			continue
		}
		_, name := metaOf(o)
		ns, err := cp.Client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
		require.NoError(t, err)
		if ns.Labels[labels.PodSecurityEnforce] != "restricted" {
			continue
		}
		pod := restrictedPod(name, "privileged", 0)
		priv := true
		pod.Spec.Containers[0].SecurityContext.Privileged = &priv
		pod.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = nil // privileged implies it
		_, err = cp.Client.CoreV1().Pods(name).Create(ctx, pod, metav1.CreateOptions{})
		require.Error(t, err, "a privileged pod was admitted in restricted namespace %s", name)
		require.Contains(t, err.Error(), "violates PodSecurity")
		rep.add(stack, "Pod Security in "+name, "privileged pod refused; the stack's pods admitted")
	}
}

// checkBrokenObjectFails applies a GPU Deployment without the GPU
// toleration and checks that the placement check fails naming it and why.
func checkBrokenObjectFails(t *testing.T, ctx context.Context, cp *ControlPlane, p *plan.Plan, pools []config.NodePool, stack string, rep *report) {
	// A pool whose nodes carry the GPU taint: an adopted pool's nodes are
	// not tainted by mlkube, so a pod without the toleration fits them.
	var gpuPool string
	for _, pl := range pools {
		if pl.IsGPU() && len(pl.Nodes) == 0 && len(pl.NodeSelector) == 0 {
			gpuPool = pl.Name
			break
		}
	}
	var ns string
	for _, o := range p.ProgramObjects() {
		if o.Kind() == "ResourceQuota" {
			ns, _ = metaOf(o)
		}
	}
	if gpuPool == "" || ns == "" {
		return
	}
	pod := restrictedPod(ns, "broken-gpu-no-toleration", 1)
	pod.Spec.NodeSelector = map[string]string{gpu.PoolLabel: gpuPool}
	_, err := cp.Client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{})
	require.NoError(t, err)
	var problems []string
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(time.Second) {
		problems = CheckPlacement(ctx, cp, []string{ns})
		if len(problems) > 0 && strings.Contains(strings.Join(problems, "\n"), "untolerated taint") {
			break
		}
	}
	msg := strings.Join(problems, "\n")
	if os.Getenv("MLKUBE_E2E_BROKEN") != "" {
		// Show the failure a broken stack gets, as a failing run.
		t.Fatalf("placement check failed:\n%s", msg)
	}
	require.Contains(t, msg, "Pod "+ns+"/broken-gpu-no-toleration", "the failure must name the object")
	require.Contains(t, msg, "untolerated taint", "the failure must say why")
	require.NoError(t, cp.Client.CoreV1().Pods(ns).Delete(ctx, pod.Name, metav1.DeleteOptions{}))
	rep.add(stack, "broken object detected", firstLine(msg))
}

func metaOf(o policy.Object) (ns, name string) {
	var m metav1.ObjectMeta
	raw, _ := o["metadata"].(map[string]any)
	_ = runtime.DefaultUnstructuredConverter.FromUnstructured(raw, &m)
	return m.Namespace, m.Name
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 140 {
		line = line[:137] + "..."
	}
	return line
}

func formatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}

// checkNodePorts: every Service the plan gives a fixed node port has it in
// the API server's object, so every node forwards that port to it.
func checkNodePorts(t *testing.T, ctx context.Context, cp *ControlPlane, p *plan.Plan, stack string, rep *report) {
	t.Helper()
	for _, o := range p.ProgramObjects() {
		if o.Kind() != "Service" {
			continue
		}
		spec, _ := o["spec"].(map[string]any)
		ports, _ := spec["ports"].([]any)
		for _, raw := range ports {
			want, ok := raw.(map[string]any)["nodePort"]
			if !ok {
				continue
			}
			ns, name := metaOf(o)
			svc, err := cp.Client.CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{})
			require.NoError(t, err)
			require.Equal(t, corev1.ServiceTypeNodePort, svc.Spec.Type, "service %s/%s", ns, name)
			require.Len(t, svc.Spec.Ports, 1)
			require.EqualValues(t, fmt.Sprint(want), fmt.Sprint(svc.Spec.Ports[0].NodePort), "service %s/%s node port", ns, name)
			rep.add(stack, "node port", fmt.Sprintf("service %s/%s is a NodePort on %d of every node", ns, name, svc.Spec.Ports[0].NodePort))
		}
	}
}
