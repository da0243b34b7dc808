package inference

import (
	"errors"
	"fmt"

	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	autoscalingv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/autoscaling/v2"
	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:workloads:InferenceService"

// component is the app.kubernetes.io/component label value.
const component = "inference"

// InferenceService is a model server with its Service, autoscaler,
// disruption budget and network policy.
type InferenceService struct {
	pulumi.ResourceState

	// ServiceName is the name of the Kubernetes Service.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// Endpoint is the in-cluster URL of the service.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`

	// The child objects, for callers that need to depend on them. HPA and
	// Ingress are nil when not asked for.
	ServiceAccount *corev1.ServiceAccount
	ConfigMap      *corev1.ConfigMap
	Deployment     *appsv1.Deployment
	Service        *corev1.Service
	Ingress        *networkingv1.Ingress
	// Route is the HTTPRoute on the Gateway (nil without Expose.Gateway).
	Route *apiextensions.CustomResource
	HPA   *autoscalingv2.HorizontalPodAutoscaler
	// VPA is the VerticalPodAutoscaler (nil without Args.Vertical).
	VPA *apiextensions.CustomResource
	// Loader fills Model.Volume from Model.Source (nil otherwise).
	Loader *batchv1.Job
	// Canary is the second version, nil without Expose.Canary.
	Canary *CanaryObjects
}

// CanaryObjects are the canary's own Deployment, Service and Ingress.
type CanaryObjects struct {
	Deployment *appsv1.Deployment
	Service    *corev1.Service
	Ingress    *networkingv1.Ingress
}

// Validate reports every problem of args, with its defaults applied, as
// NewInferenceService would, without registering anything: a caller can
// refuse bad input before it creates the first resource of a stack.
func Validate(name string, args Args) error {
	_, err := defaulted(name, args)
	return err
}

// defaulted applies the defaults (Name is name unless set) and validates.
func defaulted(name string, in Args) (Args, error) {
	if in.Name == "" {
		in.Name = name
	}
	a := withDefaults(in)
	return a, validate(a.Name, a)
}

// NewInferenceService validates args and registers the service. name is
// the component's logical name (unique in the stack) and, unless
// Args.Name is set, the name of every Kubernetes object.
func NewInferenceService(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*InferenceService, error) {
	if args == nil {
		return nil, errors.New(TypeToken + ": args are required")
	}
	a, err := defaulted(name, *args)
	if err != nil {
		return nil, err
	}
	objName := a.Name

	s := &InferenceService{}
	if err := ctx.RegisterComponentResource(TypeToken, name, s, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, obj: objName, a: a, parent: kube.ChildOf(s, a.After)}
	if err := b.build(s); err != nil {
		return nil, fmt.Errorf("%s %q: %w", TypeToken, name, err)
	}
	s.ServiceName = s.Service.Metadata.Name().Elem()
	s.Endpoint = pulumi.Sprintf("http://%s.%s.svc:%d", s.ServiceName, a.Namespace, a.ServicePort)
	if err := ctx.RegisterResourceOutputs(s, pulumi.Map{
		"serviceName": s.ServiceName,
		"endpoint":    s.Endpoint,
	}); err != nil {
		return nil, err
	}
	return s, nil
}

// builder registers the children of one InferenceService.
type builder struct {
	ctx    *pulumi.Context
	name   string // logical name prefix
	obj    string // Kubernetes object name
	a      Args
	parent pulumi.ResourceOption
}

// ingressObjects: an ingress service gets an Ingress without a Gateway, or
// beside its route while the stack keeps the ingress controller.
func (b *builder) ingressObjects() bool {
	e := b.a.Expose
	return e.Type == ExposeIngress && (e.Gateway == nil || e.KeepIngress)
}

func (b *builder) labels() map[string]string { return kube.Labels(b.obj, component, b.a.Labels) }

func (b *builder) build(s *InferenceService) error {
	var err error
	if s.ServiceAccount, err = b.serviceAccount(); err != nil {
		return err
	}
	if s.ConfigMap, err = b.configMap(); err != nil {
		return err
	}
	if b.a.Model.Volume != "" && b.a.Model.Source != "" {
		if s.Loader, err = b.loader(s.ServiceAccount); err != nil {
			return err
		}
	}
	if s.Deployment, err = b.deployment(s.ServiceAccount, s.ConfigMap); err != nil {
		return err
	}
	if s.Service, err = b.service(); err != nil {
		return err
	}
	if b.ingressObjects() {
		if s.Ingress, err = b.ingress(s.Service, nil); err != nil {
			return err
		}
	}
	if b.a.Canary() != nil {
		if s.Canary, err = b.canary(s); err != nil {
			return err
		}
	}
	if b.a.Expose.Type == ExposeIngress && b.a.Expose.Gateway != nil {
		backends := []pulumi.Resource{s.Service}
		if s.Canary != nil {
			backends = append(backends, s.Canary.Service)
		}
		if s.Route, err = b.route(backends); err != nil {
			return err
		}
	}
	if b.a.Autoscaling != nil {
		if s.HPA, err = b.hpa(s.Deployment); err != nil {
			return err
		}
	}
	if b.a.Vertical != nil {
		if s.VPA, err = b.vpa(s.Deployment); err != nil {
			return err
		}
	}
	if _, err = b.pdb(); err != nil {
		return err
	}
	if b.a.Scrape != nil {
		if _, err = b.podMonitor(); err != nil {
			return err
		}
	}
	if len(b.a.Egress) > 0 {
		if _, err = b.egressPolicy(); err != nil {
			return err
		}
		if s.Loader != nil {
			if _, err = b.loaderEgressPolicy(); err != nil {
				return err
			}
		}
	}
	_, err = b.networkPolicy()
	return err
}
