//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// owner names the workload a pod belongs to (Deployment or Job).
func owner(p corev1.Pod) string {
	if n := p.Labels["job-name"]; n != "" {
		return "Job " + p.Namespace + "/" + n
	}
	for _, ref := range p.OwnerReferences {
		if ref.Kind == "ReplicaSet" {
			return "Deployment " + p.Namespace + "/" + ref.Name[:strings.LastIndex(ref.Name, "-")]
		}
	}
	return "Pod " + p.Namespace + "/" + p.Name
}

func gpuRequest(p corev1.Pod) int64 {
	var n int64
	for _, c := range p.Spec.Containers {
		if q, ok := c.Resources.Requests[gpu.ResourceName]; ok {
			n += q.Value()
		}
	}
	return n
}

func hasGPUTaint(n corev1.Node) bool {
	for _, t := range n.Spec.Taints {
		if t.Key == gpu.TaintKey {
			return true
		}
	}
	return false
}

// CheckPlacement checks every pod in the namespaces: scheduled, on a node of
// the pool its workload selects, GPU pods only on GPU nodes, CPU-only pods
// never on a tainted GPU node. Each problem names the workload and why.
func CheckPlacement(ctx context.Context, cp *ControlPlane, namespaces []string) []string {
	nodes, err := cp.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return []string{err.Error()}
	}
	byName := map[string]corev1.Node{}
	for _, n := range nodes.Items {
		byName[n.Name] = n
	}
	var problems []string
	for _, ns := range namespaces {
		pods, err := cp.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return append(problems, err.Error())
		}
		for _, p := range pods.Items {
			if p.Status.Phase == corev1.PodSucceeded && p.Spec.NodeName == "" {
				continue
			}
			if p.Spec.NodeName == "" {
				why := "not scheduled"
				for _, c := range p.Status.Conditions {
					if c.Type == corev1.PodScheduled && c.Message != "" {
						why = c.Message
					}
				}
				problems = append(problems, fmt.Sprintf("%s: pod %s is Pending: %s", owner(p), p.Name, why))
				continue
			}
			n := byName[p.Spec.NodeName]
			if want := p.Spec.NodeSelector[gpu.PoolLabel]; want != "" && n.Labels[gpu.PoolLabel] != want {
				problems = append(problems, fmt.Sprintf("%s: pod %s runs on %s of pool %q, not pool %q", owner(p), p.Name, n.Name, n.Labels[gpu.PoolLabel], want))
			}
			_, nodeHasGPU := n.Status.Allocatable[gpu.ResourceName]
			if gpuRequest(p) > 0 && !nodeHasGPU {
				problems = append(problems, fmt.Sprintf("%s: GPU pod %s runs on %s, which has no GPUs", owner(p), p.Name, n.Name))
			}
			if gpuRequest(p) == 0 && hasGPUTaint(n) {
				problems = append(problems, fmt.Sprintf("%s: CPU-only pod %s runs on tainted GPU node %s", owner(p), p.Name, n.Name))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// CheckWorkloads checks Deployments are fully available, Jobs complete, and
// each Indexed Job's pods carry distinct completion indexes (ranks).
func CheckWorkloads(ctx context.Context, cp *ControlPlane, namespaces []string) (problems []string, summary []string) {
	for _, ns := range namespaces {
		deps, err := cp.Client.AppsV1().Deployments(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return []string{err.Error()}, nil
		}
		for _, d := range deps.Items {
			if !deploymentAvailable(d) {
				problems = append(problems, fmt.Sprintf("Deployment %s/%s: %d of %d replicas available", ns, d.Name, d.Status.AvailableReplicas, replicas(d)))
			} else {
				summary = append(summary, fmt.Sprintf("Deployment %s/%s: %d/%d available", ns, d.Name, d.Status.AvailableReplicas, replicas(d)))
			}
		}
		jobs, err := cp.Client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return []string{err.Error()}, nil
		}
		for _, j := range jobs.Items {
			if !jobComplete(j) {
				problems = append(problems, fmt.Sprintf("Job %s/%s: not Complete (%d succeeded, %d failed)", ns, j.Name, j.Status.Succeeded, j.Status.Failed))
				continue
			}
			line := fmt.Sprintf("Job %s/%s: Complete, %d pod(s) succeeded", ns, j.Name, j.Status.Succeeded)
			if j.Spec.CompletionMode != nil && *j.Spec.CompletionMode == batchv1.IndexedCompletion {
				ranks, err := jobRanks(ctx, cp, j)
				if err != nil {
					problems = append(problems, err.Error())
					continue
				}
				line += fmt.Sprintf(", ranks %s", strings.Join(ranks, ","))
			}
			summary = append(summary, line)
		}
	}
	return problems, summary
}

func replicas(d appsv1.Deployment) int32 {
	if d.Spec.Replicas == nil {
		return 1
	}
	return *d.Spec.Replicas
}

func deploymentAvailable(d appsv1.Deployment) bool {
	return d.Status.AvailableReplicas >= replicas(d) && d.Status.ObservedGeneration >= d.Generation
}

func jobComplete(j batchv1.Job) bool {
	for _, c := range j.Status.Conditions {
		if c.Type == batchv1.JobComplete && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

// jobRanks returns the distinct completion indexes of an Indexed Job's
// succeeded pods, and an error if two pods share one.
func jobRanks(ctx context.Context, cp *ControlPlane, j batchv1.Job) ([]string, error) {
	sel := labels.Set{"job-name": j.Name}.AsSelector().String()
	pods, err := cp.Client.CoreV1().Pods(j.Namespace).List(ctx, metav1.ListOptions{LabelSelector: sel})
	if err != nil {
		return nil, err
	}
	seen := map[string]string{}
	for _, p := range pods.Items {
		if p.Status.Phase != corev1.PodSucceeded {
			continue
		}
		idx := p.Annotations[batchv1.JobCompletionIndexAnnotation]
		if other, dup := seen[idx]; dup {
			return nil, fmt.Errorf("Job %s/%s: pods %s and %s share rank %s", j.Namespace, j.Name, other, p.Name, idx)
		}
		seen[idx] = p.Name
	}
	var ranks []string
	for r := range seen {
		ranks = append(ranks, r)
	}
	sort.Strings(ranks)
	if j.Spec.Completions != nil && int32(len(ranks)) != *j.Spec.Completions {
		return ranks, fmt.Errorf("Job %s/%s: %d distinct ranks, want %d", j.Namespace, j.Name, len(ranks), *j.Spec.Completions)
	}
	return ranks, nil
}

// podPool is the pool whose selector a pod's nodeSelector carries (the
// pool label, or a computeClass pool's class label); "" for none.
func podPool(p corev1.Pod, pools []cluster.Pool) string {
	for _, pool := range pools {
		matches := len(pool.NodeSelector) > 0
		for k, v := range pool.NodeSelector {
			matches = matches && p.Spec.NodeSelector[k] == v
		}
		if matches {
			return pool.Name
		}
	}
	return ""
}
