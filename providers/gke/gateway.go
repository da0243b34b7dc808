package gke

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/container"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GKE's own Gateway controller serves the stack's Gateway where the stack
// needs one. GatewayClass gke-l7-global-external-managed is the global
// external Application Load Balancer: GA on GKE Standard 1.24 and later,
// weighted backends and header matches on HTTPRoutes, and, unlike the
// regional class, no proxy-only subnet to carve out of the stack's network
// (cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities,
// read 2026-12-04). GKE installs and upgrades the standard-channel
// Gateway API CRDs itself once the cluster's Gateway API channel is
// CHANNEL_STANDARD (Gateway API 1.5.0 on GKE 1.35.2-gke.1842000 and later,
// same page), so mlkube must not apply its own copies over them.
const gatewayClass = "gke-l7-global-external-managed"

// gatewayChannel turns GKE's Gateway controller on.
const gatewayChannel = "CHANNEL_STANDARD"

// gfeRanges are where the global external Application Load Balancer's
// Google Front Ends and health checks reach the pods from (zonal NEG
// backends, which GKE's Gateway uses): the pods' network policies admit
// them (cloud.google.com/load-balancing/docs/firewall-rules, table
// "Global external Application Load Balancer", read 2026-12-04).
var gfeRanges = []string{"35.191.0.0/16", "130.211.0.0/22"}

// gatewayWanted: GKE's controller is turned on only for a stack that
// needs a Gateway, so a cluster without exposed services is not changed.
func gatewayWanted(cfg *config.Config) bool {
	return cfg.Addons.Gateway.Wanted(cfg.Workloads)
}

// gatewayController is what the contract says of GKE's controller, or
// nil when the stack needs no Gateway.
func gatewayController(cfg *config.Config) *cluster.GatewayController {
	if !gatewayWanted(cfg) {
		return nil
	}
	return &cluster.GatewayController{Class: gatewayClass, CRDsManaged: true, PeerCIDRs: append([]string(nil), gfeRanges...)}
}

// gatewayAPIConfig is the cluster's Gateway API setting (nil leaves the
// field out, as clusters had it before).
func gatewayAPIConfig(cfg *config.Config) container.ClusterGatewayApiConfigPtrInput {
	if !gatewayWanted(cfg) {
		return nil
	}
	return &container.ClusterGatewayApiConfigArgs{Channel: pulumi.String(gatewayChannel)}
}
