package eks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/providers/internal/kit"
)

// nodeTemplates builds, for every Auto Scaling group a plan tags, the node
// the cluster autoscaler would imagine from exactly those tags: labels,
// taints and extended resources from the node-template tags, the machine
// type from the node group (the autoscaler reads it from EC2).
func nodeTemplates(rs []cluster.PlannedResource) ([]cluster.NodeTemplate, error) {
	byURN := map[string]*cluster.PlannedResource{}
	for i := range rs {
		byURN[rs[i].URN] = &rs[i]
	}
	groups := map[string]*cluster.NodeTemplate{}
	for _, r := range rs {
		if r.Type != "aws:autoscaling/tag:Tag" {
			continue
		}
		name, _ := r.Inputs["autoscalingGroupName"].(string)
		tag, _ := r.Inputs["tag"].(map[string]any)
		key, _ := tag["key"].(string)
		value, _ := tag["value"].(string)
		g := groups[name]
		if g == nil {
			t := kit.NewTemplate(name, "", nil)
			g = &t
			groups[name] = g
		}
		for _, d := range r.DependsOn {
			if ng := byURN[d]; ng != nil && ng.Type == "aws:eks/nodeGroup:NodeGroup" {
				if types, _ := ng.Inputs["instanceTypes"].([]any); len(types) > 0 {
					g.MachineType, _ = types[0].(string)
				}
			}
		}
		switch {
		case strings.HasPrefix(key, templateLabelTag("")):
			g.Labels[strings.TrimPrefix(key, templateLabelTag(""))] = value
		case strings.HasPrefix(key, templateTaintTag("")):
			v, effect, ok := strings.Cut(value, ":")
			if !ok {
				return nil, fmt.Errorf("ASG %s tag %s: taint value %q is not value:Effect", name, key, value)
			}
			g.Taints = append(g.Taints, cluster.Taint{Key: strings.TrimPrefix(key, templateTaintTag("")), Value: v, Effect: effect})
		case strings.HasPrefix(key, templateResourceTag("")):
			n, err := strconv.Atoi(value)
			if err != nil {
				return nil, fmt.Errorf("ASG %s: %s tag %q is not a count", name, key, value)
			}
			g.Resources[strings.TrimPrefix(key, templateResourceTag(""))] = n
		}
	}
	out := make([]cluster.NodeTemplate, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	karpenter, err := karpenterTemplates(rs)
	if err != nil {
		return nil, err
	}
	return kit.Finish(append(out, karpenter...)), nil
}
