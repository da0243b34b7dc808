// Package ingress installs the controller that serves the stack's Ingress
// objects: the cloud's own (the Cluster's IngressController), or
// ingress-nginx where the cloud gives none that fits, behind a load
// balancer where the cluster has them and on a node port of every node
// where it has none. Which one is decided from the Cluster alone.
package ingress

import (
	"errors"
	"fmt"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:Ingress"

// Namespace of ingress-nginx. Its controller binds ports 80 and 443 with
// NET_BIND_SERVICE and may escalate privileges, which the baseline Pod
// Security level allows and restricted does not.
const Namespace = "ingress-nginx"

// NamespaceSpec is the ingress-nginx namespace.
var NamespaceSpec = kit.Namespace{Name: Namespace, Addon: "ingress", Level: kit.Baseline}

// NginxClass is the IngressClass ingress-nginx serves.
const NginxClass = "nginx"

// TimeoutSeconds bounds the release: a Deployment and, behind a cloud
// load balancer, its address.
const TimeoutSeconds = 600

// Controller is the decision: which controller serves Ingress objects.
type Controller struct {
	// Nginx: ingress-nginx, installed into Namespace.
	Nginx bool
	// Cloud is the cloud's controller (nil with Nginx).
	Cloud *cluster.IngressController
	// Class is the IngressClass Ingress objects name.
	Class string
	// Namespace runs the controller; it reaches the pods from there.
	Namespace string
	// NodePort: ingress-nginx listens on a node port of every node, as
	// the cluster gives LoadBalancer Services no address.
	NodePort bool
	// Canary: the controller splits traffic by weight and header through
	// a second Ingress (ingress-nginx's canary annotations).
	Canary bool
}

// Decide picks the controller from the Cluster and addons.ingress.controller.
func Decide(cl *cluster.Cluster, cfg config.Ingress) Controller {
	if cl.IngressController != nil && cfg.Controller != config.IngressNginx {
		c := cl.IngressController
		return Controller{Cloud: c, Class: c.Class, Namespace: c.Namespace}
	}
	return Controller{
		Nginx: true, Class: NginxClass, Namespace: Namespace,
		NodePort: !cl.Capabilities.LoadBalancers, Canary: true,
	}
}

// Notes say what was chosen and why, for the plan.
func Notes(cl *cluster.Cluster, cfg config.Ingress) []string {
	var notes []string
	if cfg.Controller == config.IngressCloud && cl.IngressController == nil {
		notes = append(notes, fmt.Sprintf("ingress: the %s cluster has no cloud ingress controller mlkube installs; ingress-nginx serves Ingress objects", cl.Kind))
	}
	if d := Decide(cl, cfg); d.NodePort {
		notes = append(notes, "ingress-nginx listens on node ports of every node (the cluster gives LoadBalancer Services no address): point your load balancer or DNS at the nodes, or set cluster.existing.loadBalancers once MetalLB runs")
	}
	return notes
}

// NginxValues are the ingress-nginx chart values: its own IngressClass
// (not the default class), two replicas spread over nodes, metrics on.
func NginxValues(d Controller, monitored bool) map[string]any {
	svc := map[string]any{"type": "LoadBalancer", "externalTrafficPolicy": "Local"}
	if d.NodePort {
		svc = map[string]any{"type": "NodePort"}
	}
	return map[string]any{
		"fullnameOverride": "ingress-nginx",
		"controller": map[string]any{
			"ingressClass":         NginxClass,
			"ingressClassResource": map[string]any{"name": NginxClass, "enabled": true, "default": false},
			"replicaCount":         2,
			"service":              svc,
			"metrics":              map[string]any{"enabled": monitored},
			// Annotation snippets run arbitrary nginx configuration from
			// any namespace's Ingress: off.
			"allowSnippetAnnotations": false,
			"topologySpreadConstraints": []any{map[string]any{
				"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway",
				"labelSelector": map[string]any{"matchLabels": nginxPodLabels()},
			}},
		},
	}
}

func nginxPodLabels() map[string]any {
	return map[string]any{"app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller"}
}

// CloudValues are the cloud controller's chart values: what the provider
// says about the cluster, and the service account its role trusts.
func CloudValues(c *cluster.IngressController, annotations pulumi.StringMapInput) map[string]any {
	v := map[string]any{}
	for k, x := range c.Values {
		v[k] = x
	}
	sa := map[string]any{"create": true, "name": c.ServiceAccount}
	if annotations != nil {
		sa["annotations"] = annotations
	}
	v["serviceAccount"] = sa
	v["replicaCount"] = 2
	return v
}

// Args configure the ingress addon.
type Args struct {
	Cluster *cluster.Cluster
	Config  config.Ingress
	// Monitoring scrapes the controller; MonitorAfter installs the
	// PodMonitor CRD.
	Monitoring   bool
	MonitorAfter []pulumi.Resource
}

// Ingress is the installed controller.
type Ingress struct {
	pulumi.ResourceState

	Controller Controller
	Namespace  *corev1.Namespace // nil for a controller in a namespace the cluster owns
	Release    *helmv3.Release
}

// New installs the controller Decide picks.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Ingress, error) {
	if args == nil || args.Cluster == nil {
		return nil, errors.New(TypeToken + ": args.Cluster is required")
	}
	cl := args.Cluster
	c := &Ingress{Controller: Decide(cl, args.Config)}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	child := kit.Children(c, cl.Provider)
	r := kit.Release{TimeoutSeconds: TimeoutSeconds, DependsOn: cl.NodesReady}
	var podLabels map[string]any
	port := ""
	if d := c.Controller; d.Nginx {
		ns, err := kit.NewNamespace(ctx, NamespaceSpec, child...)
		if err != nil {
			return nil, err
		}
		c.Namespace = ns
		r.Chart, r.Namespace = versions.IngressNginx.With(args.Config.Version), ns
		r.Values = kit.Merge(NginxValues(d, args.Monitoring), args.Config.Values)
		podLabels, port = nginxPodLabels(), "metrics"
	} else {
		chart, ok := versions.Lookup(d.Cloud.Chart)
		if !ok {
			return nil, fmt.Errorf("%s: the cluster's ingress controller chart %q is not pinned in addons/versions", TypeToken, d.Cloud.Chart)
		}
		r.Chart, r.NamespaceName = chart.With(args.Config.Version), d.Cloud.Namespace
		r.Values = kit.Merge(CloudValues(d.Cloud, cl.ServiceAccountAnnotations[cluster.AddonIngress]), args.Config.Values)
		podLabels, port = map[string]any{}, d.Cloud.MetricsPort
		for k, v := range d.Cloud.PodLabels {
			podLabels[k] = v
		}
	}
	var err error
	if c.Release, err = kit.NewRelease(ctx, r, child...); err != nil {
		return nil, err
	}
	outputs := pulumi.Map{"release": c.Release.Name, "ingressClass": pulumi.String(c.Controller.Class)}
	if args.Monitoring {
		if _, err := newMonitor(ctx, c.Controller.Namespace, c.Namespace, podLabels, port, append([]pulumi.Resource{c.Release}, args.MonitorAfter...), child...); err != nil {
			return nil, err
		}
	}
	if err := ctx.RegisterResourceOutputs(c, outputs); err != nil {
		return nil, err
	}
	return c, nil
}
