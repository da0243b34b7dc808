package platform

import (
	"maps"
	"slices"

	"github.com/mlkube/mlkube/addons/gateway"
	"github.com/mlkube/mlkube/addons/ingress"
	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/internal/config"
)

// expose turns a service's expose key into the component's Expose: every
// key as the stack wrote it (the component refuses the ones its type does
// not take), the cluster's internal load balancer annotations, and for
// ingress the Gateway its HTTPRoute attaches to (whose proxies may reach
// the pods) and, while the stack keeps ingress-nginx, the controller the
// ingress addon runs (its class, namespace, annotations and whether it
// splits traffic for a canary).
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
	if x.Type != config.ExposeIngress {
		return e
	}
	if w.cfg.Addons.Gateway.On() {
		gw := gateway.Decide(w.cl)
		e.Gateway = &inference.GatewayRef{Name: gateway.TheGateway.Name, Namespace: gateway.TheGateway.Namespace, After: w.gatewayAfter}
		e.IngressNamespaces = gw.ProxyNamespaces
		e.IngressPeerCIDRs = gw.PeerCIDRs
		if !w.cfg.Addons.Ingress.Kept() {
			return e
		}
		e.KeepIngress = true
	}
	if !w.cfg.Addons.Ingress.Kept() {
		// Ingress objects for a controller the user runs: its default class.
		return e
	}
	d := ingress.Decide(w.cl, w.cfg.Addons.Ingress)
	if e.IngressClass == "" {
		e.IngressClass = d.Class
	}
	e.IngressNamespaces = append(e.IngressNamespaces, d.Namespace)
	e.CanaryAnnotations = d.Canary && e.IngressClass == d.Class
	if d.Cloud != nil {
		e.IngressAnnotations = maps.Clone(d.Cloud.Annotations)
		e.IngressPeerCIDRs = append(slices.Clone(e.IngressPeerCIDRs), d.Cloud.PeerCIDRs...)
	}
	return e
}

// gatewayRoutes are what the stack's ingress services ask of the Gateway's
// listeners: a certificate cert-manager issues lives in the Gateway's
// namespace (its gateway-shim writes it there), one the team made in the
// team's namespace.
func gatewayRoutes(cfg *config.Config) []gateway.Route {
	var out []gateway.Route
	for _, s := range cfg.Workloads.Inference {
		x := s.Expose
		if x.Type != config.ExposeIngress || x.TLS == nil {
			continue
		}
		r := gateway.Route{Host: x.Host, Secret: x.TLS.Secret, SecretNamespace: namespaceOf(cfg, s.Team), ClusterIssuer: x.TLS.ClusterIssuer}
		if r.ClusterIssuer != "" {
			r.SecretNamespace = gateway.Namespace
			if r.Secret == "" {
				r.Secret = inference.DefaultTLSSecret(s.Name)
			}
		}
		out = append(out, r)
	}
	return out
}

// autoscaling is the component's Autoscaling for the stack's: targets,
// metrics and the behaviour in each direction (unset fields take the
// component's defaults).
func autoscaling(a *config.Autoscaling) *inference.Autoscaling {
	if !a.Horizontal() {
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

// vertical is the component's Vertical for the stack's
// autoscaling.vertical (the component defaults what is left out).
func vertical(v *config.Vertical) *inference.Vertical {
	if v == nil {
		return nil
	}
	return &inference.Vertical{
		UpdateMode: v.UpdateMode, ControlledResources: v.ControlledResources, ControlledValues: v.ControlledValues,
		MinAllowed: resourceList(v.MinAllowed), MaxAllowed: resourceList(v.MaxAllowed),
	}
}

// verticalModes are the update modes of the stack's VPAs, in stack order.
func verticalModes(cfg *config.Config) []string {
	var out []string
	for i := range cfg.Workloads.Inference {
		if v := config.VerticalOf(&cfg.Workloads.Inference[i]); v != nil {
			out = append(out, v.UpdateMode)
		}
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
