package kube

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/components/workload"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"k8s.io/apimachinery/pkg/api/resource"
)

// DefaultGPUResource is the extended resource the NVIDIA device plugin
// advertises. Under MIG with the "mixed" strategy a pool advertises
// profile-named resources instead (nvidia.com/mig-1g.10gb), which is why the
// components take the name as an argument.
const DefaultGPUResource = "nvidia.com/gpu"

// Resources are a container's requests and limits (workload.Resources).
type Resources = workload.Resources

// required lists the keys that both requests and limits must carry.
var required = []string{"cpu", "memory"}

// ValidateResources checks that cpu and memory requests and limits are
// present, parse as quantities, are positive, and that no request exceeds
// its limit. GPU resources must be given as a count, not here.
func ValidateResources(errs *Errors, field string, r Resources) {
	parsed := map[string]map[string]resource.Quantity{}
	for _, side := range []struct {
		name string
		m    map[string]string
	}{{"Requests", r.Requests}, {"Limits", r.Limits}} {
		f := field + "." + side.name
		parsed[side.name] = map[string]resource.Quantity{}
		for _, k := range required {
			if _, ok := side.m[k]; !ok {
				errs.Add(Quote(f, k), "is required")
			}
		}
		for _, k := range slices.Sorted(maps.Keys(side.m)) {
			if isGPUResource(k) {
				errs.Add(Quote(f, k), "GPUs are set with the GPU count, which puts the same number in requests and limits")
				continue
			}
			q, err := resource.ParseQuantity(side.m[k])
			if err != nil {
				errs.Add(Quote(f, k), "%q is not a Kubernetes quantity", side.m[k])
				continue
			}
			if q.Sign() <= 0 {
				errs.Add(Quote(f, k), "%q must be greater than zero", side.m[k])
				continue
			}
			parsed[side.name][k] = q
		}
	}
	for _, k := range slices.Sorted(maps.Keys(parsed["Requests"])) {
		req := parsed["Requests"][k]
		if lim, ok := parsed["Limits"][k]; ok && req.Cmp(lim) > 0 {
			errs.Add(Quote(field+".Requests", k), "request %s is above the limit %s", r.Requests[k], r.Limits[k])
		}
	}
}

// ValidateGPUs checks a GPU count (whole, not negative) and the extended
// resource name it is requested under.
func ValidateGPUs(errs *Errors, countField string, count int, nameField, name string) {
	if count < 0 {
		errs.Add(countField, "%d must not be negative", count)
	}
	if name != "" && (!strings.Contains(name, "/") || strings.ContainsAny(name, " \t")) {
		errs.Add(nameField, "%q is not an extended resource name such as nvidia.com/gpu", name)
	}
}

func isGPUResource(name string) bool {
	return strings.HasPrefix(name, "nvidia.com/") || strings.HasPrefix(name, "amd.com/gpu")
}

// GPUResourceName returns name, or DefaultGPUResource when it is empty.
func GPUResourceName(name string) string {
	if name == "" {
		return DefaultGPUResource
	}
	return name
}

// ResourceLists returns the requests and limits maps with gpus added under
// gpuName to both, equally: extended resources cannot be overcommitted, and
// a GPU request without the same limit is rejected by the API server.
func ResourceLists(r Resources, gpuName string, gpus int) (requests, limits map[string]string) {
	requests, limits = Merge(r.Requests), Merge(r.Limits)
	if gpus > 0 {
		n := strconv.Itoa(gpus)
		requests[GPUResourceName(gpuName)] = n
		limits[GPUResourceName(gpuName)] = n
	}
	return requests, limits
}

// Requirements builds the container resources from ResourceLists.
func Requirements(r Resources, gpuName string, gpus int) *corev1.ResourceRequirementsArgs {
	req, lim := ResourceLists(r, gpuName, gpus)
	return &corev1.ResourceRequirementsArgs{
		Requests: pulumi.ToStringMap(req),
		Limits:   pulumi.ToStringMap(lim),
	}
}
