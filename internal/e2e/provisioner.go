//go:build e2e

package e2e

import (
	"context"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// startVolumeProvisioner plays a dynamic provisioner (kind's local-path)
// for the classes of one provisioner name: a Pending claim of such a class
// gets a volume bound to it, with the class's reclaim policy, and a volume
// whose claim is gone is deleted when that policy says Delete. The control
// plane here has no storage backend; without this, `pulumi up` would wait
// for claims that never bind. It returns a function that stops it.
func startVolumeProvisioner(ctx context.Context, cp *ControlPlane, provisioner string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		for ctx.Err() == nil {
			provisionOnce(ctx, cp, provisioner)
			time.Sleep(500 * time.Millisecond)
		}
	}()
	return cancel
}

func provisionOnce(ctx context.Context, cp *ControlPlane, provisioner string) {
	classes, err := cp.Client.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return
	}
	reclaim := map[string]corev1.PersistentVolumeReclaimPolicy{}
	for _, c := range classes.Items {
		if c.Provisioner == provisioner {
			reclaim[c.Name] = corev1.PersistentVolumeReclaimDelete
			if c.ReclaimPolicy != nil {
				reclaim[c.Name] = *c.ReclaimPolicy
			}
		}
	}
	claims, err := cp.Client.CoreV1().PersistentVolumeClaims("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return
	}
	for _, c := range claims.Items {
		if c.Status.Phase != corev1.ClaimPending || c.Spec.VolumeName != "" || c.Spec.StorageClassName == nil {
			continue
		}
		policy, ok := reclaim[*c.Spec.StorageClassName]
		if !ok {
			continue
		}
		size := c.Spec.Resources.Requests[corev1.ResourceStorage]
		name := "pvc-" + string(c.UID)
		pv := &corev1.PersistentVolume{
			ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{"pv.kubernetes.io/provisioned-by": provisioner}},
			Spec: corev1.PersistentVolumeSpec{
				Capacity:                      corev1.ResourceList{corev1.ResourceStorage: size},
				AccessModes:                   c.Spec.AccessModes,
				StorageClassName:              *c.Spec.StorageClassName,
				PersistentVolumeReclaimPolicy: policy,
				ClaimRef:                      &corev1.ObjectReference{Namespace: c.Namespace, Name: c.Name, UID: c.UID},
				PersistentVolumeSource:        corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/var/local-path-provisioner/" + name}},
			},
		}
		if _, err := cp.Client.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			continue
		}
	}
	pvs, err := cp.Client.CoreV1().PersistentVolumes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return
	}
	for _, pv := range pvs.Items {
		if pv.Status.Phase == corev1.VolumeReleased && pv.Spec.PersistentVolumeReclaimPolicy == corev1.PersistentVolumeReclaimDelete &&
			strings.HasPrefix(pv.Name, "pvc-") && pv.Annotations["pv.kubernetes.io/provisioned-by"] == provisioner {
			_ = cp.Client.CoreV1().PersistentVolumes().Delete(ctx, pv.Name, metav1.DeleteOptions{})
		}
	}
}
