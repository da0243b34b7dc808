package kube

import (
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DefaultUID is the non-root user (and group, and fsGroup) pods run as when
// the caller does not choose one.
const DefaultUID = 1000

// PodSecurity returns a pod security context that passes the Pod Security
// Standard "restricted": non-root with an explicit non-zero UID/GID, a
// non-zero fsGroup so mounted volumes are writable, and the runtime's
// default seccomp profile.
func PodSecurity(uid, fsGroup int) *corev1.PodSecurityContextArgs {
	return &corev1.PodSecurityContextArgs{
		RunAsNonRoot:        pulumi.Bool(true),
		RunAsUser:           pulumi.Int(uid),
		RunAsGroup:          pulumi.Int(uid),
		FsGroup:             pulumi.Int(fsGroup),
		FsGroupChangePolicy: pulumi.String("OnRootMismatch"),
		SeccompProfile:      &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
	}
}

// ContainerSecurity returns the container security context required by
// "restricted" (no privilege escalation, every capability dropped,
// RuntimeDefault seccomp, non-root), plus a read-only root filesystem; the
// components mount an emptyDir at /tmp for scratch files. It is set on init
// containers too.
func ContainerSecurity() *corev1.SecurityContextArgs {
	return &corev1.SecurityContextArgs{
		AllowPrivilegeEscalation: pulumi.Bool(false),
		Privileged:               pulumi.Bool(false),
		RunAsNonRoot:             pulumi.Bool(true),
		ReadOnlyRootFilesystem:   pulumi.Bool(true),
		Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
		SeccompProfile:           &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
	}
}

// TmpVolumeName names the emptyDir mounted at /tmp.
const TmpVolumeName = "tmp"

// TmpVolume is the writable scratch space that a read-only root filesystem needs.
func TmpVolume() corev1.VolumeArgs {
	return corev1.VolumeArgs{Name: pulumi.String(TmpVolumeName), EmptyDir: &corev1.EmptyDirVolumeSourceArgs{}}
}

// TmpMount mounts TmpVolume at /tmp.
func TmpMount() corev1.VolumeMountArgs {
	return corev1.VolumeMountArgs{Name: pulumi.String(TmpVolumeName), MountPath: pulumi.String("/tmp")}
}

// ShmVolumeName names the memory-backed emptyDir mounted at /dev/shm.
const ShmVolumeName = "dshm"

// ShmVolume is a memory-backed /dev/shm, larger than the runtime's 64Mi
// default: PyTorch data loaders and NCCL need it. sizeLimit may be empty
// (bounded by the container's memory limit, which it counts against).
func ShmVolume(sizeLimit string) corev1.VolumeArgs {
	ed := &corev1.EmptyDirVolumeSourceArgs{Medium: pulumi.String("Memory")}
	if sizeLimit != "" {
		ed.SizeLimit = pulumi.String(sizeLimit)
	}
	return corev1.VolumeArgs{Name: pulumi.String(ShmVolumeName), EmptyDir: ed}
}

// ShmMount mounts ShmVolume at /dev/shm.
func ShmMount() corev1.VolumeMountArgs {
	return corev1.VolumeMountArgs{Name: pulumi.String(ShmVolumeName), MountPath: pulumi.String("/dev/shm")}
}
