package priority

import (
	"errors"

	"github.com/mlkube/mlkube/components/internal/kube"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	schedulingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/scheduling/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:workloads:PriorityClasses"

// component is the app.kubernetes.io/component label value.
const component = "priority"

// Args say which classes a stack needs.
type Args struct {
	// Production picks the production classes instead of the dev ones.
	Production bool
	// Serving and Training say the stack runs inference services and
	// training jobs; only their classes are created.
	Serving, Training bool
}

// PriorityClasses are the classes one stack created.
type PriorityClasses struct {
	pulumi.ResourceState

	// Classes by name; workloads that name a class wait for it, since the
	// Priority admission plugin refuses a pod whose class does not exist.
	Classes map[string]*schedulingv1.PriorityClass
}

// New registers the component and its classes.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*PriorityClasses, error) {
	if args == nil {
		return nil, errors.New(TypeToken + ": args are required")
	}
	p := &PriorityClasses{Classes: map[string]*schedulingv1.PriorityClass{}}
	if err := ctx.RegisterComponentResource(TypeToken, name, p, opts...); err != nil {
		return nil, err
	}
	names := pulumi.StringArray{}
	for _, c := range Classes(args.Production, args.Serving, args.Training) {
		pc, err := schedulingv1.NewPriorityClass(ctx, name+"-"+c.Name, &schedulingv1.PriorityClassArgs{
			Metadata:         &metav1.ObjectMetaArgs{Name: pulumi.String(c.Name), Labels: pulumi.ToStringMap(kube.Labels(c.Name, component, nil))},
			Value:            pulumi.Int(c.Value),
			PreemptionPolicy: pulumi.String(c.PreemptionPolicy),
			GlobalDefault:    pulumi.Bool(false),
			Description:      pulumi.String(c.Description),
		}, pulumi.Parent(p))
		if err != nil {
			return nil, err
		}
		p.Classes[c.Name] = pc
		names = append(names, pulumi.String(c.Name))
	}
	if err := ctx.RegisterResourceOutputs(p, pulumi.Map{"classes": names}); err != nil {
		return nil, err
	}
	return p, nil
}
