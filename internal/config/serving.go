package config

import (
	"strings"

	"github.com/mlkube/mlkube/internal/podmetrics"
	"k8s.io/apimachinery/pkg/util/validation"
)

// validateServing checks what the stack adds to the inference component's
// own rules on exposure and scaling (which platform.Check runs): what
// production demands of a public load balancer, the ingress route's host
// and TLS block, a canary's platform controller and required weight, and
// that every pods metric is one the platform's adapter serves.
func validateServing(e *errs, c *Config, path string, s *Inference) {
	ep := key(path, "expose")
	x := s.Expose
	if x.Type == ExposeLoadBalancer && c.Production() {
		for i, cidr := range x.SourceCIDRs {
			if cidr == "0.0.0.0/0" || cidr == "::/0" {
				e.add(index(key(ep, "sourceCidrs"), i), "opens a public load balancer to the whole internet in production; list the clients' CIDRs")
			}
		}
		if len(x.SourceCIDRs) == 0 {
			e.add(key(ep, "sourceCidrs"), "is required for a public loadBalancer in production: list the CIDRs that may reach it (or use internalLoadBalancer or ingress)")
		}
	}
	if x.Type == ExposeIngress {
		validateRoute(e, ep, x)
		if x.Canary != nil {
			validateCanary(e, c, key(ep, "canary"), s)
		}
	}
	validateScaling(e, c, path, s)
}

func validateRoute(e *errs, ep string, x Expose) {
	if x.Host == "" {
		e.add(key(ep, "host"), "is required for ingress")
	} else if msgs := validation.IsDNS1123Subdomain(strings.ToLower(strings.TrimPrefix(x.Host, "*."))); len(msgs) > 0 {
		e.add(key(ep, "host"), "must be a DNS name such as models.example.com, got %q", x.Host)
	}
	if x.IngressClass != "" && !dnsSubdomain(x.IngressClass) {
		e.add(key(ep, "ingressClass"), "must be the name of an IngressClass, got %q", x.IngressClass)
	}
	if t := x.TLS; t != nil {
		switch {
		case t.Secret == "" && t.ClusterIssuer == "":
			e.add(key(ep, "tls"), "set secret (an existing TLS Secret) or clusterIssuer (cert-manager issues one)")
		case t.Secret != "" && !dnsSubdomain(t.Secret):
			e.add(key(ep, "tls.secret"), "must be the name of a Secret, got %q", t.Secret)
		case t.ClusterIssuer != "" && !dnsSubdomain(t.ClusterIssuer):
			e.add(key(ep, "tls.clusterIssuer"), "must be the name of a cert-manager ClusterIssuer, got %q", t.ClusterIssuer)
		}
	}
}

func validateCanary(e *errs, c *Config, cp string, s *Inference) {
	k := s.Expose.Canary
	if !c.Addons.Gateway.On() && !c.Addons.Ingress.Kept() {
		e.add(cp, "needs the platform's Gateway (addons.gateway is off, and addons.ingress is not enabled): mlkube splits traffic only through what it installs")
	}
	if k.Model.ExistingClaim != "" && !dnsLabel.MatchString(k.Model.ExistingClaim) {
		e.add(key(cp, "model.existingClaim"), "must be the name of a PersistentVolumeClaim, got %q", k.Model.ExistingClaim)
	}
	if k.Weight == nil && k.Header == "" {
		e.add(key(cp, "weight"), "is required (0-100, the percentage of requests the new version gets) unless header is set")
	}
}

// validateScaling checks the HPA's behaviour and that the adapter serves
// each pods metric.
func validateScaling(e *errs, c *Config, path string, s *Inference) {
	a := s.Autoscaling
	if a == nil {
		return
	}
	ap := key(path, "autoscaling")
	if a.ScaleDown != nil && a.ScaleDown.StabilizationSeconds != nil && a.ScaleDownStabilizationSeconds != 0 && a.ScaleDownStabilizationSeconds != *a.ScaleDown.StabilizationSeconds {
		e.add(key(ap, "scaleDownStabilizationSeconds"), "conflicts with scaleDown.stabilizationSeconds; keep one")
	}
	if a.Vertical != nil && !c.Addons.VPA.On() {
		e.add(key(ap, "vertical"), "needs the Vertical Pod Autoscaler, which addons.vpa.enabled: false turns off")
	}
	adapter := c.Addons.PrometheusAdapter.On() && c.Addons.Monitoring.On()
	for i, m := range a.Metrics {
		mp := index(key(ap, "metrics"), i)
		switch {
		case m.Name == "":
			// the component says it is required
		case m.Type == "external":
			e.add(key(mp, "type"), "external metrics are not served by the platform's adapter (it serves the pods metrics %s)", strings.Join(podmetrics.Names(), ", "))
		case m.Type != "" && m.Type != "pods":
		case !adapter:
			e.add(key(mp, "name"), "%s is read through prometheus-adapter, which is not installed (addons.monitoring and addons.prometheusAdapter must be on)", m.Name)
		default:
			served, ok := podmetrics.Lookup(m.Name)
			if !ok {
				e.add(key(mp, "name"), "the adapter does not serve %q; it serves %s", m.Name, strings.Join(podmetrics.Names(), ", "))
			} else if served.NeedsGPU && (s.GPU == nil || !c.Addons.GPUOperator.On()) {
				e.add(key(mp, "name"), "%s comes from %s and exists only for pods holding a GPU: set gpu (and keep addons.gpuOperator on) or scale on another metric", m.Name, served.Source)
			}
		}
	}
}

// nodePorts: a node port is opened on every node once; a second service
// asking for it is refused by the API server at apply time.
func nodePorts(e *errs, w *Workloads) {
	taken := map[int]string{}
	for i := range w.Inference {
		x := w.Inference[i].Expose
		if x.Type != ExposeNodePort || x.NodePort == 0 {
			continue
		}
		p := key(index("workloads.inference", i), "expose.nodePort")
		if prev, ok := taken[x.NodePort]; ok {
			e.add(p, "node port %d is already taken by %s: every node opens it once", x.NodePort, prev)
			continue
		}
		taken[x.NodePort] = p
	}
}

// modelLoaders: two services that load different sources into one volume
// would overwrite each other's model.
func modelLoaders(e *errs, w *Workloads) {
	loaded := map[string]int{}
	for i := range w.Inference {
		m := w.Inference[i].Model
		if m.Volume == "" || m.Source == "" {
			continue
		}
		if j, ok := loaded[m.Volume]; ok && w.Inference[j].Model.Source != m.Source {
			e.add(key(index("workloads.inference", i), "model.source"), "loads %q into volume %q, which workloads.inference[%d] fills from %q: one volume holds one model source", m.Source, m.Volume, j, w.Inference[j].Model.Source)
			continue
		}
		loaded[m.Volume] = i
	}
}
