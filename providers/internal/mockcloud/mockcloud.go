// Package mockcloud holds what the providers' offline outputs (ekstest,
// gketest, akstest, kubeadmtest) derive their stand-in values with. Every
// value depends only on its arguments, so two plans of a stack are
// byte-identical.
package mockcloud

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Hash is a short, stable stand-in (n hex digits) for an ID a cloud would
// generate from s.
func Hash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// String is a map's string value, or "" when it is absent or not a known
// string (an input still unknown at plan time).
func String(m resource.PropertyMap, key resource.PropertyKey) string {
	if v, ok := m[key]; ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}
