//go:build e2e

package e2e

import (
	"fmt"
	"strconv"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/machines"
	"github.com/mlkube/mlkube/internal/plan"
	"github.com/mlkube/mlkube/providers"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// kwokAnnotation marks the nodes kwok simulates.
const kwokAnnotation = "kwok.x-k8s.io/node"

var zones = []string{"zone-a", "zone-b", "zone-c"}

// PoolNodes are the simulated nodes of a pool that mlkube creates: the
// labels and taints the stack gives the pool, and the allocatable CPU,
// memory and GPUs of its machine type (GPUs times the time-slicing replicas,
// as the device plugin advertises them).
func PoolNodes(p config.NodePool, count int) ([]*corev1.Node, error) {
	m, err := machines.Lookup(p.MachineType)
	if err != nil {
		return nil, fmt.Errorf("pool %s: %w", p.Name, err)
	}
	var taints []corev1.Taint
	for _, t := range p.Taints {
		taints = append(taints, corev1.Taint{Key: t.Key, Value: t.Value, Effect: corev1.TaintEffect(t.Effect)})
	}
	cp := cluster.PoolFrom(p)
	var out []*corev1.Node
	for i := 0; i < count; i++ {
		name := fmt.Sprintf("%s-%d", p.Name, i)
		n := node(name, p.Labels, taints, m.CPUs, m.MemoryGi, cp.GPUResource(), cp.GPUsPerNode())
		n.Labels["topology.kubernetes.io/zone"] = zones[i%len(zones)]
		n.Labels["type"] = "kwok"
		out = append(out, n)
	}
	return out, nil
}

// AdoptedNodes are an adopted pool's nodes as the user's cluster has them:
// a kind or k3s node carries only kubernetes.io/{hostname,os,arch} (and
// the control-plane role), none of mlkube's labels and no taint. A pool
// picked by nodeSelector finds them by those labels; a pool that names its
// nodes gets them under those names, and mlkube's node patches label them.
func AdoptedNodes(p config.NodePool, count int) ([]*corev1.Node, error) {
	m, err := machines.Lookup(p.MachineType)
	if err != nil {
		return nil, fmt.Errorf("pool %s: %w", p.Name, err)
	}
	names := p.Nodes
	if len(names) == 0 {
		for i := 0; i < count; i++ {
			names = append(names, fmt.Sprintf("%s-worker-%d", p.Name, i))
		}
	}
	cp := cluster.PoolFrom(p)
	var out []*corev1.Node
	for _, name := range names {
		out = append(out, node(name, p.NodeSelector, nil, m.CPUs, m.MemoryGi, cp.GPUResource(), cp.GPUsPerNode()))
	}
	return out, nil
}

// KindNode is the one node of a fresh `kind create cluster --name mlkube`:
// untainted, labelled only with its hostname, OS, architecture and the
// control-plane role.
func KindNode(cpus, memGi int) *corev1.Node {
	n := node("mlkube-control-plane", map[string]string{"node-role.kubernetes.io/control-plane": ""}, nil, cpus, memGi, "", 0)
	return n
}

func node(name string, own map[string]string, taints []corev1.Taint, cpus, memGi int, gpuResource string, gpus int) *corev1.Node {
	l := cluster.KubeletLabels()
	l[labels.NodeHostname] = name
	for k, v := range own {
		l[k] = v
	}
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    *resource.NewQuantity(int64(cpus), resource.DecimalSI),
		corev1.ResourceMemory: resource.MustParse(strconv.Itoa(memGi) + "Gi"),
		corev1.ResourcePods:   *resource.NewQuantity(110, resource.DecimalSI),
	}
	if gpus > 0 {
		capacity[corev1.ResourceName(gpuResource)] = *resource.NewQuantity(int64(gpus), resource.DecimalSI)
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: l, Annotations: map[string]string{kwokAnnotation: "fake"}},
		Spec:       corev1.NodeSpec{Taints: taints},
		Status:     corev1.NodeStatus{Capacity: capacity, Allocatable: capacity},
	}
}

// Template is the node a pool's scaler would build for it at size zero.
type Template struct {
	Group string
	Pool  string // the group's mlkube.io/pool label, for reporting
	Node  *corev1.Node
}

// TemplateNodes builds, for every pool that may be empty, the node its
// scaler would imagine from what the plan says about the pool (on EKS the
// Auto Scaling group's node-template tags), as each provider reads it.
func TemplateNodes(p *plan.Plan) ([]Template, error) {
	rs := make([]cluster.PlannedResource, len(p.Resources))
	for i, r := range p.Resources {
		rs[i] = cluster.PlannedResource{URN: r.URN, Type: r.Type, Name: r.Name, Inputs: r.Inputs, DependsOn: r.DependsOn}
	}
	templates, err := providers.Offline().NodeTemplates(rs)
	if err != nil {
		return nil, err
	}
	out := make([]Template, 0, len(templates))
	for _, tm := range templates {
		m, err := machines.Lookup(tm.MachineType)
		if err != nil {
			return nil, fmt.Errorf("group %s: %w", tm.Group, err)
		}
		var taints []corev1.Taint
		for _, t := range tm.Taints {
			taints = append(taints, corev1.Taint{Key: t.Key, Value: t.Value, Effect: corev1.TaintEffect(t.Effect)})
		}
		gpus, gpuResource := 0, gpu.ResourceName
		for r, n := range tm.Resources {
			if gpu.IsResource(r) {
				gpus, gpuResource = n, r
			}
		}
		n := node("template-"+tm.Pool, tm.Labels, taints, m.CPUs, m.MemoryGi, gpuResource, gpus)
		n.Labels["topology.kubernetes.io/zone"] = zones[0]
		n.Labels["type"] = "kwok"
		out = append(out, Template{Group: tm.Group, Pool: tm.Pool, Node: n})
	}
	return out, nil
}
