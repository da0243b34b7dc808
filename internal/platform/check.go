package platform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/components/training"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
)

// Check reports what the stack file's own validation cannot see, all in one
// list: the provider's own rules and its version calendar, teams that would
// take an addon's namespace, and the workload components' rules on the Args
// the stack gives them against the cluster its provider describes (so a
// canary the cluster's ingress cannot split, or an identity on a cluster
// that gives none, is refused here). Pass it to config.Parse: its problems
// join the stack file's own, and it runs once, before anything is
// registered.
func Check(cfg *config.Config) error {
	p, err := providerFor(cfg)
	if err != nil {
		return config.Errors{{Path: "cluster.provider", Message: err.Error()}}
	}
	var problems config.Problems
	problems.Merge(p.Validate(cfg))
	problems.Merge(cluster.CheckPoolSupport(p.Kind, p.PoolSupport, cfg.NodePools))
	if r := p.Support(cfg).Refusal; r != "" {
		problems.Add("cluster.kubernetesVersion", "%s", r)
	}
	for i, t := range cfg.Workloads.Teams {
		if slices.Contains(addons.Namespaces, t.Namespace) {
			problems.Add(config.Key(config.Index("workloads.teams", i), "namespace"),
				"%q belongs to the platform (addons and the cluster use %s); give the team its own namespace", t.Namespace, strings.Join(addons.Namespaces, ", "))
		}
	}
	problems.Merge(checkWorkloads(cfg, p.Describe(cfg)))
	return problems.Err()
}

// checkWorkloads runs each workload component's own validation (defaults
// and every field rule live there, once) on the Args the stack file gives
// it, built against the described cluster, and names each problem by its
// stack key.
func checkWorkloads(cfg *config.Config, shape cluster.Shape) error {
	w := newWorkloads(nil, cfg, &cluster.Cluster{Shape: shape})
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
		if e := w.identityRefused(at, s.Identity); e != nil {
			problems.list = append(problems.list, *e)
		}
		if v := config.VerticalOf(&s); v != nil && v.UpdateMode == inference.UpdateInPlaceOrRecreate {
			if why := lifecycle.InPlaceResize.Missing(cfg.Cluster.KubernetesVersion); why != "" {
				problems.list = append(problems.list, config.FieldError{Path: at + ".autoscaling.vertical.updateMode", Message: why})
			}
		}
		if err := inference.Validate(s.Team+"-"+s.Name, *w.inferenceArgs(s)); err != nil {
			problems.add(at, err, inferenceKeys)
		}
	}
	for i, j := range cfg.Workloads.Training {
		at := fmt.Sprintf("workloads.training[%d]", i)
		if e := w.identityRefused(at, j.Identity); e != nil {
			problems.list = append(problems.list, *e)
		}
		if err := training.Validate(j.Team+"-"+j.Name, *w.trainingArgs(j)); err != nil {
			problems.add(at, err, trainingKeys)
		}
	}
	return problems.err()
}
