package inference

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	autoscalingv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/autoscaling/v2"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// metrics returns the HPA metrics: CPU and memory utilisation of the
// requests, then the custom metrics in the order given.
func metrics(as *Autoscaling) autoscalingv2.MetricSpecArray {
	var out autoscalingv2.MetricSpecArray
	for _, r := range []struct {
		name    string
		percent int
	}{{"cpu", as.CPUPercent}, {"memory", as.MemoryPercent}} {
		if r.percent == 0 {
			continue
		}
		out = append(out, autoscalingv2.MetricSpecArgs{
			Type: pulumi.String("Resource"),
			Resource: &autoscalingv2.ResourceMetricSourceArgs{
				Name:   pulumi.String(r.name),
				Target: autoscalingv2.MetricTargetArgs{Type: pulumi.String("Utilization"), AverageUtilization: pulumi.Int(r.percent)},
			},
		})
	}
	for _, m := range as.Metrics {
		id := autoscalingv2.MetricIdentifierArgs{Name: pulumi.String(m.Name)}
		if len(m.Selector) > 0 {
			id.Selector = &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(m.Selector)}
		}
		target := autoscalingv2.MetricTargetArgs{Type: pulumi.String("AverageValue"), AverageValue: pulumi.String(m.Target)}
		if m.Type == MetricPods {
			out = append(out, autoscalingv2.MetricSpecArgs{
				Type: pulumi.String("Pods"),
				Pods: &autoscalingv2.PodsMetricSourceArgs{Metric: id, Target: target},
			})
		} else {
			out = append(out, autoscalingv2.MetricSpecArgs{
				Type:     pulumi.String("External"),
				External: &autoscalingv2.ExternalMetricSourceArgs{Metric: id, Target: target},
			})
		}
	}
	return out
}

// behavior scales up fast (by default the larger of ScaleUpPods pods or
// 100% per minute: model servers are slow to start, so late is worse than
// extra) and down slowly (after a stabilization window, the larger of
// ScaleDownPercent or ScaleDownPods per minute), so GPU nodes are not
// churned.
func behavior(as *Autoscaling) *autoscalingv2.HorizontalPodAutoscalerBehaviorArgs {
	policy := func(typ string, value, period int) autoscalingv2.HPAScalingPolicyArgs {
		return autoscalingv2.HPAScalingPolicyArgs{Type: pulumi.String(typ), Value: pulumi.Int(value), PeriodSeconds: pulumi.Int(period)}
	}
	return &autoscalingv2.HorizontalPodAutoscalerBehaviorArgs{
		ScaleUp: &autoscalingv2.HPAScalingRulesArgs{
			StabilizationWindowSeconds: pulumi.Int(as.ScaleUpStabilizationSeconds),
			SelectPolicy:               pulumi.String("Max"),
			Policies:                   autoscalingv2.HPAScalingPolicyArray{policy("Pods", as.ScaleUpPods, as.ScaleUpPeriodSeconds), policy("Percent", as.ScaleUpPercent, as.ScaleUpPeriodSeconds)},
		},
		ScaleDown: &autoscalingv2.HPAScalingRulesArgs{
			StabilizationWindowSeconds: pulumi.Int(*as.ScaleDownStabilizationSeconds),
			SelectPolicy:               pulumi.String("Max"),
			Policies:                   autoscalingv2.HPAScalingPolicyArray{policy("Percent", as.ScaleDownPercent, as.ScaleDownPeriodSeconds), policy("Pods", as.ScaleDownPods, as.ScaleDownPeriodSeconds)},
		},
	}
}

// hpa targets the Deployment through its name output, so it is created
// after the Deployment.
func (b *builder) hpa(dep *appsv1.Deployment) (*autoscalingv2.HorizontalPodAutoscaler, error) {
	as := b.a.Autoscaling
	return autoscalingv2.NewHorizontalPodAutoscaler(b.ctx, b.name+"-hpa", &autoscalingv2.HorizontalPodAutoscalerArgs{
		Metadata: kube.Meta(b.obj, b.a.Namespace, b.labels(), nil),
		Spec: &autoscalingv2.HorizontalPodAutoscalerSpecArgs{
			ScaleTargetRef: &autoscalingv2.CrossVersionObjectReferenceArgs{
				ApiVersion: pulumi.String("apps/v1"),
				Kind:       pulumi.String("Deployment"),
				Name:       dep.Metadata.Name().Elem(),
			},
			MinReplicas: pulumi.Int(as.Min),
			MaxReplicas: pulumi.Int(as.Max),
			Metrics:     metrics(as),
			Behavior:    behavior(as),
		},
	}, b.parent)
}
