package gateway

import (
	"errors"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:Gateway"

// NamespaceSpec is the Gateway's namespace: it runs no pod.
var NamespaceSpec = kit.Namespace{Name: Namespace, Addon: AddonName, Level: kit.Restricted}

// EnvoyNamespaceSpec runs Envoy Gateway and its proxies. The proxies bind
// unprivileged ports and run as non-root, but the controller's certgen Job
// and the proxies' shutdown manager are only checked against baseline.
var EnvoyNamespaceSpec = kit.Namespace{Name: EnvoyNamespace, Addon: AddonName, Level: kit.Baseline}

// TimeoutSeconds bounds the Envoy Gateway release (one Deployment and its
// certificate Job).
const TimeoutSeconds = 600

// Args configure the gateway addon.
type Args struct {
	Cluster *cluster.Cluster
	Config  config.Gateway
	// Routes are the stack's exposed services: the Gateway's listeners
	// serve their hosts' certificates.
	Routes []Route
}

// Gateway is the installed way in.
type Gateway struct {
	pulumi.ResourceState

	Implementation Implementation
	// CRDs are the Gateway API CRDs mlkube applied (none where the cloud
	// manages them); routes wait for them.
	CRDs    []pulumi.Resource
	Release *helmv3.Release // nil with the cloud's controller
	Gateway *apiextensions.CustomResource
}

// Ref names the Gateway routes attach to.
type Ref struct{ Name, Namespace string }

// TheGateway is the one Gateway of the cluster.
var TheGateway = Ref{Name: GatewayName, Namespace: Namespace}

// EnvoyValues are the Envoy Gateway chart values for a chart version. Its
// Gateway API CRDs are mlkube's (applied first, so Helm skips its older
// copies); its own CRDs (EnvoyProxy, policies) come with the chart. The
// controller image and its pull policy are the ones the project's release
// stamps into the chart's values.yaml: set here, the chart renders from
// its source (which has only values.tmpl.yaml) as it installs.
func EnvoyValues(chartVersion string) map[string]any {
	return map[string]any{
		"global": map[string]any{"images": map[string]any{"envoyGateway": map[string]any{
			"image": versions.EnvoyGatewayImage(chartVersion), "pullPolicy": versions.EnvoyGatewayPullPolicy,
		}}},
		"deployment":          map[string]any{"replicas": 2},
		"podDisruptionBudget": map[string]any{"minAvailable": 1},
	}
}

// New installs the implementation Decide picks and the Gateway.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Gateway, error) {
	if args == nil || args.Cluster == nil {
		return nil, errors.New(TypeToken + ": args.Cluster is required")
	}
	issuer, err := ClusterIssuer(args.Routes)
	if err != nil {
		return nil, errors.New(TypeToken + ": " + err.Error())
	}
	cl := args.Cluster
	g := &Gateway{Implementation: Decide(cl)}
	child, ns, err := kit.Begin(ctx, TypeToken, name, g, cl.Provider, NamespaceSpec, opts...)
	if err != nil {
		return nil, err
	}
	d := g.Implementation
	if d.CRDs {
		if g.CRDs, err = newCRDs(ctx, child...); err != nil {
			return nil, err
		}
	}
	classReady := g.CRDs
	if d.Cloud == nil {
		if classReady, err = g.envoy(ctx, args, child); err != nil {
			return nil, err
		}
	}
	var annotations pulumi.StringMap
	if issuer != "" {
		annotations = pulumi.StringMap{clusterIssuerAnnotation: pulumi.String(issuer)}
	}
	g.Gateway, err = apiextensions.NewCustomResource(ctx, GatewayName, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(APIVersion),
		Kind:       pulumi.String("Gateway"),
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(GatewayName), Namespace: ns.Metadata.Name(),
			Labels: pulumi.StringMap{kit.AddonLabel: pulumi.String(AddonName)}, Annotations: annotations,
		},
		OtherFields: kubernetes.UntypedArgs{"spec": GatewaySpec(d.Class, Listeners(args.Routes))},
	}, append(child, pulumi.DependsOn(append(append([]pulumi.Resource{}, g.CRDs...), classReady...)))...)
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(g, pulumi.Map{
		"gatewayClass": pulumi.String(d.Class),
		"gateway":      pulumi.String(Namespace + "/" + GatewayName),
	}); err != nil {
		return nil, err
	}
	return g, nil
}

// envoy installs Envoy Gateway and its GatewayClass; it returns what the
// Gateway waits for.
func (g *Gateway) envoy(ctx *pulumi.Context, args *Args, child []pulumi.ResourceOption) ([]pulumi.Resource, error) {
	ns, err := kit.NewNamespace(ctx, EnvoyNamespaceSpec, child...)
	if err != nil {
		return nil, err
	}
	chart := versions.EnvoyGateway.With(args.Config.Version)
	g.Release, err = kit.NewRelease(ctx, kit.Release{
		Chart: chart, Namespace: ns,
		Values:         kit.Merge(EnvoyValues(chart.Version), args.Config.Values),
		TimeoutSeconds: TimeoutSeconds, DependsOn: append(append([]pulumi.Resource{}, g.CRDs...), args.Cluster.NodesReady...),
	}, child...)
	if err != nil {
		return nil, err
	}
	classDeps := append([]pulumi.Resource{}, g.CRDs...)
	var params *Ref
	if g.Implementation.NodePort {
		proxy, err := apiextensions.NewCustomResource(ctx, EnvoyProxyName, &apiextensions.CustomResourceArgs{
			ApiVersion: pulumi.String("gateway.envoyproxy.io/v1alpha1"),
			Kind:       pulumi.String("EnvoyProxy"),
			Metadata: &metav1.ObjectMetaArgs{
				Name: pulumi.String(EnvoyProxyName), Namespace: ns.Metadata.Name(),
				Labels: pulumi.StringMap{kit.AddonLabel: pulumi.String(AddonName)},
			},
			OtherFields: kubernetes.UntypedArgs{"spec": NodePortProxySpec()},
		}, append(child, pulumi.DependsOn([]pulumi.Resource{g.Release}))...)
		if err != nil {
			return nil, err
		}
		classDeps = append(classDeps, proxy)
		params = &Ref{Name: EnvoyProxyName, Namespace: EnvoyNamespace}
	}
	class, err := apiextensions.NewCustomResource(ctx, EnvoyClass, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(APIVersion),
		Kind:       pulumi.String("GatewayClass"),
		Metadata: &metav1.ObjectMetaArgs{
			Name:   pulumi.String(EnvoyClass),
			Labels: pulumi.StringMap{kit.AddonLabel: pulumi.String(AddonName)},
		},
		OtherFields: kubernetes.UntypedArgs{"spec": EnvoyClassSpec(params)},
	}, append(child, pulumi.DependsOn(classDeps))...)
	if err != nil {
		return nil, err
	}
	return []pulumi.Resource{class}, nil
}

// APIVersion is the Gateway API group version of every object.
const APIVersion = "gateway.networking.k8s.io/v1"

// clusterIssuerAnnotation makes cert-manager's gateway-shim issue each
// HTTPS listener's certificate into its Secret (in the Gateway's namespace).
const clusterIssuerAnnotation = "cert-manager.io/cluster-issuer"

// GatewaySpec is the Gateway's spec: the listeners, each open to routes of
// the team namespaces only.
func GatewaySpec(class string, listeners []Listener) map[string]any {
	var ls []any
	for _, l := range listeners {
		m := map[string]any{
			"name": l.Name, "protocol": l.Protocol, "port": l.Port,
			"allowedRoutes": map[string]any{"namespaces": map[string]any{
				"from":     "Selector",
				"selector": map[string]any{"matchLabels": map[string]any{labels.TeamNamespace: "true"}},
			}},
		}
		if l.Host != "" {
			m["hostname"] = l.Host
		}
		if l.Secret != "" {
			m["tls"] = map[string]any{"mode": "Terminate", "certificateRefs": []any{map[string]any{
				"kind": "Secret", "name": l.Secret, "namespace": l.SecretNamespace,
			}}}
		}
		ls = append(ls, m)
	}
	return map[string]any{"gatewayClassName": class, "listeners": ls}
}

// EnvoyClassSpec is the GatewayClass Envoy Gateway serves, with its
// EnvoyProxy parameters when the proxies need node ports.
func EnvoyClassSpec(params *Ref) map[string]any {
	spec := map[string]any{"controllerName": EnvoyController}
	if params != nil {
		spec["parametersRef"] = map[string]any{
			"group": "gateway.envoyproxy.io", "kind": "EnvoyProxy", "name": params.Name, "namespace": params.Namespace,
		}
	}
	return spec
}

// NodePortProxySpec puts the Envoy proxies' Service on node ports.
func NodePortProxySpec() map[string]any {
	return map[string]any{"provider": map[string]any{
		"type":       "Kubernetes",
		"kubernetes": map[string]any{"envoyService": map[string]any{"type": "NodePort"}},
	}}
}
