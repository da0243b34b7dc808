package kube

import (
	"github.com/mlkube/mlkube/components/workload"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

// The pod model of services and jobs (workload.Pod) is defaulted,
// checked and built here, once: a field added to it is read by these
// functions and by no component.

// PodDefaults fills the zero values of the shared pod fields.
func PodDefaults(p *workload.Pod) {
	if p.GPUResourceName == "" {
		p.GPUResourceName = DefaultGPUResource
	}
	if p.RunAsUser == 0 {
		p.RunAsUser = DefaultUID
	}
	if p.FSGroup == 0 {
		p.FSGroup = DefaultUID
	}
}

// ValidatePod checks the defaulted shared pod fields of the workload whose
// objects are called name; reservedEnv are the variables the component
// sets itself.
func ValidatePod(errs *Errors, name string, p workload.Pod, reservedEnv ...string) {
	ValidateName(errs, "Name", name)
	ValidateNamespace(errs, "Namespace", p.Namespace)
	ValidateImage(errs, "Image", p.Image)
	ValidateResources(errs, "Resources", p.Resources)
	ValidateGPUs(errs, "GPUs", p.GPUs, "GPUResourceName", p.GPUResourceName)
	ValidateTolerations(errs, "Tolerations", p.Tolerations)
	ValidateEnv(errs, "Env", p.Env, reservedEnv...)
	ValidateSecretEnv(errs, "SecretEnv", p.SecretEnv, p.Env, "Env")
	if p.PriorityClassName != "" {
		ValidateName(errs, "PriorityClassName", p.PriorityClassName)
	}
	if p.RuntimeClassName != "" && len(validation.IsDNS1123Subdomain(p.RuntimeClassName)) > 0 {
		errs.Add("RuntimeClassName", "%q is not the name of a RuntimeClass", p.RuntimeClassName)
	}
	if p.TerminationGracePeriodSeconds < 0 {
		errs.Add("TerminationGracePeriodSeconds", "%d must not be negative", p.TerminationGracePeriodSeconds)
	}
	// The restricted Pod Security Standard refuses root.
	if p.RunAsUser <= 0 {
		errs.Add("RunAsUser", "%d must be a non-root UID (> 0)", p.RunAsUser)
	}
	if p.FSGroup <= 0 {
		errs.Add("FSGroup", "%d must be greater than 0", p.FSGroup)
	}
	if p.SharedMemorySize != "" {
		if _, err := resource.ParseQuantity(p.SharedMemorySize); err != nil {
			errs.Add("SharedMemorySize", "%q is not a Kubernetes quantity", p.SharedMemorySize)
		}
	}
	ValidateEgress(errs, "Egress", p.Egress)
}

// PodSpec is the pod spec of the shared fields: the pods' own service
// account (its token not mounted: they call no Kubernetes API), the
// restricted security context, placement on the pool, priority and grace
// period. The component adds its containers, volumes and the rest.
func PodSpec(p workload.Pod, serviceAccount pulumi.StringInput) *corev1.PodSpecArgs {
	spec := &corev1.PodSpecArgs{
		ServiceAccountName:           serviceAccount,
		AutomountServiceAccountToken: pulumi.Bool(false),
		EnableServiceLinks:           pulumi.Bool(false),
		SecurityContext:              PodSecurity(p.RunAsUser, p.FSGroup),
		Tolerations:                  Tolerations(p.Tolerations),
	}
	if len(p.NodeSelector) > 0 {
		spec.NodeSelector = pulumi.ToStringMap(p.NodeSelector)
	}
	if p.PriorityClassName != "" {
		spec.PriorityClassName = pulumi.String(p.PriorityClassName)
	}
	if p.TerminationGracePeriodSeconds > 0 {
		spec.TerminationGracePeriodSeconds = pulumi.Int(p.TerminationGracePeriodSeconds)
	}
	if p.RuntimeClassName != "" {
		spec.RuntimeClassName = pulumi.String(p.RuntimeClassName)
	}
	return spec
}

// MainContainer is the workload's own container of the shared fields:
// own are the component's variables, listed first, then env (the caller's
// plain variables, in key order) and SecretEnv.
func MainContainer(name string, p workload.Pod, own corev1.EnvVarArray, env map[string]string) corev1.ContainerArgs {
	vars := append(own, EnvVars(nil, env)...)
	vars = append(vars, SecretEnvVars(p.SecretEnv)...)
	c := corev1.ContainerArgs{
		Name:            pulumi.String(name),
		Image:           pulumi.String(p.Image),
		ImagePullPolicy: pulumi.String("IfNotPresent"),
		Env:             vars,
		Resources:       Requirements(p.Resources, p.GPUResourceName, p.GPUs),
		SecurityContext: ContainerSecurity(),
	}
	if len(p.Command) > 0 {
		c.Command = pulumi.ToStringArray(p.Command)
	}
	if len(p.Arguments) > 0 {
		c.Args = pulumi.ToStringArray(p.Arguments)
	}
	return c
}

// NewServiceAccount registers the pods' own ServiceAccount, which carries
// their cloud identity; logical is the component's logical name, obj the
// objects' name.
func NewServiceAccount(ctx *pulumi.Context, logical, obj string, p workload.Pod, labels map[string]string, parent pulumi.ResourceOption) (*corev1.ServiceAccount, error) {
	return corev1.NewServiceAccount(ctx, logical+"-serviceaccount", &corev1.ServiceAccountArgs{
		Metadata:                     ServiceAccountMeta(obj, p.Namespace, labels, p.ServiceAccountAnnotations, p.CloudIdentityAnnotations),
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, parent)
}

// NewEgressPolicy registers the NetworkPolicy that opens the workload's
// own egress allowances, with DNS, to the pods selector picks; logical and
// obj name it as NewServiceAccount's.
func NewEgressPolicy(ctx *pulumi.Context, logical, obj string, p workload.Pod, labels, selector map[string]string, parent pulumi.ResourceOption) (*networkingv1.NetworkPolicy, error) {
	return networkingv1.NewNetworkPolicy(ctx, logical+"-networkpolicy-egress", &networkingv1.NetworkPolicyArgs{
		Metadata: Meta(obj+"-egress", p.Namespace, labels, nil),
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(selector)},
			PolicyTypes: pulumi.StringArray{pulumi.String("Egress")},
			Egress:      append(networkingv1.NetworkPolicyEgressRuleArray{DNSEgress()}, EgressRules(p.Egress)...),
		},
	}, parent)
}
