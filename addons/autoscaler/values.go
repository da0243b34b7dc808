package autoscaler

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
)

// Applies reports whether the cluster needs the cluster autoscaler, and
// if not, why (for the plan's notes): clouds that scale pools themselves
// (GKE, AKS) do not; clusters whose nodes cannot be added by an API
// (kubeadm on own servers, most adopted clusters) cannot use it.
func Applies(cl *cluster.Cluster) (bool, string) {
	switch {
	case cl.Capabilities.ManagedAutoscaling:
		return false, fmt.Sprintf("cluster autoscaler not installed: the %s cluster scales its node pools itself (pool min/max are set on the pools)", cl.Kind)
	case cl.Capabilities.AutoscalerCloudProvider == "":
		return false, fmt.Sprintf("cluster autoscaler not installed: the %s cluster has no cloud API to add nodes; node pools are fixed at their current size", cl.Kind)
	}
	return true, ""
}

// Priorities of the priority expander. Higher wins. When a pending pod
// fits several node groups, the autoscaler grows the highest-priority
// one: spot CPU first, then on-demand CPU; GPU pools come last, so a pod
// that does not need a GPU (but tolerates the GPU taint, such as a
// DaemonSet-like agent or a generic batch pod) never brings up an
// expensive GPU node while a CPU pool would do. A pod that needs GPUs
// only fits GPU pools, so it still gets one; among GPU pools spot
// capacity wins.
const (
	PriorityCPUSpot     = 50
	PriorityCPUOnDemand = 40
	PriorityGPUSpot     = 20
	PriorityGPUOnDemand = 10
)

// PoolPriority is the expander priority of a pool.
func PoolPriority(p cluster.Pool) int {
	switch {
	case !p.IsGPU() && p.Spot:
		return PriorityCPUSpot
	case !p.IsGPU():
		return PriorityCPUOnDemand
	case p.Spot:
		return PriorityGPUSpot
	}
	return PriorityGPUOnDemand
}

// Priorities is the priority expander config (the "priorities" key of the
// cluster-autoscaler-priority-expander ConfigMap): priority -> node group
// regexes, highest first, each list sorted. The regexes come from the
// provider (cluster.NodeGroupPatterns), which alone knows how its node
// groups are named.
func Priorities(cl *cluster.Cluster) string {
	byPriority := map[int][]string{}
	for _, p := range cl.Pools {
		re, ok := cl.NodeGroupPatterns[p.Name]
		if !ok {
			continue
		}
		n := PoolPriority(p)
		byPriority[n] = append(byPriority[n], re)
	}
	prios := make([]int, 0, len(byPriority))
	for n := range byPriority {
		prios = append(prios, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(prios)))
	var b strings.Builder
	for _, n := range prios {
		patterns := byPriority[n]
		sort.Strings(patterns)
		b.WriteString(strconv.Itoa(n) + ":\n")
		for _, re := range patterns {
			b.WriteString("  - " + strconv.Quote(re) + "\n")
		}
	}
	return b.String()
}

// Values computes the cluster-autoscaler chart values: the image matching
// the cluster's Kubernetes minor, discovery of the node groups tagged
// with the cluster's name, the service account the cloud role trusts,
// and the scaling behaviour. The service account's annotations (the IRSA
// role) are outputs and are added by New.
func Values(cl *cluster.Cluster, cfg config.Autoscaler) (map[string]any, error) {
	tag, err := versions.AutoscalerTag(cl.KubernetesVersion)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"fullnameOverride": Name,
		"cloudProvider":    cl.Capabilities.AutoscalerCloudProvider,
		"awsRegion":        cl.Region,
		"autoDiscovery":    map[string]any{"clusterName": cl.Name},
		"image": map[string]any{
			"repository": versions.AutoscalerRepository,
			"tag":        tag,
		},
		"rbac": map[string]any{
			"serviceAccount": map[string]any{
				"create": true,
				"name":   ServiceAccount,
			},
		},
		"extraArgs": map[string]any{
			"logtostderr":                   true,
			"stderrthreshold":               "info",
			"v":                             4,
			"balance-similar-node-groups":   true,
			"expander":                      "priority,least-waste",
			"skip-nodes-with-local-storage": false,
			"skip-nodes-with-system-pods":   false,
			"scale-down-unneeded-time":      cfg.ScaleDownUnneededTime,
			"scale-down-delay-after-add":    cfg.ScaleDownDelayAfterAdd,
		},
		// The chart renders this as the cluster-autoscaler-priority-expander
		// ConfigMap in the release namespace, where the expander reads it.
		"expanderPriorities": Priorities(cl),
		// The autoscaler must not run on a node it may remove for lack
		// of GPU work: keep it on CPU nodes.
		"affinity": map[string]any{
			"nodeAffinity": map[string]any{
				"requiredDuringSchedulingIgnoredDuringExecution": map[string]any{
					"nodeSelectorTerms": []any{map[string]any{
						"matchExpressions": []any{map[string]any{
							"key":      gpu.AcceleratorLabel,
							"operator": "DoesNotExist",
						}},
					}},
				},
			},
		},
		"priorityClassName": "system-cluster-critical",
		"resources": map[string]any{
			"requests": map[string]any{"cpu": "100m", "memory": "300Mi"},
			"limits":   map[string]any{"memory": "600Mi"},
		},
	}, nil
}
