package kube

import (
	"maps"
	"regexp"
	"slices"

	"github.com/mlkube/mlkube/components/workload"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Env is one plain environment variable, in the order it is listed.
type Env struct{ Name, Value string }

// EnvVars returns the fixed variables first, then the caller's map in key
// order (stable across runs).
func EnvVars(fixed []Env, free map[string]string) corev1.EnvVarArray {
	out := corev1.EnvVarArray{}
	for _, e := range fixed {
		out = append(out, corev1.EnvVarArgs{Name: pulumi.String(e.Name), Value: pulumi.String(e.Value)})
	}
	for _, k := range slices.Sorted(maps.Keys(free)) {
		out = append(out, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(free[k])})
	}
	return out
}

// envVarName is what a shell can read back: Kubernetes takes more, but a
// variable named "1TOKEN" or "A.B" is invisible to most entrypoints.
var envVarName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ValidateEnv rejects names a process cannot read and variables that the
// component sets itself.
func ValidateEnv(errs *Errors, field string, env map[string]string, reserved ...string) {
	validateEnvNames(errs, field, slices.Sorted(maps.Keys(env)))
	for _, r := range reserved {
		if _, ok := env[r]; ok {
			errs.Add(Quote(field, r), "is set by the component")
		}
	}
}

// SecretKeyRef names a key of an existing Secret in the pod's namespace.
type SecretKeyRef = workload.SecretKeyRef

// SecretEnvVars are variables read from Secrets, in key order.
func SecretEnvVars(refs map[string]SecretKeyRef) corev1.EnvVarArray {
	var out corev1.EnvVarArray
	for _, k := range slices.Sorted(maps.Keys(refs)) {
		ref := refs[k]
		out = append(out, corev1.EnvVarArgs{Name: pulumi.String(k), ValueFrom: &corev1.EnvVarSourceArgs{
			SecretKeyRef: &corev1.SecretKeySelectorArgs{Name: pulumi.String(ref.Secret), Key: pulumi.String(ref.Key)},
		}})
	}
	return out
}

// ValidateSecretEnv checks that every reference names a Secret and a key,
// and that no variable is also set in plain env.
func ValidateSecretEnv(errs *Errors, field string, refs map[string]SecretKeyRef, plain map[string]string, plainField string) {
	validateEnvNames(errs, field, slices.Sorted(maps.Keys(refs)))
	for _, k := range slices.Sorted(maps.Keys(refs)) {
		ref := refs[k]
		f := Quote(field, k)
		if ref.Secret == "" || ref.Key == "" {
			errs.Add(f, "needs both %s and %s", Ref(f+".Secret"), Ref(f+".Key"))
		} else if len(validation.IsDNS1123Subdomain(ref.Secret)) > 0 {
			errs.Add(f+".Secret", "%q is not the name of a Secret", ref.Secret)
		}
		if _, ok := plain[k]; ok {
			errs.Add(f, "is also set in %s", Ref(plainField))
		}
	}
}

func validateEnvNames(errs *Errors, field string, names []string) {
	for _, k := range names {
		if !envVarName.MatchString(k) {
			errs.Add(Quote(field, k), "is not a valid environment variable name")
		}
	}
}
