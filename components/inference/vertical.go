package inference

import (
	"maps"
	"slices"
	"strconv"

	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"k8s.io/apimachinery/pkg/api/resource"
)

// VPA update modes (autoscaling.k8s.io/v1 PodUpdatePolicy.updateMode).
// "Auto" is left out: the VPA API deprecates it in favour of the explicit
// modes (kubernetes/autoscaler vertical-pod-autoscaler/docs/api.md at tag
// vertical-pod-autoscaler/v1.7.1, read 2026-12-04).
const (
	// UpdateOff only recommends: the VPA's status says what the server
	// should request, and nothing changes a pod.
	UpdateOff = "Off"
	// UpdateInitial sets the requests when a pod is created, never after.
	UpdateInitial = "Initial"
	// UpdateRecreate also evicts running pods whose requests are far off.
	UpdateRecreate = "Recreate"
	// UpdateInPlaceOrRecreate resizes running pods in place where the node
	// allows it and evicts them otherwise (Kubernetes 1.33 and later).
	UpdateInPlaceOrRecreate = "InPlaceOrRecreate"
)

// UpdateModes lists the update modes a service may ask for.
var UpdateModes = []string{UpdateOff, UpdateInitial, UpdateRecreate, UpdateInPlaceOrRecreate}

// Controlled values of a container policy.
const (
	ControlRequestsAndLimits = "RequestsAndLimits"
	ControlRequestsOnly      = "RequestsOnly"
)

// vpaAPIVersion is the VerticalPodAutoscaler's group version.
const vpaAPIVersion = "autoscaling.k8s.io/v1"

// Vertical adds a VerticalPodAutoscaler for the server container. It
// recommends by default; the other modes change running pods' requests,
// which a CPU or memory HPA of the same service would fight.
type Vertical struct {
	// UpdateMode is Off (default: recommendations only), Initial,
	// Recreate or InPlaceOrRecreate.
	UpdateMode string
	// ControlledResources are what the VPA recommends and sets: cpu
	// and/or memory (default both). GPUs are never resized.
	ControlledResources []string
	// ControlledValues is RequestsAndLimits (default: limits keep their
	// ratio to requests) or RequestsOnly.
	ControlledValues string
	// MinAllowed and MaxAllowed bound the recommendation (cpu, memory).
	MinAllowed map[string]string
	MaxAllowed map[string]string
	// After install the VerticalPodAutoscaler CRD (the VPA addon's
	// release): the object cannot be created before it.
	After []pulumi.Resource
}

// Updates reports whether the VPA changes pods (any mode but Off).
func (v *Vertical) Updates() bool { return v != nil && v.UpdateMode != UpdateOff }

// withVerticalDefaults fills what the stack leaves out.
func withVerticalDefaults(v *Vertical) *Vertical {
	if v == nil {
		return nil
	}
	c := *v
	if c.UpdateMode == "" {
		c.UpdateMode = UpdateOff
	}
	if c.ControlledValues == "" {
		c.ControlledValues = ControlRequestsAndLimits
	}
	if len(c.ControlledResources) == 0 {
		c.ControlledResources = []string{"cpu", "memory"}
	}
	return &c
}

// validateVertical checks the VPA's keys and that no CPU or memory HPA
// scales the same service on a resource the VPA changes: the HPA's
// utilisation is measured against the requests the VPA moves, so each
// would chase the other (the VPA's own documentation warns against it).
// Recommendations alone (Off) change nothing and may sit beside any HPA.
func validateVertical(errs *kube.Errors, a Args) {
	v := a.Vertical
	if v == nil {
		return
	}
	if !slices.Contains(UpdateModes, v.UpdateMode) {
		errs.Add("Vertical.UpdateMode", "%q must be one of %v", v.UpdateMode, UpdateModes)
	}
	if v.ControlledValues != ControlRequestsAndLimits && v.ControlledValues != ControlRequestsOnly {
		errs.Add("Vertical.ControlledValues", "%q must be %s or %s", v.ControlledValues, ControlRequestsAndLimits, ControlRequestsOnly)
	}
	seen := map[string]bool{}
	for i, r := range v.ControlledResources {
		f := "Vertical.ControlledResources[" + strconv.Itoa(i) + "]"
		switch {
		case r != "cpu" && r != "memory":
			errs.Add(f, "%q must be cpu or memory (the VPA sizes nothing else)", r)
		case seen[r]:
			errs.Add(f, "%q is listed twice", r)
		}
		seen[r] = true
	}
	bounds := map[string]map[string]resource.Quantity{}
	for _, side := range []struct {
		field string
		m     map[string]string
	}{{"Vertical.MinAllowed", v.MinAllowed}, {"Vertical.MaxAllowed", v.MaxAllowed}} {
		bounds[side.field] = map[string]resource.Quantity{}
		for _, k := range slices.Sorted(maps.Keys(side.m)) {
			if k != "cpu" && k != "memory" {
				errs.Add(kube.Quote(side.field, k), "must be cpu or memory")
				continue
			}
			q, err := resource.ParseQuantity(side.m[k])
			if err != nil || q.Sign() <= 0 {
				errs.Add(kube.Quote(side.field, k), "%q must be a positive Kubernetes quantity", side.m[k])
				continue
			}
			bounds[side.field][k] = q
		}
	}
	for k, lo := range bounds["Vertical.MinAllowed"] {
		if hi, ok := bounds["Vertical.MaxAllowed"][k]; ok && lo.Cmp(hi) > 0 {
			errs.Add(kube.Quote("Vertical.MinAllowed", k), "%s is above %s %s", v.MinAllowed[k], kube.Ref("Vertical.MaxAllowed"), v.MaxAllowed[k])
		}
	}
	if !v.Updates() {
		return
	}
	if as := a.Autoscaling; as != nil {
		for _, m := range []struct {
			resource string
			percent  int
		}{{"cpu", as.CPUPercent}, {"memory", as.MemoryPercent}} {
			if m.percent > 0 && seen[m.resource] {
				errs.Add("Vertical.UpdateMode", "%s changes the %s requests that the HPA's %s target (%d%%) is measured against; scale horizontally on a custom metric (GPU utilisation, queue length, requests per second), keep the VPA at %s, or leave %s out of %s", v.UpdateMode, m.resource, m.resource, m.percent, UpdateOff, m.resource, kube.Ref("Vertical.ControlledResources"))
			}
		}
	}
	if v.UpdateMode == UpdateRecreate && minReplicas(a) < 2 {
		errs.Add("Vertical.UpdateMode", "%s evicts pods to resize them, and with one replica that is an outage (the VPA updater refuses to evict below 2 replicas anyway); run 2 or more replicas, or use %s", v.UpdateMode, UpdateInitial)
	}
}

// minReplicas is the fewest pods the service runs.
func minReplicas(a Args) int {
	if a.Autoscaling != nil {
		return a.Autoscaling.Min
	}
	return a.Replicas
}

// VPASpec is the VerticalPodAutoscaler's spec for the Deployment target:
// the server container under the stack's policy, every other container
// (the model download, the volume wait) left alone.
func VPASpec(target string, v Vertical) map[string]any {
	server := map[string]any{
		"containerName":       serverContainer,
		"mode":                "Auto",
		"controlledResources": toAny(v.ControlledResources),
		"controlledValues":    v.ControlledValues,
	}
	if len(v.MinAllowed) > 0 {
		server["minAllowed"] = toAnyMap(v.MinAllowed)
	}
	if len(v.MaxAllowed) > 0 {
		server["maxAllowed"] = toAnyMap(v.MaxAllowed)
	}
	return map[string]any{
		"targetRef":    map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": target},
		"updatePolicy": map[string]any{"updateMode": v.UpdateMode},
		"resourcePolicy": map[string]any{"containerPolicies": []any{
			server,
			map[string]any{"containerName": "*", "mode": "Off"},
		}},
	}
}

// vpa registers the VerticalPodAutoscaler after the Deployment it targets
// and the CRD.
func (b *builder) vpa(dep *appsv1.Deployment) (*apiextensions.CustomResource, error) {
	v := b.a.Vertical
	return apiextensions.NewCustomResource(b.ctx, b.name+"-vpa", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String(vpaAPIVersion),
		Kind:        pulumi.String("VerticalPodAutoscaler"),
		Metadata:    kube.Meta(b.obj, b.a.Namespace, b.labels(), nil),
		OtherFields: kubernetes.UntypedArgs{"spec": VPASpec(b.obj, *v)},
	}, b.parent, pulumi.DependsOn(append(append([]pulumi.Resource{}, v.After...), dep)))
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func toAnyMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
