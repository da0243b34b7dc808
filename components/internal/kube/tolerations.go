package kube

import (
	"github.com/mlkube/mlkube/components/workload"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Toleration lets pods onto nodes with a matching taint (workload.Toleration).
type Toleration = workload.Toleration

// operator is the toleration's operator with its default filled in.
func operator(t Toleration) string {
	switch {
	case t.Operator != "":
		return t.Operator
	case t.Value != "":
		return "Equal"
	}
	return "Exists"
}

// ValidateTolerations checks operators, effects and values.
func ValidateTolerations(errs *Errors, field string, ts []Toleration) {
	for i, t := range ts {
		f := field + "[" + itoa(i) + "]"
		switch operator(t) {
		case "Equal":
		case "Exists":
			if t.Value != "" {
				errs.Add(f+".Value", "must be empty with operator Exists")
			}
		default:
			errs.Add(f+".Operator", "%q must be Equal or Exists", t.Operator)
		}
		switch t.Effect {
		case "", "NoSchedule", "PreferNoSchedule", "NoExecute":
		default:
			errs.Add(f+".Effect", "%q must be NoSchedule, PreferNoSchedule or NoExecute", t.Effect)
		}
		if t.TolerationSeconds != nil && t.Effect != "NoExecute" {
			errs.Add(f+".TolerationSeconds", "only applies to the NoExecute effect")
		}
	}
}

// Tolerations converts ts to pod tolerations, in the given order.
func Tolerations(ts []Toleration) corev1.TolerationArray {
	out := corev1.TolerationArray{}
	for _, t := range ts {
		a := corev1.TolerationArgs{Operator: pulumi.String(operator(t))}
		if t.Key != "" {
			a.Key = pulumi.String(t.Key)
		}
		if t.Value != "" {
			a.Value = pulumi.String(t.Value)
		}
		if t.Effect != "" {
			a.Effect = pulumi.String(t.Effect)
		}
		if t.TolerationSeconds != nil {
			a.TolerationSeconds = pulumi.Int(*t.TolerationSeconds)
		}
		out = append(out, a)
	}
	return out
}
