//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mlkube/mlkube/internal/policy"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
)

// fieldManager is how the tests' server-side applies are recorded.
const fieldManager = "mlkube-e2e"

// Applier server-side-applies objects through the dynamic client.
type Applier struct {
	cp      *ControlPlane
	dynamic dynamic.Interface
	mapper  meta.RESTMapper
}

// NewApplier discovers the API server's resources.
func NewApplier(cp *ControlPlane) (*Applier, error) {
	dc, err := dynamic.NewForConfig(cp.Config)
	if err != nil {
		return nil, err
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(cp.Client.Discovery()))
	return &Applier{cp: cp, dynamic: dc, mapper: mapper}, nil
}

// Apply server-side-applies one object and returns the API server's answer.
func (a *Applier) Apply(ctx context.Context, obj map[string]any) error {
	return a.apply(ctx, obj, "")
}

// ApplyStrict is Apply with strict field validation: a field the schema
// does not know fails the request instead of being dropped.
func (a *Applier) ApplyStrict(ctx context.Context, obj map[string]any) error {
	return a.apply(ctx, obj, metav1.FieldValidationStrict)
}

func (a *Applier) apply(ctx context.Context, obj map[string]any, validation string) error {
	u := &unstructured.Unstructured{Object: obj}
	gvk := u.GroupVersionKind()
	m, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return fmt.Errorf("%s: %w", gvk, err)
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	var ri dynamic.ResourceInterface = a.dynamic.Resource(m.Resource)
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		ri = a.dynamic.Resource(m.Resource).Namespace(u.GetNamespace())
	}
	force := true
	_, err = ri.Patch(ctx, u.GetName(), types.ApplyPatchType, data, metav1.PatchOptions{FieldManager: fieldManager, Force: &force, FieldValidation: validation})
	return err
}

// Served reports whether the API server serves the object's kind (custom
// resources of charts that are not installed here are not).
func (a *Applier) Served(obj map[string]any) bool {
	u := &unstructured.Unstructured{Object: obj}
	gvk := u.GroupVersionKind()
	_, err := a.mapper.RESTMapping(schema.GroupKind{Group: gvk.Group, Kind: gvk.Kind}, gvk.Version)
	return err == nil
}

// VolumeFor pre-provisions a volume for a claim, as a CSI driver would: the
// control plane here has no storage backend, so the test plays the driver.
func VolumeFor(o policy.Object) (*corev1.PersistentVolume, error) {
	raw, _ := json.Marshal(map[string]any(o))
	var pvc corev1.PersistentVolumeClaim
	if err := json.Unmarshal(raw, &pvc); err != nil {
		return nil, err
	}
	size := pvc.Spec.Resources.Requests[corev1.ResourceStorage]
	if size.IsZero() {
		size = resource.MustParse("1Gi")
	}
	class := ""
	if pvc.Spec.StorageClassName != nil {
		class = *pvc.Spec.StorageClassName
	}
	name := strings.ToLower("pv-" + pvc.Namespace + "-" + pvc.Name)
	return &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: size},
			AccessModes:                   pvc.Spec.AccessModes,
			StorageClassName:              class,
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
			ClaimRef:                      &corev1.ObjectReference{Namespace: pvc.Namespace, Name: pvc.Name},
			PersistentVolumeSource:        corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/var/lib/e2e/" + name}},
		},
	}, nil
}
