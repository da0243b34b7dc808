package inference

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/mlkube/mlkube/internal/labels"
)

// canaryArgs are the stable's Args with the canary's image, model and
// replicas: same pool, resources, probes, config and identity.
func canaryArgs(a Args) Args {
	k := a.Expose.Canary
	c := a
	if k.Image != "" {
		c.Image = k.Image
	}
	c.Replicas = k.Replicas
	c.Autoscaling = nil
	m := a.Model
	switch {
	case k.Model.Source != "":
		m.Source, m.Volume = k.Model.Source, ""
	case k.Model.Volume != "":
		m.Source, m.Volume = "", k.Model.Volume
	}
	if k.Model.Version != "" {
		m.Version = k.Model.Version
	}
	c.Model = m
	c.Labels = kube.Merge(a.Labels, map[string]string{labels.Track: "canary"})
	return c
}

// canary registers the second version: its Deployment (sharing the
// stable's ServiceAccount and ConfigMap), Service, disruption budget,
// network policy and scrape, and the canary Ingress on the stable's
// Ingress (the HTTPRoute weighs the canary's Service itself).
func (b *builder) canary(s *InferenceService) (*CanaryObjects, error) {
	cb := &builder{ctx: b.ctx, name: b.name + "-canary", obj: b.obj + "-canary", a: canaryArgs(b.a), parent: b.parent}
	out := &CanaryObjects{}
	var err error
	if out.Deployment, err = cb.deployment(s.ServiceAccount, s.ConfigMap); err != nil {
		return nil, err
	}
	if out.Service, err = cb.service(); err != nil {
		return nil, err
	}
	if b.ingressObjects() && b.a.Expose.CanaryAnnotations {
		if out.Ingress, err = cb.ingress(out.Service, b.a.Expose.Canary); err != nil {
			return nil, err
		}
	}
	if _, err = cb.pdb(); err != nil {
		return nil, err
	}
	if cb.a.Scrape != nil {
		if _, err = cb.podMonitor(); err != nil {
			return nil, err
		}
	}
	// The canary's pods carry their own name label: the stable's egress
	// policy does not select them, and they download and read what the
	// stable does.
	if len(cb.a.Egress) > 0 {
		if _, err = cb.egressPolicy(); err != nil {
			return nil, err
		}
	}
	_, err = cb.networkPolicy()
	return out, err
}
