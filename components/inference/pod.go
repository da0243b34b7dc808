package inference

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"

	"github.com/mlkube/mlkube/components/internal/kube"
	mlkubelabels "github.com/mlkube/mlkube/internal/labels"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	serverContainer   = "server"
	downloadContainer = "model-download"
	modelVolume       = "model"
	httpPortName      = "http"
)

// configHash is a stable hash of the config data.
func configHash(data map[string]string) string {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(data)) {
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write([]byte(data[k]))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// podRefs are the names of sibling objects the pod refers to; they are
// outputs so the Deployment waits for them.
type podRefs struct {
	serviceAccount pulumi.StringInput
	configMap      pulumi.StringInput
}

// podTemplate builds the pod template of the Deployment.
func podTemplate(name string, a Args, refs podRefs) *corev1.PodTemplateSpecArgs {
	labels := kube.Labels(name, component, a.Labels)
	annotations := map[string]string{
		mlkubelabels.ConfigHash:                   configHash(a.Config),
		"kubectl.kubernetes.io/default-container": serverContainer,
	}
	spec := kube.PodSpec(a.Pod, refs.serviceAccount)
	spec.TopologySpreadConstraints = spread(kube.Selector(name, component))
	spec.Volumes = volumes(a)
	spec.Containers = corev1.ContainerArray{server(a, refs)}
	switch {
	case a.Model.Source != "" && a.Model.Volume != "":
		spec.InitContainers = corev1.ContainerArray{waiter(a)}
	case a.Model.Source != "":
		spec.InitContainers = corev1.ContainerArray{downloader(a)}
	}
	return &corev1.PodTemplateSpecArgs{
		Metadata: &metav1.ObjectMetaArgs{Labels: pulumi.ToStringMap(labels), Annotations: pulumi.ToStringMap(annotations)},
		Spec:     spec,
	}
}

// spread spreads replicas evenly across zones, then across nodes, without
// ever blocking scheduling (ScheduleAnyway): a single-zone pool still runs.
// matchLabelKeys restricts the count to the pods of the same rollout.
func spread(selector map[string]string) corev1.TopologySpreadConstraintArray {
	var out corev1.TopologySpreadConstraintArray
	for _, key := range []string{"topology.kubernetes.io/zone", "kubernetes.io/hostname"} {
		out = append(out, corev1.TopologySpreadConstraintArgs{
			MaxSkew:           pulumi.Int(1),
			TopologyKey:       pulumi.String(key),
			WhenUnsatisfiable: pulumi.String("ScheduleAnyway"),
			LabelSelector:     &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(selector)},
			MatchLabelKeys:    pulumi.StringArray{pulumi.String("pod-template-hash")},
		})
	}
	return out
}

func volumes(a Args) corev1.VolumeArray {
	vols := corev1.VolumeArray{kube.TmpVolume()}
	switch {
	case a.Model.InImage:
		// The image holds the model: nothing to mount over its path.
	case a.Model.Volume != "":
		vols = append(vols, corev1.VolumeArgs{
			Name: pulumi.String(modelVolume),
			PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSourceArgs{
				ClaimName: pulumi.String(a.Model.Volume),
				ReadOnly:  pulumi.Bool(true),
			},
		})
	default:
		ed := &corev1.EmptyDirVolumeSourceArgs{}
		if a.Model.CacheSize != "" {
			ed.SizeLimit = pulumi.String(a.Model.CacheSize)
		}
		vols = append(vols, corev1.VolumeArgs{Name: pulumi.String(modelVolume), EmptyDir: ed})
	}
	if a.GPUs > 0 {
		vols = append(vols, kube.ShmVolume(a.SharedMemorySize))
	}
	return vols
}

func server(a Args, refs podRefs) corev1.ContainerArgs {
	readiness, liveness, startup := probes(a)
	mounts := corev1.VolumeMountArray{kube.TmpMount()}
	if !a.Model.InImage {
		mounts = append(mounts, corev1.VolumeMountArgs{Name: pulumi.String(modelVolume), MountPath: pulumi.String(a.Model.Path), ReadOnly: pulumi.Bool(true)})
	}
	if a.GPUs > 0 {
		mounts = append(mounts, kube.ShmMount())
	}
	ports := corev1.ContainerPortArray{corev1.ContainerPortArgs{Name: pulumi.String(httpPortName), ContainerPort: pulumi.Int(a.Port), Protocol: pulumi.String("TCP")}}
	if a.Probes.Port != a.Port {
		ports = append(ports, corev1.ContainerPortArgs{Name: pulumi.String("probes"), ContainerPort: pulumi.Int(a.Probes.Port), Protocol: pulumi.String("TCP")})
	}
	own := kube.EnvVars([]kube.Env{
		{Name: ModelPathEnv, Value: modelPath(a)},
		{Name: "MODEL_VERSION", Value: a.Model.Version},
	}, nil)
	c := kube.MainContainer(serverContainer, a.Pod, own, withoutKey(a.Env, ModelPathEnv))
	c.Ports = ports
	c.EnvFrom = corev1.EnvFromSourceArray{corev1.EnvFromSourceArgs{ConfigMapRef: &corev1.ConfigMapEnvSourceArgs{Name: refs.configMap}}}
	c.ReadinessProbe, c.LivenessProbe, c.StartupProbe = readiness, liveness, startup
	c.VolumeMounts = mounts
	if a.DrainSeconds > 0 {
		// The sleep action needs no shell or sleep binary in the image
		// (Kubernetes >= 1.30).
		c.Lifecycle = &corev1.LifecycleArgs{PreStop: &corev1.LifecycleHandlerArgs{
			Sleep: &corev1.SleepActionArgs{Seconds: pulumi.Int(a.DrainSeconds)},
		}}
	}
	return c
}

// downloader copies Model.Source into the model emptyDir before the server starts.
func downloader(a Args) corev1.ContainerArgs {
	src, _ := parseSource(a.Model.Source) // validated
	return rcloneContainer(a, downloadContainer, downloadCommand(src, a.Model.Path), a.Model.Path)
}

// rcloneContainer runs the downloader image (rclone) as the pod's
// restricted user: its home and config on the writable /tmp, the model
// volume at mountPath.
func rcloneContainer(a Args, name string, command []string, mountPath string) corev1.ContainerArgs {
	return corev1.ContainerArgs{
		Name:            pulumi.String(name),
		Image:           pulumi.String(a.Model.DownloaderImage),
		ImagePullPolicy: pulumi.String("IfNotPresent"),
		Command:         pulumi.ToStringArray(command),
		Env: kube.EnvVars([]kube.Env{
			{Name: "HOME", Value: "/tmp"},
			{Name: "RCLONE_CONFIG", Value: "/tmp/rclone.conf"},
		}, nil),
		Resources:       downloaderResources(),
		SecurityContext: kube.ContainerSecurity(),
		VolumeMounts: corev1.VolumeMountArray{
			kube.TmpMount(),
			corev1.VolumeMountArgs{Name: pulumi.String(modelVolume), MountPath: pulumi.String(mountPath)},
		},
	}
}

func downloaderResources() *corev1.ResourceRequirementsArgs {
	return &corev1.ResourceRequirementsArgs{
		Requests: pulumi.StringMap{"cpu": pulumi.String("250m"), "memory": pulumi.String("256Mi")},
		Limits:   pulumi.StringMap{"cpu": pulumi.String("1"), "memory": pulumi.String("1Gi")},
	}
}

// waiter holds the server back until the loader Job has filled the model
// volume with this source (see LoadedMarker).
func waiter(a Args) corev1.ContainerArgs {
	return corev1.ContainerArgs{
		Name:            pulumi.String(waitContainer),
		Image:           pulumi.String(a.Model.DownloaderImage),
		ImagePullPolicy: pulumi.String("IfNotPresent"),
		Command:         pulumi.StringArray{pulumi.String("sh"), pulumi.String("-c"), pulumi.String(waitScript(a))},
		Resources: &corev1.ResourceRequirementsArgs{
			Requests: pulumi.StringMap{"cpu": pulumi.String("10m"), "memory": pulumi.String("16Mi")},
			Limits:   pulumi.StringMap{"cpu": pulumi.String("100m"), "memory": pulumi.String("64Mi")},
		},
		SecurityContext: kube.ContainerSecurity(),
		VolumeMounts: corev1.VolumeMountArray{
			corev1.VolumeMountArgs{Name: pulumi.String(modelVolume), MountPath: pulumi.String(a.Model.Path), ReadOnly: pulumi.Bool(true)},
		},
	}
}
