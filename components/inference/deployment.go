package inference

import (
	"strconv"

	"github.com/mlkube/mlkube/components/internal/kube"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func (b *builder) serviceAccount() (*corev1.ServiceAccount, error) {
	return kube.NewServiceAccount(b.ctx, b.name, b.obj, b.a.Pod, b.labels(), b.parent)
}

func (b *builder) configMap() (*corev1.ConfigMap, error) {
	return corev1.NewConfigMap(b.ctx, b.name+"-configmap", &corev1.ConfigMapArgs{
		Metadata: kube.Meta(b.obj+"-config", b.a.Namespace, b.labels(), nil),
		Data:     pulumi.ToStringMap(b.a.Config),
	}, b.parent)
}

// Recreates: a single fixed replica on a ReadWriteOnce model volume is
// replaced by stopping it first. A surge pod scheduled on another node
// could never attach the volume the old pod holds, so the rollout would
// hang until its deadline; a short gap is the price of one replica.
func Recreates(a Args) bool {
	return a.Model.Volume != "" && !a.Model.SharedVolume && a.Autoscaling == nil && a.Replicas == 1
}

// deployment registers the Deployment. It names the ServiceAccount and
// ConfigMap through their outputs, so it is created after them.
func (b *builder) deployment(sa *corev1.ServiceAccount, cm *corev1.ConfigMap) (*appsv1.Deployment, error) {
	a := b.a
	// One extra pod at a time and never fewer than desired: capacity
	// holds during a rollout, at the cost of one spare (GPU) slot.
	strategy := &appsv1.DeploymentStrategyArgs{
		Type:          pulumi.String("RollingUpdate"),
		RollingUpdate: &appsv1.RollingUpdateDeploymentArgs{MaxSurge: pulumi.Int(1), MaxUnavailable: pulumi.Int(0)},
	}
	if Recreates(a) {
		strategy = &appsv1.DeploymentStrategyArgs{Type: pulumi.String("Recreate")}
	}
	spec := &appsv1.DeploymentSpecArgs{
		Selector:                &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(kube.Selector(b.obj, component))},
		Strategy:                strategy,
		RevisionHistoryLimit:    pulumi.Int(5),
		ProgressDeadlineSeconds: pulumi.Int(rolloutSeconds(a)),
		Template: podTemplate(b.obj, a, podRefs{
			serviceAccount: sa.Metadata.Name().Elem(),
			configMap:      cm.Metadata.Name().Elem(),
		}),
	}
	if a.Autoscaling == nil {
		spec.Replicas = pulumi.Int(a.Replicas)
	}
	timeout := strconv.Itoa(rolloutSeconds(a)+60) + "s"
	return appsv1.NewDeployment(b.ctx, b.name+"-deployment", &appsv1.DeploymentArgs{
		Metadata: kube.Meta(b.obj, a.Namespace, b.labels(), kube.NeedsEgress(a.NeedsEgress)),
		Spec:     spec,
	}, b.parent, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: timeout, Update: timeout}))
}
