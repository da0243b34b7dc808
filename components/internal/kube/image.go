package kube

import (
	"regexp"
	"strings"
)

var digestRE = regexp.MustCompile(`^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$`)

// ValidateImage requires an immutable image reference: a digest
// (repo@sha256:...) or a versioned tag. A missing tag or `latest` is
// rejected, because the running version would then depend on when a node
// pulled the image and a rollback would not roll anything back.
func ValidateImage(errs *Errors, field, image string) {
	if image == "" {
		errs.Add(field, "is required")
		return
	}
	if strings.ContainsAny(image, " \t\n") {
		errs.Add(field, "%q contains whitespace", image)
		return
	}
	if repo, digest, ok := strings.Cut(image, "@"); ok {
		if repo == "" || !digestRE.MatchString(digest) {
			errs.Add(field, "%q has a malformed digest; use repo@sha256:<hex>", image)
		}
		return
	}
	tag := ImageTag(image)
	switch tag {
	case "":
		errs.Add(field, "%q has no tag; pin a version tag or a digest (an untagged image means latest)", image)
	case "latest":
		errs.Add(field, "%q uses the latest tag; pin a version tag or a digest", image)
	}
}

// ImageTag returns the tag of an image reference without digest, or "" when
// there is none. A ':' before the last '/' belongs to a registry port.
func ImageTag(image string) string {
	i := strings.LastIndex(image, ":")
	if i < 0 || i < strings.LastIndex(image, "/") {
		return ""
	}
	return image[i+1:]
}
