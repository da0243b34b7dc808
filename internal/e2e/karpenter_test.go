//go:build e2e

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// karpenterStack and karpenterPool: the shipped Karpenter stack and its
// pool whose NodePools (on demand, then spot) the test runs.
const (
	karpenterStack = "prod-eks-karpenter"
	karpenterPool  = "inference"
)

// TestKarpenter runs Karpenter's own core with its kwok cloud provider
// against the test control plane, with the stack's NodePools for one pool
// exactly as planned except one field: nodeClassRef names a KWOKNodeClass
// instead of the EC2NodeClass (the simulated cloud's node class). Its
// instance types are the NodePool's, sized from internal/machines.
//
// A pending GPU pod of the pool gets a node with the pool's labels and
// taints from the first tier (on demand); when the first tier cannot
// launch, from the next tier (spot). The kwok provider of v1.14.1 makes
// every offering of its instance-types file available (setDefaultOptions
// sets Available on each), so a tier cannot run out of capacity there; what
// it does refuse is a launch whose node class it cannot find (Create
// answers InsufficientCapacityError), and Karpenter then keeps the NodePool
// out of scheduling. So the on-demand tier's node class is left out.
func TestKarpenter(t *testing.T) {
	tools, err := EnsureTools(t.Logf)
	require.NoError(t, err)
	bin, moduleDir, err := EnsureKarpenter(t.Logf)
	require.NoError(t, err)
	p, _ := planStack(t, "../..", karpenterStack)
	var nodePools []map[string]any
	for _, r := range p.Resources {
		if r.Type == "kubernetes:karpenter.sh/v1:NodePool" && slices.Contains([]string{karpenterPool + "-on-demand", karpenterPool + "-spot"}, nodePoolName(r.Inputs)) {
			nodePools = append(nodePools, r.Inputs)
		}
	}
	require.Len(t, nodePools, 2, "the pool's two tiers in the plan")

	for _, tc := range []struct {
		name   string
		broken string // the tier that cannot launch
		tier   string
	}{
		{"first tier", "", "on-demand"},
		{"first tier cannot launch", "on-demand", "spot"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runKarpenter(t, tools, bin, moduleDir, nodePools, tc.broken, tc.tier)
		})
	}
}

func nodePoolName(obj map[string]any) string {
	name, _ := obj["metadata"].(map[string]any)["name"].(string)
	return name
}

func runKarpenter(t *testing.T, tools *Tools, bin, moduleDir string, nodePools []map[string]any, broken, wantTier string) {
	ctx := context.Background()
	cp := startControlPlane(t, tools)
	ap, err := NewApplier(cp)
	require.NoError(t, err)
	crds, err := KarpenterCRDs(moduleDir)
	require.NoError(t, err)
	for _, f := range crds {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var obj map[string]any
		require.NoError(t, yaml.Unmarshal(data, &obj), f)
		require.NoError(t, ap.Apply(ctx, obj), f)
	}
	nodeClass := map[string]any{"apiVersion": "karpenter.kwok.sh/v1alpha1", "kind": "KWOKNodeClass", "metadata": map[string]any{"name": "default"}}
	require.Eventually(t, func() bool {
		ap, err = NewApplier(cp) // forget the discovery from before the CRDs
		return err == nil && ap.Served(nodeClass) && ap.Served(nodePools[0])
	}, waitFor, time.Second, "the Karpenter CRDs are established")
	require.NoError(t, ap.Apply(ctx, nodeClass))

	var types []string
	for _, np := range nodePools {
		np = deepCopy(t, np)
		tmpl := np["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
		// The one test-only change: the simulated cloud's node class.
		class := "default"
		if nodePoolName(np) == karpenterPool+"-"+broken {
			class = "absent"
		}
		tmpl["nodeClassRef"] = map[string]any{"group": "karpenter.kwok.sh", "kind": "KWOKNodeClass", "name": class}
		require.NoError(t, ap.Apply(ctx, np), "API server rejected NodePool %s", nodePoolName(np))
		for _, req := range tmpl["requirements"].([]any) {
			if r := req.(map[string]any); r["key"] == "node.kubernetes.io/instance-type" {
				types = nil
				for _, v := range r["values"].([]any) {
					types = append(types, v.(string))
				}
			}
		}
	}
	file, err := InstanceTypesFile(types)
	require.NoError(t, err)
	typesPath := filepath.Join(cp.Dir, "instance-types.json")
	require.NoError(t, os.WriteFile(typesPath, file, 0o600))
	startKarpenter(t, cp, bin, typesPath)

	pod := gpuPod(nodePools[0])
	_, err = cp.Client.CoreV1().Pods("default").Create(ctx, pod, metav1.CreateOptions{})
	require.NoError(t, err)
	var placed *corev1.Pod
	require.Eventually(t, func() bool {
		placed, err = cp.Client.CoreV1().Pods("default").Get(ctx, pod.Name, metav1.GetOptions{})
		return err == nil && placed.Spec.NodeName != ""
	}, 3*time.Minute, 2*time.Second, "the pending GPU pod gets a node from Karpenter (log: %s)", filepath.Join(cp.Dir, "karpenter.log"))
	node, err := cp.Client.CoreV1().Nodes().Get(ctx, placed.Spec.NodeName, metav1.GetOptions{})
	require.NoError(t, err)

	labels := nodePools[0]["spec"].(map[string]any)["template"].(map[string]any)["metadata"].(map[string]any)["labels"].(map[string]any)
	for k, v := range labels {
		assert.Equal(t, v, node.Labels[k], "node label %s, as the pool's node group would carry it", k)
	}
	assert.Equal(t, wantTier, node.Labels["karpenter.sh/capacity-type"])
	assert.Equal(t, karpenterPool+"-"+wantTier, node.Labels["karpenter.sh/nodepool"])
	assert.Contains(t, types, node.Labels["node.kubernetes.io/instance-type"])
	assert.Contains(t, node.Spec.Taints, corev1.Taint{Key: gpu.TaintKey, Value: "present", Effect: corev1.TaintEffectNoSchedule})
	gpus := node.Status.Allocatable[corev1.ResourceName(gpu.ResourceName)]
	assert.Equal(t, int64(1), gpus.Value(), "the node offers the pool's GPU")
	t.Logf("pod %s on node %s: %s, %s, NodePool %s", pod.Name, node.Name, node.Labels["node.kubernetes.io/instance-type"],
		node.Labels["karpenter.sh/capacity-type"], node.Labels["karpenter.sh/nodepool"])
}

// gpuPod asks for one GPU of the pool, selecting it and tolerating its
// taints as the pool's workloads do.
func gpuPod(nodePool map[string]any) *corev1.Pod {
	tmpl := nodePool["spec"].(map[string]any)["template"].(map[string]any)
	var tolerations []corev1.Toleration
	for _, x := range tmpl["spec"].(map[string]any)["taints"].([]any) {
		m := x.(map[string]any)
		tolerations = append(tolerations, corev1.Toleration{Key: m["key"].(string), Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffect(m["effect"].(string))})
	}
	one := corev1.ResourceList{corev1.ResourceName(gpu.ResourceName): resource.MustParse("1"), corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("1Gi")}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "gpu-job"},
		Spec: corev1.PodSpec{
			NodeSelector: map[string]string{gpu.PoolLabel: karpenterPool},
			Tolerations:  tolerations,
			Containers:   []corev1.Container{{Name: "main", Image: "busybox:1.37.0", Resources: corev1.ResourceRequirements{Requests: one, Limits: one}}},
		},
	}
}

// startKarpenter runs the kwok provider's controller against the control
// plane, stopped with it.
func startKarpenter(t *testing.T, cp *ControlPlane, bin, typesPath string) {
	logFile, err := os.Create(filepath.Join(cp.Dir, "karpenter.log"))
	require.NoError(t, err)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"KUBECONFIG="+cp.Kubeconfig,
		"INSTANCE_TYPES_FILE_PATH="+typesPath,
		"DISABLE_LEADER_ELECTION=true",
		"METRICS_PORT="+strconv.Itoa(freePort()),
		"HEALTH_PROBE_PORT="+strconv.Itoa(freePort()),
		// Short batches: the test has one pod.
		"BATCH_IDLE_DURATION=1s", "BATCH_MAX_DURATION=2s",
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	require.NoError(t, cmd.Start())
	cp.procs = append(cp.procs, cmd)
}

func deepCopy(t *testing.T, in map[string]any) map[string]any {
	data, err := yaml.Marshal(in)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, yaml.Unmarshal(data, &out))
	return out
}
