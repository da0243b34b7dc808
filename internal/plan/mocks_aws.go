package plan

import "github.com/mlkube/mlkube/providers/eks/ekstest"

// The outputs AWS computes for the EKS provider's resources (ARNs, the
// cluster endpoint, CA and OIDC issuer, node groups' Auto Scaling groups,
// launch template versions) are defined next to the provider, in
// providers/eks/ekstest, so its unit tests and the offline plan agree. The
// EKS provider makes no invokes: zones come from the stack and IAM policy
// JSON is built in Go.
func init() {
	for typ, f := range ekstest.Outputs {
		registerOutputs(typ, f)
	}
}
