package platform

import (
	"github.com/mlkube/mlkube/addons/gateway"
	"github.com/mlkube/mlkube/addons/ingress"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/policy"
)

// Reach is where, on this cluster with these addons, the traffic the
// workloads need comes from and goes to: the reachability policy proves
// each needed flow against the plan's NetworkPolicies.
func Reach(cfg *config.Config, cl *cluster.Cluster) policy.Reach {
	r := policy.Reach{Egress: map[string][]cluster.EgressDestination{}}
	for _, name := range config.EgressNames {
		r.Egress[name] = cl.EgressTo(name)
	}
	// A cloud load balancer forwards to the pods from its own addresses,
	// not from a controller's pods; the same services are reached through
	// the Gateway and, while a stack keeps them, through Ingress objects.
	if cfg.Addons.Gateway.Wanted(cfg.Workloads) {
		gw := gateway.Decide(cl)
		r.IngressNamespaces = append(r.IngressNamespaces, gw.ProxyNamespaces...)
		r.IngressCIDRs = append(r.IngressCIDRs, gw.PeerCIDRs...)
	}
	if cfg.Addons.Ingress.Kept() {
		d := ingress.Decide(cl, cfg.Addons.Ingress)
		if d.Cloud != nil && len(d.Cloud.PeerCIDRs) > 0 {
			r.IngressCIDRs = append(r.IngressCIDRs, d.Cloud.PeerCIDRs...)
		} else {
			r.IngressNamespaces = append(r.IngressNamespaces, d.Namespace)
		}
	}
	if cfg.Addons.Monitoring.On() {
		r.MonitoringNamespace = monitoring.Namespace
	}
	return r
}
