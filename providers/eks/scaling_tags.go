package eks

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/autoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The cluster autoscaler finds the Auto Scaling groups it may scale by two
// discovery tags, and learns what a node of an empty group would look like
// (labels, taints, extended resources) from node-template tags. Without
// them it cannot tell that a pending GPU pod fits a GPU pool at size zero,
// and the pool never scales up. EKS does not copy node group tags or labels
// to the group's ASG, so mlkube writes them onto the ASG itself.
const autoscalerTagPrefix = "k8s.io/cluster-autoscaler/"

// Discovery tag keys: --node-group-auto-discovery=asg:tag=<enabled>,<owner>.
const tagAutoscalerEnabled = autoscalerTagPrefix + "enabled"

// autoscalerOwnerTag is the discovery tag that ties an ASG to one cluster.
func autoscalerOwnerTag(cluster string) string { return autoscalerTagPrefix + cluster }

// Node-template tag keys.
func templateLabelTag(key string) string { return autoscalerTagPrefix + "node-template/label/" + key }
func templateTaintTag(key string) string { return autoscalerTagPrefix + "node-template/taint/" + key }
func templateResourceTag(name string) string {
	return autoscalerTagPrefix + "node-template/resources/" + name
}

// asgTag is one tag of an Auto Scaling group.
type asgTag struct{ Key, Value string }

// scaleFromZeroTags are the tags of a pool's ASG, sorted by key: the
// discovery tags, one label tag per node label (the cloud's GPU label
// included), one taint tag per taint (value "<value>:<Effect>", in the
// Kubernetes spelling the autoscaler parses), and for GPU pools the number
// of nvidia.com/gpu a node advertises (time-slicing multiplies it).
func scaleFromZeroTags(clusterName string, p config.NodePool) ([]asgTag, error) {
	tags := []asgTag{
		{tagAutoscalerEnabled, "true"},
		{autoscalerOwnerTag(clusterName), "owned"},
	}
	for k, v := range p.Labels {
		tags = append(tags, asgTag{templateLabelTag(k), v})
	}
	seen := map[string]bool{}
	for _, t := range p.Taints {
		if seen[t.Key] {
			return nil, fmt.Errorf("pool %s: two taints with key %s; an ASG node template holds one per key", p.Name, t.Key)
		}
		seen[t.Key] = true
		tags = append(tags, asgTag{templateTaintTag(t.Key), t.Value + ":" + t.Effect})
	}
	if cp := cluster.PoolFrom(p); cp.GPUsPerNode() > 0 {
		tags = append(tags, asgTag{templateResourceTag(cp.GPUResource()), strconv.Itoa(cp.GPUsPerNode())})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	return tags, nil
}

// asgName is the name of the node group's Auto Scaling group, an output
// of the node group (EKS creates one ASG per managed node group).
func asgName(ng *eks.NodeGroup) pulumi.StringOutput {
	return ng.Resources.Index(pulumi.Int(0)).AutoscalingGroups().Index(pulumi.Int(0)).Name().Elem()
}

// newScalingTags tags the node group's ASG. The set of Tag resources is
// fixed by the configuration; only their ASG name is an output, so every
// tag shows in previews (no resource is created inside an apply).
func (b *builder) newScalingTags(ng *eks.NodeGroup, p config.NodePool) ([]pulumi.Resource, error) {
	tags, err := scaleFromZeroTags(b.Name, p)
	if err != nil {
		return nil, err
	}
	name := poolName(b.Name, p.Name)
	group := asgName(ng)
	var out []pulumi.Resource
	for _, t := range tags {
		r, err := autoscaling.NewTag(b.Ctx, name+"-asg/"+strings.TrimPrefix(t.Key, autoscalerTagPrefix), &autoscaling.TagArgs{
			AutoscalingGroupName: group,
			Tag: &autoscaling.TagTagArgs{
				Key:               pulumi.String(t.Key),
				Value:             pulumi.String(t.Value),
				PropagateAtLaunch: pulumi.Bool(true),
			},
		}, b.Opts()...)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
