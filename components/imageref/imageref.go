// Package imageref is the one rule for container image references that
// mlkube accepts: a digest or a versioned tag. A rollout must run exactly
// what was reviewed, and a rollback must roll something back, so a tag that
// moves (latest, stable, main, ...) or no tag at all is refused. The stack
// file's validation, the components and the image-pinned policy all ask
// Problem.
package imageref

import (
	"fmt"
	"regexp"
	"strings"
)

var digestRE = regexp.MustCompile(`^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$`)

// mutableTags are tags that name a moving target by convention.
var mutableTags = map[string]bool{"latest": true, "stable": true, "main": true, "master": true, "dev": true, "nightly": true, "edge": true}

const pinHint = "pin a version (name:1.2.3) or a digest (name@sha256:...)"

// Problem says why image is not an immutable reference, or "" when it is.
func Problem(image string) string {
	switch {
	case image == "":
		return "is required"
	case strings.ContainsAny(image, " \t\n"):
		return fmt.Sprintf("%q contains whitespace", image)
	}
	if repo, digest, ok := strings.Cut(image, "@"); ok {
		if repo == "" || !digestRE.MatchString(digest) {
			return fmt.Sprintf("%q has a malformed digest; use name@sha256:<hex>", image)
		}
		return ""
	}
	switch tag := Tag(image); {
	case tag == "":
		return fmt.Sprintf("%q has no tag (which means latest); %s", image, pinHint)
	case mutableTags[strings.ToLower(tag)] || !strings.ContainsAny(tag, "0123456789"):
		return fmt.Sprintf("%q uses the mutable tag %q; %s", image, tag, pinHint)
	}
	return ""
}

// Tag is the tag of an image reference without a digest, or "". A ':'
// before the last '/' belongs to a registry port.
func Tag(image string) string {
	i := strings.LastIndex(image, ":")
	if i < 0 || i < strings.LastIndex(image, "/") {
		return ""
	}
	return image[i+1:]
}
