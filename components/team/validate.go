package team

import (
	"net"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/components/internal/kube"
	"k8s.io/apimachinery/pkg/api/resource"
)

func validate(a Args) error {
	var errs kube.Errors
	kube.ValidateName(&errs, "Name", a.Name)
	kube.ValidateNamespace(&errs, "Namespace", a.Namespace)
	kube.ValidateNamespace(&errs, "MonitoringNamespace", a.MonitoringNamespace)
	switch a.PodSecurity {
	case Restricted, Baseline:
	default:
		errs.Add("PodSecurity", "%q must be restricted or baseline (privileged is for node agents, not teams)", a.PodSecurity)
	}
	seen := map[string]bool{}
	for i, g := range a.Groups {
		f := "Groups[" + strconv.Itoa(i) + "]"
		switch {
		case strings.TrimSpace(g) == "":
			errs.Add(f, "is empty")
		case seen[g]:
			errs.Add(f, "%q is listed twice", g)
		}
		seen[g] = true
	}
	if a.Queue != nil {
		kube.ValidateName(&errs, "Queue.Name", a.Queue.Name)
		kube.ValidateName(&errs, "Queue.ClusterQueue", a.Queue.ClusterQueue)
	}
	q := a.Quota
	kube.ValidateGPUs(&errs, "Quota.GPUs", q.GPUs, "", "")
	for i, name := range q.GPUResources {
		kube.ValidateGPUs(&errs, "Quota.GPUs", 0, "Quota.GPUResources["+strconv.Itoa(i)+"]", name)
	}
	if q.Pods < 1 {
		errs.Add("Quota.Pods", "%d must be at least 1", q.Pods)
	}
	quantities := []struct{ field, v string }{
		{"Quota.CPU", q.CPU}, {"Quota.Memory", q.Memory}, {"Quota.LimitsCPU", q.LimitsCPU},
		{"Quota.LimitsMemory", q.LimitsMemory}, {"Quota.Storage", q.Storage},
	}
	for _, p := range quantities {
		if p.v == "" {
			continue
		}
		if qty, err := resource.ParseQuantity(p.v); err != nil || qty.Sign() < 0 {
			errs.Add(p.field, "%q is not a quantity", p.v)
		}
	}
	validateLimits(&errs, a.Limits)
	for i, c := range a.EgressCIDRs {
		if _, _, err := net.ParseCIDR(c); err != nil {
			errs.Add("EgressCIDRs["+strconv.Itoa(i)+"]", "%q is not a CIDR", c)
		}
	}
	kube.ValidateEgress(&errs, "Egress", a.Egress)
	return errs.Err(TypeToken, a.Name)
}

// validateLimits checks that the LimitRange defaults parse and that each
// default request is within its default limit (else every defaulted pod
// would be rejected).
func validateLimits(errs *kube.Errors, l Limits) {
	for _, pair := range []struct{ reqField, req, limField, lim string }{
		{"Limits.DefaultRequestCPU", l.DefaultRequestCPU, "Limits.DefaultCPU", l.DefaultCPU},
		{"Limits.DefaultRequestMemory", l.DefaultRequestMemory, "Limits.DefaultMemory", l.DefaultMemory},
	} {
		req, errReq := resource.ParseQuantity(pair.req)
		lim, errLim := resource.ParseQuantity(pair.lim)
		if errReq != nil {
			errs.Add(pair.reqField, "%q is not a quantity", pair.req)
		}
		if errLim != nil {
			errs.Add(pair.limField, "%q is not a quantity", pair.lim)
		}
		if errReq == nil && errLim == nil && req.Cmp(lim) > 0 {
			errs.Add(pair.reqField, "%s is above %s (%s)", pair.req, pair.limField, pair.lim)
		}
	}
}
