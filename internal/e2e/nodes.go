//go:build e2e

package e2e

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
	"github.com/mlkube/mlkube/internal/plan"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// kwokAnnotation marks the nodes kwok simulates.
const kwokAnnotation = "kwok.x-k8s.io/node"

var zones = []string{"zone-a", "zone-b", "zone-c"}

// PoolNodes are the simulated nodes of a pool: the labels and taints the
// stack gives the pool, and the allocatable CPU, memory and GPUs of its
// machine type (GPUs times the time-slicing replicas, as the device plugin
// advertises them).
func PoolNodes(p config.NodePool, count int) ([]*corev1.Node, error) {
	m, err := machines.Lookup(p.MachineType)
	if err != nil {
		return nil, fmt.Errorf("pool %s: %w", p.Name, err)
	}
	var taints []corev1.Taint
	for _, t := range p.Taints {
		taints = append(taints, corev1.Taint{Key: t.Key, Value: t.Value, Effect: corev1.TaintEffect(t.Effect)})
	}
	var out []*corev1.Node
	for i := 0; i < count; i++ {
		name := fmt.Sprintf("%s-%d", p.Name, i)
		out = append(out, node(name, zones[i%len(zones)], p.Labels, taints, m.CPUs, m.MemoryGi, config.GPUResource(&p), config.GPUsPerNode(&p)))
	}
	return out, nil
}

func node(name, zone string, labels map[string]string, taints []corev1.Taint, cpus, memGi int, gpuResource string, gpus int) *corev1.Node {
	l := map[string]string{
		"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
		"topology.kubernetes.io/zone": zone, "type": "kwok",
	}
	for k, v := range labels {
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

// Node-template tag prefixes the cluster autoscaler reads on an Auto
// Scaling group to imagine a node of a group at size zero.
const (
	templateLabel    = "k8s.io/cluster-autoscaler/node-template/label/"
	templateTaint    = "k8s.io/cluster-autoscaler/node-template/taint/"
	templateResource = "k8s.io/cluster-autoscaler/node-template/resources/"
)

// Template is the node the autoscaler would imagine for one group.
type Template struct {
	Group string
	Pool  string // the group's mlkube.io/pool label, for reporting
	Node  *corev1.Node
}

// TemplateNodes builds, for every Auto Scaling group the plan tags, the
// node the cluster autoscaler would imagine from exactly those tags: labels,
// taints and extended resources from the tags, CPU and memory from the
// group's instance type (which the autoscaler reads from EC2).
func TemplateNodes(p *plan.Plan) ([]Template, error) {
	byURN := map[string]int{}
	for i, r := range p.Resources {
		byURN[r.URN] = i
	}
	type group struct {
		labels    map[string]string
		taints    []corev1.Taint
		resources map[string]string
		instance  string
	}
	groups := map[string]*group{}
	for _, r := range p.Resources {
		if r.Type != "aws:autoscaling/tag:Tag" {
			continue
		}
		name, _ := r.Inputs["autoscalingGroupName"].(string)
		tag, _ := r.Inputs["tag"].(map[string]any)
		key, _ := tag["key"].(string)
		value, _ := tag["value"].(string)
		g := groups[name]
		if g == nil {
			g = &group{labels: map[string]string{}, resources: map[string]string{}}
			groups[name] = g
		}
		for _, d := range r.DependsOn {
			if i, ok := byURN[d]; ok && p.Resources[i].Type == "aws:eks/nodeGroup:NodeGroup" {
				if types, _ := p.Resources[i].Inputs["instanceTypes"].([]any); len(types) > 0 {
					g.instance, _ = types[0].(string)
				}
			}
		}
		switch {
		case strings.HasPrefix(key, templateLabel):
			g.labels[strings.TrimPrefix(key, templateLabel)] = value
		case strings.HasPrefix(key, templateTaint):
			v, effect, ok := strings.Cut(value, ":")
			if !ok {
				return nil, fmt.Errorf("ASG %s tag %s: taint value %q is not value:Effect", name, key, value)
			}
			g.taints = append(g.taints, corev1.Taint{Key: strings.TrimPrefix(key, templateTaint), Value: v, Effect: corev1.TaintEffect(effect)})
		case strings.HasPrefix(key, templateResource):
			g.resources[strings.TrimPrefix(key, templateResource)] = value
		}
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Template
	for _, n := range names {
		g := groups[n]
		m, err := machines.Lookup(g.instance)
		if err != nil {
			return nil, fmt.Errorf("ASG %s: %w", n, err)
		}
		gpus, gpuResource := 0, gpu.ResourceName
		for r, v := range g.resources {
			if !gpu.IsResource(r) {
				continue
			}
			if gpus, err = strconv.Atoi(v); err != nil {
				return nil, fmt.Errorf("ASG %s: %s tag %q is not a count", n, r, v)
			}
			gpuResource = r
		}
		sort.Slice(g.taints, func(i, j int) bool { return g.taints[i].Key < g.taints[j].Key })
		pool := g.labels[gpu.PoolLabel]
		out = append(out, Template{Group: n, Pool: pool, Node: node("template-"+pool, zones[0], g.labels, g.taints, m.CPUs, m.MemoryGi, gpuResource, gpus)})
	}
	return out, nil
}
