package kube

import "github.com/mlkube/mlkube/components/imageref"

// ValidateImage requires an immutable image reference (imageref.Problem):
// the running version must not depend on when a node pulled the image.
func ValidateImage(errs *Errors, field, image string) {
	if p := imageref.Problem(image); p != "" {
		errs.Add(field, "%s", p)
	}
}
