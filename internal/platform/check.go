package platform

import (
	"fmt"

	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/components/training"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
)

// CheckWorkloads runs each workload component's own validation (defaults
// and every field rule live there, once) on the Args the stack file gives
// it, and names each problem by its stack key. The cluster does not exist
// yet: the Args see the stack's pools as the contract reads them, which is
// all the components' rules depend on. Pass it to config.Parse so its
// problems join the stack file's own in one list.
func CheckWorkloads(cfg *config.Config) error {
	w := newWorkloads(nil, cfg, &cluster.Cluster{Kind: cfg.Cluster.Provider, Pools: cluster.PoolsFrom(cfg.NodePools)})
	var problems stackProblems
	for i, s := range cfg.Workloads.Inference {
		at := fmt.Sprintf("workloads.inference[%d]", i)
		if why := lifecycle.SleepAction.Missing(cfg.Cluster.KubernetesVersion); why != "" {
			problems.list = append(problems.list, config.FieldError{Path: at, Message: why})
		}
		if s.Expose.TrafficDistribution != "" {
			if why := lifecycle.TrafficDistribution.Missing(cfg.Cluster.KubernetesVersion); why != "" {
				problems.list = append(problems.list, config.FieldError{Path: at + ".expose.trafficDistribution", Message: why})
			}
		}
		if v := config.VerticalOf(&s); v != nil && v.UpdateMode == inference.UpdateInPlaceOrRecreate {
			if why := lifecycle.InPlaceResize.Missing(cfg.Cluster.KubernetesVersion); why != "" {
				problems.list = append(problems.list, config.FieldError{Path: at + ".autoscaling.vertical.updateMode", Message: why})
			}
		}
		if err := inference.Validate(s.Team+"-"+s.Name, *w.inferenceArgs(s)); err != nil {
			problems.add(fmt.Sprintf("workloads.inference[%d]", i), err, inferenceKeys)
		}
	}
	for i, j := range cfg.Workloads.Training {
		if err := training.Validate(j.Team+"-"+j.Name, *w.trainingArgs(j)); err != nil {
			problems.add(fmt.Sprintf("workloads.training[%d]", i), err, trainingKeys)
		}
	}
	return problems.err()
}
