package kube

import (
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
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
	for _, k := range SortedKeys(free) {
		out = append(out, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(free[k])})
	}
	return out
}

// ValidateEnv rejects variables that the component sets itself.
func ValidateEnv(errs *Errors, field string, env map[string]string, reserved ...string) {
	for _, r := range reserved {
		if _, ok := env[r]; ok {
			errs.Add(Quote(field, r), "is set by the component")
		}
	}
}
