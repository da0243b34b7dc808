package monitoring

import (
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GrafanaPasswordLength is the length of a generated admin password.
const GrafanaPasswordLength = 24

// adminPassword is the stack's password when it sets one, else a random
// one that pulumi-random keeps in the stack's state: the same on every run,
// secret everywhere (state, Secret, stack output), and never in the stack
// file. Special characters are limited to ones no shell or URL quoting
// trips over.
func adminPassword(ctx *pulumi.Context, configured string, parent pulumi.Resource) (pulumi.StringOutput, error) {
	if configured != "" {
		return pulumi.ToSecret(pulumi.String(configured)).(pulumi.StringOutput), nil
	}
	pw, err := random.NewRandomPassword(ctx, GrafanaAdminSecret, &random.RandomPasswordArgs{
		Length:          pulumi.Int(GrafanaPasswordLength),
		Special:         pulumi.Bool(true),
		OverrideSpecial: pulumi.String("-_.~"),
		MinLower:        pulumi.Int(2),
		MinUpper:        pulumi.Int(2),
		MinNumeric:      pulumi.Int(2),
	}, pulumi.Parent(parent))
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return pulumi.ToSecret(pw.Result).(pulumi.StringOutput), nil
}

// newAdminSecret is the Secret Grafana's chart reads (admin.existingSecret):
// without it Grafana never starts and the release times out.
func newAdminSecret(ctx *pulumi.Context, ns pulumi.StringPtrInput, labels pulumi.StringMap, password pulumi.StringOutput, opts ...pulumi.ResourceOption) (*corev1.Secret, error) {
	return corev1.NewSecret(ctx, GrafanaAdminSecret, &corev1.SecretArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(GrafanaAdminSecret), Namespace: ns, Labels: labels},
		Type:     pulumi.String("Opaque"),
		StringData: pulumi.StringMap{
			GrafanaUserKey:     pulumi.String(GrafanaAdminUser),
			GrafanaPasswordKey: password,
		},
	}, opts...)
}
