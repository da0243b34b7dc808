package inference

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func (b *builder) service() (*corev1.Service, error) {
	a := b.a
	spec := &corev1.ServiceSpecArgs{
		Type:     pulumi.String("ClusterIP"),
		Selector: pulumi.ToStringMap(kube.Selector(b.obj, component)),
		Ports: corev1.ServicePortArray{corev1.ServicePortArgs{
			Name:       pulumi.String(httpPortName),
			Port:       pulumi.Int(a.ServicePort),
			TargetPort: pulumi.String(httpPortName),
			Protocol:   pulumi.String("TCP"),
		}},
	}
	var annotations map[string]string
	if a.Expose.Type == ExposeInternalLoadBalancer {
		spec.Type = pulumi.String("LoadBalancer")
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

// ingress routes Host (or every host) to the Service.
func (b *builder) ingress(svc *corev1.Service) (*networkingv1.Ingress, error) {
	e := b.a.Expose
	rule := networkingv1.IngressRuleArgs{
		Http: &networkingv1.HTTPIngressRuleValueArgs{Paths: networkingv1.HTTPIngressPathArray{
			networkingv1.HTTPIngressPathArgs{
				Path:     pulumi.String("/"),
				PathType: pulumi.String("Prefix"),
				Backend: &networkingv1.IngressBackendArgs{Service: &networkingv1.IngressServiceBackendArgs{
					Name: svc.Metadata.Name().Elem(),
					Port: &networkingv1.ServiceBackendPortArgs{Name: pulumi.String(httpPortName)},
				}},
			},
		}},
	}
	spec := &networkingv1.IngressSpecArgs{Rules: networkingv1.IngressRuleArray{rule}}
	if e.Host != "" {
		rule.Host = pulumi.String(e.Host)
		spec.Rules = networkingv1.IngressRuleArray{rule}
	}
	if e.IngressClass != "" {
		spec.IngressClassName = pulumi.String(e.IngressClass)
	}
	if e.TLSSecret != "" {
		spec.Tls = networkingv1.IngressTLSArray{networkingv1.IngressTLSArgs{
			Hosts:      pulumi.StringArray{pulumi.String(e.Host)},
			SecretName: pulumi.String(e.TLSSecret),
		}}
	}
	return networkingv1.NewIngress(b.ctx, b.name+"-ingress", &networkingv1.IngressArgs{
		Metadata: kube.Meta(b.obj, b.a.Namespace, b.labels(), e.Annotations),
		Spec:     spec,
	}, b.parent)
}
