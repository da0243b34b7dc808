package cluster

// GatewayController is the cloud's own Gateway API implementation, which
// serves the stack's Gateway with the cloud's load balancers; nil where the
// cloud gives none that mlkube can rely on, and the gateway addon then runs
// an in-cluster implementation (Envoy Gateway).
type GatewayController struct {
	// Class is the GatewayClass the cloud provides (GKE:
	// gke-l7-global-external-managed).
	Class string
	// CRDsManaged: the cloud installs and upgrades the Gateway API CRDs
	// itself, so mlkube must not apply its own copies over them.
	CRDsManaged bool
	// PeerCIDRs are the addresses its proxies reach pods from; the
	// services' network policies admit them.
	PeerCIDRs []string
}
