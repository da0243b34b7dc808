// Package addons installs the platform services onto any Cluster, deciding
// every value from what the cluster says about itself (its pools and
// capabilities), never from the provider's name:
//
//   - gpuoperator: NVIDIA GPU operator on GPU pools;
//   - autoscaler: cluster autoscaler where the cloud does not scale pools;
//   - metrics: metrics-server where missing, prometheus-adapter;
//   - monitoring: kube-prometheus-stack, GPU dashboard, alert rules;
//   - logging: ECK (Elasticsearch, Kibana), Fluent Bit, retention;
//   - gateway: Gateway API CRDs, Envoy Gateway (or the cloud's own Gateway
//     controller) and one Gateway, when a service is exposed through ingress;
//   - ingress: the ingress controller (the cloud's own, or the retired
//     ingress-nginx), only when the stack asks for it;
//   - vpa: the Vertical Pod Autoscaler, when a service asks for
//     autoscaling.vertical.
//   - kueue: Kueue, a ResourceFlavor per pool and a ClusterQueue per team,
//     when the stack queues its training jobs.
//
// Charts and images are pinned in addons/versions. Releases wait only for
// what they really need (the namespace, node groups their pods run on, the
// release installing a CRD they use), so independent addons install in
// parallel.
package addons

import (
	"fmt"

	"github.com/mlkube/mlkube/addons/autoscaler"
	"github.com/mlkube/mlkube/addons/gateway"
	"github.com/mlkube/mlkube/addons/gpuoperator"
	"github.com/mlkube/mlkube/addons/ingress"
	"github.com/mlkube/mlkube/addons/kueue"
	"github.com/mlkube/mlkube/addons/logging"
	"github.com/mlkube/mlkube/addons/metrics"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/addons/vpa"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Component names (the last part of each addon's URN). Never change them.
const (
	GPUOperatorName = "gpu-operator"
	AutoscalerName  = "cluster-autoscaler"
	MetricsName     = "metrics"
	MonitoringName  = "monitoring"
	LoggingName     = "logging"
	IngressName     = "ingress"
	GatewayName     = gateway.AddonName
	VPAName         = vpa.AddonName
	KueueName       = kueue.AddonName
)

// Namespaces are the namespaces the addons install into, and those the
// cluster itself owns. No team may take one: its quota, Pod Security level
// and network policy would then govern the addons' pods.
var Namespaces = []string{
	gpuoperator.Namespace, metrics.Namespace, monitoring.Namespace, logging.Namespace, ingress.Namespace,
	gateway.Namespace, gateway.EnvoyNamespace, vpa.Namespace, kueue.Namespace,
	cluster.AutoscalerNamespace, "kube-public", "kube-node-lease", "default",
}

// Options are what the platform passes besides the cluster and config.
type Options struct {
	// StorageClass is the class of the addons' volumes (Prometheus,
	// Elasticsearch). Empty picks mlkube-standard when the cluster has a
	// block provisioner (the storage component creates the class from
	// it), else the cluster's default class.
	StorageClass string
	// StorageReady are the StorageClass resources those volumes need;
	// the objects that create claims wait for them.
	StorageReady []pulumi.Resource
	// Services are the stack's inference services: monitoring gives each
	// a Grafana dashboard.
	Services []monitoring.Service
	// IngressServices says a workload is exposed through ingress: the
	// Gateway is installed unless addons.gateway turns it off.
	IngressServices bool
	// Routes are the ingress services' hosts and certificates, which the
	// Gateway's listeners serve.
	Routes []gateway.Route
	// VerticalModes are the update modes of the services' VPAs: any
	// installs the VPA unless addons.vpa turns it off, and they decide
	// which of its components run.
	VerticalModes []string
	// Queues installs Kueue (config.Kueue.Wanted: the stack has training
	// jobs and does not turn it off); QueueTeams get a ClusterQueue each.
	Queues     bool
	QueueTeams []kueue.Team
}

// StorageClass is the class the addons' volumes use.
func StorageClass(cl *cluster.Cluster, o Options) string {
	switch {
	case o.StorageClass != "":
		return o.StorageClass
	case cl.Storage.Standard.Provisioner != "":
		return monitoring.DefaultStorageClass
	}
	return ""
}

// Installed are the addons that were installed (nil when not).
type Installed struct {
	GPUOperator *gpuoperator.GPUOperator
	Autoscaler  *autoscaler.Autoscaler
	Metrics     *metrics.Metrics
	Monitoring  *monitoring.Monitoring
	Logging     *logging.Logging
	Ingress     *ingress.Ingress
	Gateway     *gateway.Gateway
	VPA         *vpa.VPA
	Kueue       *kueue.Kueue
	// Notes explain what was left out or needs the operator (see Notes).
	Notes []string
}

// ServedKinds are the custom resource kinds (Kind.group) the cluster
// serves without the addons installing their CRDs, so their objects wait
// for no release: Kueue's when the cluster runs its own, Gateway API's
// when the cloud's Gateway controller manages them.
func ServedKinds(cfg config.Addons, gc *cluster.GatewayController) ([]string, error) {
	gw, err := gateway.ServedKinds(gc)
	if err != nil {
		return nil, err
	}
	return append(kueue.ServedKinds(cfg.Kueue), gw...), nil
}

// Plan says which addons apply to a cluster and configuration.
type Plan struct {
	GPUOperator, Autoscaler, MetricsServer, PrometheusAdapter, Monitoring, Logging bool
	// Ingress is decided by the stack alone (addons.ingress.enabled: true).
	Ingress bool
	// Gateway is decided by the stack alone here (addons.gateway.enabled:
	// true); Install adds it when Options.IngressServices.
	Gateway bool
	// VPA likewise (addons.vpa.enabled: true); Install adds it when
	// Options.VerticalModes.
	VPA bool
}

// Decide is the pure decision of what Install installs.
func Decide(cl *cluster.Cluster, cfg config.Addons) Plan {
	autoscale, _ := autoscaler.Applies(cl)
	ms, _ := metrics.MetricsServerApplies(cl)
	return Plan{
		GPUOperator:       cfg.GPUOperator.On() && len(cl.GPUPools()) > 0,
		Autoscaler:        cfg.Autoscaler.On() && autoscale,
		MetricsServer:     cfg.MetricsServer.On() && ms,
		PrometheusAdapter: cfg.PrometheusAdapter.On() && cfg.Monitoring.On(),
		Monitoring:        cfg.Monitoring.On(),
		Logging:           cfg.Logging.On(),
		Ingress:           cfg.Ingress.Kept(),
		Gateway:           cfg.Gateway.Enabled != nil && *cfg.Gateway.Enabled,
		VPA:               cfg.VPA.Enabled != nil && *cfg.VPA.Enabled,
	}
}

// Notes are the plan's notes about the addons: what is not installed and
// why, and what the operator must do. They depend only on the cluster and
// the configuration, in a fixed order.
func Notes(cl *cluster.Cluster, cfg config.Addons) []string {
	notes := []string{}
	switch gpuPools := len(cl.GPUPools()); {
	case gpuPools == 0 && cfg.GPUOperator.On():
		notes = append(notes, "gpu-operator not installed: the stack has no GPU pools")
	case gpuPools > 0 && !cfg.GPUOperator.On():
		notes = append(notes, "gpu-operator disabled: GPU nodes advertise no "+gpu.ResourceName+" unless their image runs a device plugin")
	case gpuPools > 0:
		notes = append(notes, gpuoperator.Notes(cl)...)
	}
	if cfg.Autoscaler.On() {
		if ok, why := autoscaler.Applies(cl); !ok {
			notes = append(notes, why)
		}
	}
	if cfg.MetricsServer.On() {
		if ok, why := metrics.MetricsServerApplies(cl); !ok {
			notes = append(notes, why)
		}
	}
	if cfg.PrometheusAdapter.On() && !cfg.Monitoring.On() {
		notes = append(notes, "prometheus-adapter not installed: monitoring is off, so HPAs on Prometheus metrics ("+metrics.QueueLengthMetric+") cannot scale")
	}
	if cfg.Monitoring.On() {
		notes = append(notes, monitoring.Notes(cfg.Monitoring)...)
	}
	if cfg.Ingress.Kept() {
		notes = append(notes, ingress.Notes(cl, cfg.Ingress)...)
	}
	if cfg.Gateway.Enabled != nil && *cfg.Gateway.Enabled {
		notes = append(notes, gateway.Notes(cl)...)
	}
	notes = append(notes, kueue.Notes(cfg.Kueue)...)
	return notes
}

// Install installs every addon that applies, in parallel. Monitoring goes
// first in the program (not in time) because the GPU operator's DCGM
// ServiceMonitor needs its CRDs: that one object waits for the monitoring
// release, the operator itself does not.
func Install(ctx *pulumi.Context, cl *cluster.Cluster, cfg config.Addons, o Options, opts ...pulumi.ResourceOption) (*Installed, error) {
	if cl == nil || cl.Provider == nil {
		return nil, fmt.Errorf("addons: the cluster has no Kubernetes provider")
	}
	plan := Decide(cl, cfg)
	out := &Installed{Notes: Notes(cl, cfg)}
	if o.IngressServices && cfg.Gateway.On() && !plan.Gateway {
		plan.Gateway = true
		out.Notes = append(out.Notes, gateway.Notes(cl)...)
	}
	if len(o.VerticalModes) > 0 && cfg.VPA.On() {
		plan.VPA = true
	}
	class := StorageClass(cl, o)
	var err error
	if plan.Monitoring {
		out.Monitoring, err = monitoring.New(ctx, MonitoringName, &monitoring.Args{
			Cluster: cl, Config: cfg.Monitoring, StorageClass: class, StorageReady: o.StorageReady, Services: o.Services,
		}, opts...)
		if err != nil {
			return nil, fmt.Errorf("addons.monitoring: %w", err)
		}
	}
	if plan.GPUOperator {
		args := &gpuoperator.Args{Cluster: cl, Config: cfg.GPUOperator, Monitoring: plan.Monitoring}
		if out.Monitoring != nil {
			args.CRDOwners = []pulumi.Resource{out.Monitoring.Release}
		}
		if out.GPUOperator, err = gpuoperator.New(ctx, GPUOperatorName, args, opts...); err != nil {
			return nil, fmt.Errorf("addons.gpuOperator: %w", err)
		}
	}
	if plan.Autoscaler {
		if out.Autoscaler, err = autoscaler.New(ctx, AutoscalerName, &autoscaler.Args{Cluster: cl, Config: cfg.Autoscaler}, opts...); err != nil {
			return nil, fmt.Errorf("addons.autoscaler: %w", err)
		}
	}
	if plan.MetricsServer || plan.PrometheusAdapter {
		args := &metrics.Args{Cluster: cl, MetricsServer: cfg.MetricsServer, PrometheusAdapter: cfg.PrometheusAdapter}
		if !plan.MetricsServer {
			off := false
			args.MetricsServer.Enabled = &off
		}
		if plan.PrometheusAdapter {
			args.PrometheusURL = monitoring.PrometheusURL
		}
		if out.Metrics, err = metrics.New(ctx, MetricsName, args, opts...); err != nil {
			return nil, fmt.Errorf("addons.metricsServer/prometheusAdapter: %w", err)
		}
	}
	if plan.Logging {
		out.Logging, err = logging.New(ctx, LoggingName, &logging.Args{
			Cluster: cl, Config: cfg.Logging, StorageClass: class, StorageReady: o.StorageReady,
		}, opts...)
		if err != nil {
			return nil, fmt.Errorf("addons.logging: %w", err)
		}
	}
	if plan.Ingress {
		args := &ingress.Args{Cluster: cl, Config: cfg.Ingress, Monitoring: plan.Monitoring}
		if out.Monitoring != nil {
			args.MonitorAfter = []pulumi.Resource{out.Monitoring.Release}
		}
		if out.Ingress, err = ingress.New(ctx, IngressName, args, opts...); err != nil {
			return nil, fmt.Errorf("addons.ingress: %w", err)
		}
	}
	if plan.VPA {
		if out.VPA, err = vpa.New(ctx, VPAName, &vpa.Args{Cluster: cl, Config: cfg.VPA, Needs: vpa.NeedsOf(o.VerticalModes)}, opts...); err != nil {
			return nil, fmt.Errorf("addons.vpa: %w", err)
		}
	}
	if o.Queues {
		if out.Kueue, err = kueue.New(ctx, KueueName, &kueue.Args{Cluster: cl, Config: cfg.Kueue, Teams: o.QueueTeams}, opts...); err != nil {
			return nil, fmt.Errorf("addons.kueue: %w", err)
		}
	}
	if plan.Gateway {
		if out.Gateway, err = gateway.New(ctx, GatewayName, &gateway.Args{Cluster: cl, Config: cfg.Gateway, Routes: o.Routes}, opts...); err != nil {
			return nil, fmt.Errorf("addons.gateway: %w", err)
		}
	}
	return out, nil
}
