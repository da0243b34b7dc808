// Package gateway installs the way into the cluster for exposed services:
// the Gateway API CRDs (standard channel, pinned in addons/versions), an
// implementation that fits the cluster (the cloud's own Gateway controller
// where the Cluster names one, else Envoy Gateway in the cluster), and one
// Gateway whose listeners carry the stack's hosts and certificates. The
// services' HTTPRoutes attach to it; which implementation serves it is
// decided from the Cluster alone.
package gateway

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
)

// AddonName is the addon's name (component name and mlkube.io/addon label).
const AddonName = "gateway"

// Where the Gateway lives: its own namespace, so no team's quota or policy
// governs it and every team's routes attach to it alike.
const (
	Namespace   = "mlkube-gateway"
	GatewayName = "mlkube"
)

// Envoy Gateway: its controller and the Envoy proxies it deploys per
// Gateway run in its own namespace (the chart's default).
const (
	EnvoyNamespace  = "envoy-gateway-system"
	EnvoyClass      = "envoy-gateway"
	EnvoyController = "gateway.envoyproxy.io/gatewayclass-controller"
	// EnvoyProxyName is the EnvoyProxy that puts the proxies on node
	// ports where LoadBalancer Services get no address.
	EnvoyProxyName = "mlkube-nodeport"
)

// Implementation is the decision: who serves the Gateway.
type Implementation struct {
	// Cloud is the cloud's controller (nil: Envoy Gateway in the cluster).
	Cloud *cluster.GatewayController
	// Class is the GatewayClass the Gateway names.
	Class string
	// ProxyNamespaces run the proxies that reach the pods; PeerCIDRs are
	// the addresses a cloud's proxies reach them from.
	ProxyNamespaces []string
	PeerCIDRs       []string
	// CRDs: mlkube applies the Gateway API CRDs (the cloud does not).
	CRDs bool
	// NodePort: the proxies listen on node ports, as the cluster gives
	// LoadBalancer Services no address.
	NodePort bool
}

// Decide picks the implementation from the Cluster alone.
func Decide(cl *cluster.Cluster) Implementation {
	if c := cl.GatewayController; c != nil {
		return Implementation{Cloud: c, Class: c.Class, PeerCIDRs: c.PeerCIDRs, CRDs: !c.CRDsManaged}
	}
	return Implementation{Class: EnvoyClass, ProxyNamespaces: []string{EnvoyNamespace}, CRDs: true, NodePort: !cl.Capabilities.LoadBalancers}
}

// Route is what one exposed service asks of the Gateway: its host and,
// for HTTPS, the certificate's Secret.
type Route struct {
	Host string
	// Secret holds Host's certificate, in SecretNamespace.
	Secret, SecretNamespace string
	// ClusterIssuer asks cert-manager to issue the certificate.
	ClusterIssuer string
}

// Listener is one listener of the Gateway.
type Listener struct {
	Name, Protocol, Host string
	Port                 int
	// Secret and SecretNamespace are the certificate of an HTTPS listener.
	Secret, SecretNamespace string
}

// HTTP is the listener every Gateway has: plain HTTP on every host.
var HTTP = Listener{Name: "http", Protocol: "HTTP", Port: 80}

// Listeners are HTTP plus one HTTPS listener per host with a certificate,
// sorted by host so the Gateway is the same on every run. Services that
// share a host must share its certificate (config refuses two).
func Listeners(routes []Route) []Listener {
	byHost := map[string]Route{}
	for _, r := range routes {
		if r.Secret == "" || r.Host == "" {
			continue
		}
		if _, ok := byHost[r.Host]; !ok {
			byHost[r.Host] = r
		}
	}
	hosts := make([]string, 0, len(byHost))
	for h := range byHost {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	out := []Listener{HTTP}
	for _, h := range hosts {
		r := byHost[h]
		out = append(out, Listener{Name: ListenerName(h), Protocol: "HTTPS", Port: 443, Host: h, Secret: r.Secret, SecretNamespace: r.SecretNamespace})
	}
	return out
}

// ListenerName is the HTTPS listener's name for a host (a wildcard's
// "*" is not allowed in a section name).
func ListenerName(host string) string {
	return "https-" + strings.ReplaceAll(strings.ToLower(host), "*", "wildcard")
}

// ClusterIssuer is the one cert-manager ClusterIssuer the Gateway names
// (cert-manager reads one annotation per Gateway), or an error naming two.
func ClusterIssuer(routes []Route) (string, error) {
	issuer := ""
	for _, r := range routes {
		if r.ClusterIssuer == "" || r.ClusterIssuer == issuer {
			continue
		}
		if issuer != "" {
			return "", fmt.Errorf("one Gateway takes one cert-manager ClusterIssuer, the stack names %q and %q", issuer, r.ClusterIssuer)
		}
		issuer = r.ClusterIssuer
	}
	return issuer, nil
}

// Notes say what serves the Gateway and why, for the plan.
func Notes(cl *cluster.Cluster) []string {
	d := Decide(cl)
	if d.Cloud != nil {
		return []string{fmt.Sprintf("gateway: the cluster's own Gateway controller serves GatewayClass %s", d.Class)}
	}
	notes := []string{fmt.Sprintf("gateway: Envoy Gateway serves GatewayClass %s in %s", d.Class, EnvoyNamespace)}
	if d.NodePort {
		notes = append(notes, "gateway: the Envoy proxies listen on node ports of every node (the cluster gives LoadBalancer Services no address): point your load balancer or DNS at the nodes, or set cluster.existing.loadBalancers once MetalLB runs")
	}
	return notes
}
