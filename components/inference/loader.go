package inference

import (
	"strings"

	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/mlkube/mlkube/internal/labels"
	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LoadedMarker is the file the loader writes into the model volume once
// the copy is complete; it holds the source URI, so servers wait for the
// model they were configured with, not for an older one.
const LoadedMarker = ".mlkube-loaded"

const (
	loaderContainer = "model-load"
	waitContainer   = "model-wait"
	loaderMount     = "/model"
)

// loaderScript copies Source into the volume, then writes the marker.
func loaderScript(a Args) string {
	src, _ := parseSource(a.Model.Source) // validated
	cmd := downloadCommand(src, loaderMount)
	return strings.Join(quoteAll(cmd), " ") + " && printf '%s' " + shellQuote(a.Model.Source) + " > " + loaderMount + "/" + LoadedMarker
}

// waitScript is the servers' init container: it returns once the loader
// has written the marker for this source.
func waitScript(a Args) string {
	marker := a.Model.Path + "/" + LoadedMarker
	return "until [ \"$(cat " + shellQuote(marker) + " 2>/dev/null)\" = " + shellQuote(a.Model.Source) + " ]; do echo waiting for the model loader; sleep 5; done"
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = shellQuote(s)
	}
	return out
}

// loader is the one-time Job that fills Model.Volume from Model.Source. It
// runs where the servers run when the volume attaches to one node
// (ReadWriteOnce), anywhere untainted when it is shared,
// as the same non-root user, with the pod's cloud identity; a changed
// source replaces the Job (its template is immutable), which copies again.
func (b *builder) loader(sa *corev1.ServiceAccount) (*batchv1.Job, error) {
	a := b.a
	pod := &corev1.PodSpecArgs{
		ServiceAccountName:           sa.Metadata.Name().Elem(),
		AutomountServiceAccountToken: pulumi.Bool(false),
		RestartPolicy:                pulumi.String("OnFailure"),
		SecurityContext:              kube.PodSecurity(a.RunAsUser, a.FSGroup),
		Volumes: corev1.VolumeArray{
			kube.TmpVolume(),
			corev1.VolumeArgs{Name: pulumi.String(modelVolume), PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSourceArgs{ClaimName: pulumi.String(a.Model.Volume)}},
		},
		Containers: corev1.ContainerArray{rcloneContainer(a, loaderContainer, []string{"sh", "-c", loaderScript(a)}, loaderMount)},
	}
	if !a.Model.SharedVolume {
		pod.Tolerations = kube.Tolerations(a.Tolerations)
		if len(a.NodeSelector) > 0 {
			pod.NodeSelector = pulumi.ToStringMap(a.NodeSelector)
		}
	}
	loaderLabels := kube.Merge(b.labels(), map[string]string{labels.Component: labels.ModelLoaderComponent})
	return batchv1.NewJob(b.ctx, b.name+"-model-loader", &batchv1.JobArgs{
		Metadata: kube.Meta(b.obj+"-model-loader", a.Namespace, loaderLabels, kube.NeedsEgress(a.NeedsEgress)),
		Spec: &batchv1.JobSpecArgs{
			BackoffLimit: pulumi.Int(6),
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: pulumi.ToStringMap(loaderLabels)},
				Spec:     pod,
			},
		},
	}, b.parent)
}
