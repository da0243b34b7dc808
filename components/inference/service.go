package inference

import (
	"strconv"

	"github.com/mlkube/mlkube/components/internal/kube"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Service types per expose type.
var serviceTypes = map[string]string{
	ExposeClusterIP:            "ClusterIP",
	ExposeIngress:              "ClusterIP",
	ExposeNodePort:             "NodePort",
	ExposeLoadBalancer:         "LoadBalancer",
	ExposeInternalLoadBalancer: "LoadBalancer",
}

func (b *builder) service() (*corev1.Service, error) {
	a := b.a
	port := corev1.ServicePortArgs{
		Name:       pulumi.String(httpPortName),
		Port:       pulumi.Int(a.ServicePort),
		TargetPort: pulumi.String(httpPortName),
		Protocol:   pulumi.String("TCP"),
	}
	if a.Expose.NodePort != 0 {
		port.NodePort = pulumi.Int(a.Expose.NodePort)
	}
	spec := &corev1.ServiceSpecArgs{
		Type:     pulumi.String(serviceTypes[a.Expose.Type]),
		Selector: pulumi.ToStringMap(kube.Selector(b.obj, component)),
		Ports:    corev1.ServicePortArray{port},
	}
	if a.Expose.TrafficDistribution != "" {
		spec.TrafficDistribution = pulumi.String(a.Expose.TrafficDistribution)
	}
	var annotations map[string]string
	if a.Expose.Type == ExposeInternalLoadBalancer || a.Expose.Type == ExposeLoadBalancer {
		annotations = a.Expose.Annotations
		if len(a.Expose.SourceCIDRs) > 0 {
			spec.LoadBalancerSourceRanges = pulumi.ToStringArray(a.Expose.SourceCIDRs)
		}
	}
	return corev1.NewService(b.ctx, b.name+"-service", &corev1.ServiceArgs{
		Metadata: kube.Meta(b.obj, a.Namespace, b.labels(), annotations),
		Spec:     spec,
	}, b.parent)
}

// Canary annotations of ingress-nginx: a second Ingress on the same host
// and path, marked canary, gets the share of requests they say.
const (
	canaryAnnotation            = "nginx.ingress.kubernetes.io/canary"
	canaryWeightAnnotation      = "nginx.ingress.kubernetes.io/canary-weight"
	canaryHeaderAnnotation      = "nginx.ingress.kubernetes.io/canary-by-header"
	canaryHeaderValueAnnotation = "nginx.ingress.kubernetes.io/canary-by-header-value"
	// ClusterIssuerAnnotation makes cert-manager issue Host's certificate
	// into the TLS Secret.
	ClusterIssuerAnnotation = "cert-manager.io/cluster-issuer"
)

// canaryAnnotations mark the canary's Ingress.
func canaryAnnotations(k *Canary) map[string]string {
	out := map[string]string{
		canaryAnnotation:       "true",
		canaryWeightAnnotation: strconv.Itoa(k.Weight),
	}
	if k.Header != "" {
		out[canaryHeaderAnnotation] = k.Header
		if k.HeaderValue != "" {
			out[canaryHeaderValueAnnotation] = k.HeaderValue
		}
	}
	return out
}

// ingress routes Path (Prefix) of Host to svc. With canary set it is the
// canary's Ingress: same route, canary annotations, no TLS of its own
// (the controller serves the stable Ingress's certificate for the host).
func (b *builder) ingress(svc *corev1.Service, canary *Canary) (*networkingv1.Ingress, error) {
	e := b.a.Expose
	rule := networkingv1.IngressRuleArgs{
		Http: &networkingv1.HTTPIngressRuleValueArgs{Paths: networkingv1.HTTPIngressPathArray{
			networkingv1.HTTPIngressPathArgs{
				Path:     pulumi.String(e.Path),
				PathType: pulumi.String("Prefix"),
				Backend: &networkingv1.IngressBackendArgs{Service: &networkingv1.IngressServiceBackendArgs{
					Name: svc.Metadata.Name().Elem(),
					Port: &networkingv1.ServiceBackendPortArgs{Name: pulumi.String(httpPortName)},
				}},
			},
		}},
	}
	if e.Host != "" {
		rule.Host = pulumi.String(e.Host)
	}
	spec := &networkingv1.IngressSpecArgs{Rules: networkingv1.IngressRuleArray{rule}}
	if e.IngressClass != "" {
		spec.IngressClassName = pulumi.String(e.IngressClass)
	}
	annotations := kube.Merge(e.IngressAnnotations, e.Annotations)
	if canary == nil && e.TLSSecret != "" {
		spec.Tls = networkingv1.IngressTLSArray{networkingv1.IngressTLSArgs{
			Hosts:      pulumi.StringArray{pulumi.String(e.Host)},
			SecretName: pulumi.String(e.TLSSecret),
		}}
		if e.ClusterIssuer != "" {
			annotations = kube.Merge(annotations, map[string]string{ClusterIssuerAnnotation: e.ClusterIssuer})
		}
	}
	name, logical := b.obj, b.name+"-ingress"
	if canary != nil {
		annotations = kube.Merge(annotations, canaryAnnotations(canary))
	}
	return networkingv1.NewIngress(b.ctx, logical, &networkingv1.IngressArgs{
		Metadata: kube.Meta(name, b.a.Namespace, b.labels(), annotations),
		Spec:     spec,
	}, b.parent)
}
