package team

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Object names inside the team namespace, prefixed so they do not collide
// with the team's own objects.
const (
	roleName                    = "ml-engineer"
	quotaName                   = "mlkube-quota"
	limitRangeName              = "mlkube-limits"
	networkPolicyNamePrefix     = "mlkube-"
	defaultDenyNetworkPolicy    = "default-deny"
	allowDNSNetworkPolicy       = "allow-dns"
	allowNamespaceNetworkPolicy = "allow-same-namespace"
	allowMonitoringPolicy       = "allow-monitoring"
	allowEgressPolicy           = "allow-egress"
	maxBindingSlugLength        = 40
)

// bindingSlug turns a group name (which may hold ':', '@', '/', upper case
// or be a UUID) into a stable, unique DNS label fragment: a readable prefix
// and a hash of the full name.
func bindingSlug(group string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(group) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > maxBindingSlugLength {
		s = strings.Trim(s[:maxBindingSlugLength], "-")
	}
	sum := sha256.Sum256([]byte(group))
	h := hex.EncodeToString(sum[:])[:8]
	if s == "" {
		return h
	}
	return s + "-" + h
}
