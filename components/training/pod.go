package training

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	trainerContainer = "trainer"
	stageContainer   = "stage-data"
	dataVolume       = "data"
	checkpointVolume = "checkpoints"
	rendezvousPort   = "rendezvous"
)

// EvictionAnnotations stop the cluster autoscaler and Karpenter from
// removing a node while a training pod runs on it: losing hours of GPU
// work to a scale-down is worse than an idle node for a while.
var EvictionAnnotations = map[string]string{
	"cluster-autoscaler.kubernetes.io/safe-to-evict": "false",
	"karpenter.sh/do-not-disrupt":                    "true",
}

func hasData(a Args) bool { return a.DataVolume != "" || a.StageData != nil }

// podRefs are sibling objects the pod names, as outputs so the Job waits for them.
type podRefs struct {
	serviceAccount pulumi.StringInput
	subdomain      pulumi.StringInput // headless Service, distributed only
}

func podTemplate(name string, a Args, refs podRefs) *corev1.PodTemplateSpecArgs {
	spec := kube.PodSpec(a.Pod, refs.serviceAccount)
	spec.RestartPolicy = pulumi.String(a.RestartPolicy)
	spec.Volumes = volumes(a)
	spec.Containers = corev1.ContainerArray{trainer(name, a)}
	if refs.subdomain != nil {
		spec.Subdomain = refs.subdomain
	}
	if a.StageData != nil {
		spec.InitContainers = corev1.ContainerArray{stager(a)}
	}
	annotations := kube.Merge(EvictionAnnotations, map[string]string{"kubectl.kubernetes.io/default-container": trainerContainer})
	return &corev1.PodTemplateSpecArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Labels:      pulumi.ToStringMap(kube.Labels(name, component, a.Labels)),
			Annotations: pulumi.ToStringMap(annotations),
		},
		Spec: spec,
	}
}

func volumes(a Args) corev1.VolumeArray {
	vols := corev1.VolumeArray{kube.TmpVolume(), kube.ShmVolume(a.SharedMemorySize)}
	switch {
	case a.DataVolume != "":
		vols = append(vols, corev1.VolumeArgs{Name: pulumi.String(dataVolume), PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSourceArgs{ClaimName: pulumi.String(a.DataVolume)}})
	case a.StageData != nil:
		vols = append(vols, corev1.VolumeArgs{Name: pulumi.String(dataVolume), EmptyDir: &corev1.EmptyDirVolumeSourceArgs{}})
	}
	if a.CheckpointVolume != "" {
		vols = append(vols, corev1.VolumeArgs{Name: pulumi.String(checkpointVolume), PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSourceArgs{ClaimName: pulumi.String(a.CheckpointVolume)}})
	}
	return vols
}

func mount(name, path string, readOnly bool) corev1.VolumeMountArgs {
	return corev1.VolumeMountArgs{Name: pulumi.String(name), MountPath: pulumi.String(path), ReadOnly: pulumi.Bool(readOnly)}
}

func trainer(name string, a Args) corev1.ContainerArgs {
	mounts := corev1.VolumeMountArray{kube.TmpMount(), kube.ShmMount()}
	if hasData(a) {
		mounts = append(mounts, mount(dataVolume, a.DataPath, true))
	}
	if a.CheckpointVolume != "" {
		mounts = append(mounts, mount(checkpointVolume, a.CheckpointPath, false))
	}
	c := kube.MainContainer(trainerContainer, a.Pod, envVars(name, a), a.Env)
	c.VolumeMounts = mounts
	if a.Distributed != nil {
		c.Ports = corev1.ContainerPortArray{corev1.ContainerPortArgs{
			Name: pulumi.String(rendezvousPort), ContainerPort: pulumi.Int(a.Distributed.Port), Protocol: pulumi.String("TCP"),
		}}
	}
	return c
}

// stager writes the data into DataPath before the trainer starts.
func stager(a Args) corev1.ContainerArgs {
	s := a.StageData
	c := corev1.ContainerArgs{
		Name:            pulumi.String(stageContainer),
		Image:           pulumi.String(s.Image),
		ImagePullPolicy: pulumi.String("IfNotPresent"),
		Env:             corev1.EnvVarArray{plain("DATA_DIR", a.DataPath), plain("HOME", "/tmp")},
		Resources:       kube.Requirements(*s.Resources, "", 0),
		SecurityContext: kube.ContainerSecurity(),
		VolumeMounts:    corev1.VolumeMountArray{kube.TmpMount(), mount(dataVolume, a.DataPath, false)},
	}
	if len(s.Command) > 0 {
		c.Command = pulumi.ToStringArray(s.Command)
	}
	if len(s.Arguments) > 0 {
		c.Args = pulumi.ToStringArray(s.Arguments)
	}
	return c
}
