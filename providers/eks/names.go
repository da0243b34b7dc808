package eks

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// Logical names (the last part of a URN) are built from the cluster name, the
// pool name and a fixed role word, never from Go identifiers, so moving code
// around cannot replace a resource. Physical names are left to the engine's
// autonaming or to AWS name prefixes wherever AWS allows it, so a resource
// that must be replaced can be created before the old one is deleted.

// poolName is the logical name of everything that belongs to one pool.
func poolName(cluster, pool string) string { return cluster + "-" + pool }

// Length limits of AWS name prefixes (AWS appends a 26-character suffix).
const (
	iamRolePrefixMax   = 38 // iam.Role namePrefix
	nodeGroupPrefixMax = 37 // eks.NodeGroup nodeGroupNamePrefix
)

// shorten keeps name when it fits in max characters; otherwise it cuts it
// and appends a short hash of the whole name, so two long names that share
// a beginning still differ, and the result is the same on every run.
func shorten(name string, max int) string {
	if len(name) <= max {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	h := hex.EncodeToString(sum[:])[:8]
	cut := strings.TrimRight(name[:max-len(h)-1], "-")
	return cut + "-" + h
}

// namePrefix is an AWS name prefix ending in "-", at most max characters.
func namePrefix(name string, max int) string {
	return shorten(name, max-1) + "-"
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns an ARN's last segment into a logical-name suffix:
// "arn:aws:iam::1:role/Platform.Admins" -> "platform-admins".
func slug(s string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// adminSlug names an admin's access entry after the last segment of its ARN.
func adminSlug(arn string) string {
	return slug(arn[strings.LastIndex(arn, "/")+1:])
}

// asgPattern matches the Auto Scaling group EKS creates for a pool's
// managed node group: "eks-" + the node group name, which is our prefix
// plus a 26-character unique suffix, + "-" + a UUID. The suffix class has
// no '-', so pool "gpu" does not match pool "gpu-big".
func asgPattern(clusterName, pool string) string {
	return "^eks-" + regexp.QuoteMeta(namePrefix(poolName(clusterName, pool), nodeGroupPrefixMax)) + "[0-9a-f]{26}-"
}
