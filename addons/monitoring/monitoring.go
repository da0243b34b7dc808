// Package monitoring installs kube-prometheus-stack (Prometheus operator,
// Prometheus, Alertmanager, Grafana, node exporter, kube-state-metrics),
// a GPU dashboard and mlkube's alert rules.
package monitoring

import (
	"errors"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:Monitoring"

// Namespace of the monitoring stack.
const Namespace = "monitoring"

// NamespaceSpec is privileged for the node exporter.
var NamespaceSpec = kit.Namespace{
	Name:   Namespace,
	Addon:  "monitoring",
	Level:  kit.Privileged,
	Reason: "prometheus node exporter runs on every node with hostNetwork, hostPID and the host root file system mounted",
}

// TimeoutSeconds bounds the release (CRDs, operator, Grafana,
// kube-state-metrics, node exporter on every node).
const TimeoutSeconds = 900

// RuleName is the PrometheusRule of mlkube's alerts.
const RuleName = "mlkube-alerts"

// Args configure monitoring.
type Args struct {
	// Cluster is the cluster (required).
	Cluster *cluster.Cluster
	// Config is addons.monitoring.
	Config config.Monitoring
	// StorageClass of the Prometheus volume; "" uses the cluster default.
	StorageClass string
	// StorageReady are the StorageClass resources the volume needs; the
	// release waits for them.
	StorageReady []pulumi.Resource
	// Services are the inference services that get a dashboard each.
	Services []Service
}

// Monitoring is the installed stack.
type Monitoring struct {
	pulumi.ResourceState

	Namespace *corev1.Namespace
	// AdminSecret is the Secret Grafana reads its admin login from.
	AdminSecret *corev1.Secret
	// AdminPassword is Grafana's admin password (secret): the stack's, or
	// the generated one.
	AdminPassword pulumi.StringOutput
	// AlertmanagerConfig is the Secret of Alertmanager's configuration.
	AlertmanagerConfig *corev1.Secret
	Dashboard          *corev1.ConfigMap
	// Release installs the monitoring.coreos.com CRDs: objects of those
	// types (ServiceMonitor, PrometheusRule) must depend on it.
	Release *helmv3.Release
	Rules   *apiextensions.CustomResource
}

// Notes for the plan.
func Notes(cfg config.Monitoring) []string {
	var notes []string
	if cfg.GrafanaAdminPassword == "" {
		notes = append(notes, "monitoring: Grafana's admin password is generated (pulumi-random); read it with `pulumi stack output --show-secrets grafanaAdminPassword`")
	}
	if len(cfg.Alerting.Receivers) == 0 {
		notes = append(notes, "monitoring: no alerting receivers (addons.monitoring.alerting.receivers): alerts fire but notify no one")
	}
	return notes
}

// New installs the monitoring stack.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Monitoring, error) {
	if args == nil || args.Cluster == nil {
		return nil, errors.New(TypeToken + ": args.Cluster is required")
	}
	cl := args.Cluster
	c := &Monitoring{}
	child, namespace, err := kit.Begin(ctx, TypeToken, name, c, cl.Provider, NamespaceSpec, opts...)
	if err != nil {
		return nil, err
	}
	c.Namespace = namespace
	ns := c.Namespace.Metadata.Name()
	labels := pulumi.StringMap{kit.AddonLabel: pulumi.String("monitoring")}

	deps := append(append([]pulumi.Resource{}, cl.NodesReady...), args.StorageReady...)
	if c.AdminPassword, err = adminPassword(ctx, args.Config.GrafanaAdminPassword, c); err != nil {
		return nil, err
	}
	// Grafana cannot start without its Secret, nor Alertmanager without
	// its configuration: the release waits for both.
	if c.AdminSecret, err = newAdminSecret(ctx, ns, labels, c.AdminPassword, child...); err != nil {
		return nil, err
	}
	if c.AlertmanagerConfig, err = newAlertmanagerSecret(ctx, ns, labels, args.Config.Alerting, child...); err != nil {
		return nil, err
	}
	deps = append(deps, c.AdminSecret, c.AlertmanagerConfig)
	if err := newServiceDashboards(ctx, ns, args.Services, child...); err != nil {
		return nil, err
	}

	c.Dashboard, err = corev1.NewConfigMap(ctx, "gpu-dashboard", &corev1.ConfigMapArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String("gpu-dashboard"),
			Namespace: ns,
			Labels:    pulumi.StringMap{kit.AddonLabel: pulumi.String("monitoring"), DashboardLabel: pulumi.String(DashboardLabelValue)},
		},
		Data: pulumi.StringMap{"gpu.json": pulumi.String(GPUDashboard())},
	}, child...)
	if err != nil {
		return nil, err
	}

	c.Release, err = kit.NewRelease(ctx, kit.Release{
		Chart:          versions.KubePrometheusStack.With(args.Config.Version),
		Namespace:      c.Namespace,
		Values:         kit.Merge(Values(cl, args.Config, args.StorageClass), args.Config.Values),
		TimeoutSeconds: TimeoutSeconds,
		DependsOn:      deps,
	}, child...)
	if err != nil {
		return nil, err
	}

	// The PrometheusRule type exists once the release installed its CRD.
	c.Rules, err = apiextensions.NewCustomResource(ctx, RuleName, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("monitoring.coreos.com/v1"),
		Kind:       pulumi.String("PrometheusRule"),
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(RuleName),
			Namespace: ns,
			Labels:    pulumi.StringMap{kit.AddonLabel: pulumi.String("monitoring"), "release": pulumi.String(Release)},
		},
		OtherFields: kubernetes.UntypedArgs{"spec": Rules()},
	}, append(child, pulumi.DependsOn([]pulumi.Resource{c.Release}))...)
	if err != nil {
		return nil, err
	}

	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"namespace":     ns,
		"release":       c.Release.Name,
		"prometheusUrl": pulumi.String(PrometheusURL),
	}); err != nil {
		return nil, err
	}
	return c, nil
}
