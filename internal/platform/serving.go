package platform

import (
	"maps"

	"github.com/mlkube/mlkube/addons/ingress"
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/internal/config"
)

// expose turns a service's expose key into the component's Expose: every
// key as the stack wrote it (the component refuses the ones its type does
// not take), the cluster's internal load balancer annotations, and for
// ingress the controller the ingress addon runs (its class, namespace,
// annotations and whether it splits traffic for a canary).
func (w *workloads) expose(s config.Inference) inference.Expose {
	x := s.Expose
	e := inference.Expose{
		Type:                x.Type,
		Annotations:         w.exposeAnnotations(x.Type),
		NodePort:            x.NodePort,
		SourceCIDRs:         x.SourceCIDRs,
		TrafficDistribution: x.TrafficDistribution,
		Host:                x.Host,
		Path:                x.Path,
		IngressClass:        x.IngressClass,
	}
	if t := x.TLS; t != nil {
		e.TLSSecret, e.ClusterIssuer = t.Secret, t.ClusterIssuer
	}
	if k := x.Canary; k != nil {
		e.Canary = &inference.Canary{
			Image: k.Image, Replicas: k.Replicas, Header: k.Header, HeaderValue: k.HeaderValue,
			Model: inference.Model{Source: k.Model.Source, Volume: k.Model.ExistingClaim, Version: k.Model.Version},
		}
		if k.Weight != nil {
			e.Canary.Weight = *k.Weight
		}
	}
	if x.Type != config.ExposeIngress || !w.cfg.Addons.Ingress.On() {
		return e
	}
	d := ingress.Decide(w.cl, w.cfg.Addons.Ingress)
	if e.IngressClass == "" {
		e.IngressClass = d.Class
	}
	e.IngressNamespaces = []string{d.Namespace}
	e.CanaryAnnotations = d.Canary && e.IngressClass == d.Class
	if d.Cloud != nil {
		e.IngressAnnotations = maps.Clone(d.Cloud.Annotations)
		e.IngressPeerCIDRs = d.Cloud.PeerCIDRs
	}
	return e
}

// autoscaling is the component's Autoscaling for the stack's: targets,
// metrics and the behaviour in each direction (unset fields take the
// component's defaults).
func autoscaling(a *config.Autoscaling) *inference.Autoscaling {
	if a == nil {
		return nil
	}
	out := &inference.Autoscaling{Min: a.Min, Max: a.Max, CPUPercent: a.CPU, MemoryPercent: a.Memory}
	if down := a.ScaleDownStabilizationSeconds; down != 0 {
		out.ScaleDownStabilizationSeconds = &down
	}
	if r := a.ScaleUp; r != nil {
		if r.StabilizationSeconds != nil {
			out.ScaleUpStabilizationSeconds = *r.StabilizationSeconds
		}
		out.ScaleUpPods, out.ScaleUpPercent, out.ScaleUpPeriodSeconds = r.Pods, r.Percent, r.PeriodSeconds
	}
	if r := a.ScaleDown; r != nil {
		if r.StabilizationSeconds != nil {
			v := *r.StabilizationSeconds
			out.ScaleDownStabilizationSeconds = &v
		}
		out.ScaleDownPods, out.ScaleDownPercent, out.ScaleDownPeriodSeconds = r.Pods, r.Percent, r.PeriodSeconds
	}
	for _, m := range a.Metrics {
		out.Metrics = append(out.Metrics, inference.Metric{Type: m.Type, Name: m.Name, Target: m.Target})
	}
	return out
}

// secretEnv is the component's SecretEnv for the stack's.
func secretEnv(refs map[string]config.SecretRef) map[string]inference.SecretKeyRef {
	if len(refs) == 0 {
		return nil
	}
	out := make(map[string]inference.SecretKeyRef, len(refs))
	for k, r := range refs {
		out[k] = inference.SecretKeyRef{Secret: r.Secret, Key: r.Key}
	}
	return out
}

// ingressServices reports whether a service is exposed through ingress.
func ingressServices(cfg *config.Config) bool {
	for _, s := range cfg.Workloads.Inference {
		if s.Expose.Type == config.ExposeIngress {
			return true
		}
	}
	return false
}
