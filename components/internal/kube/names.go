package kube

import (
	"fmt"
	"regexp"
)

var dns1035 = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
var dns1123 = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// MaxNameLength bounds component names. Kubernetes allows 63 characters in a
// Service name, but a CronJob's Jobs append 11 characters and an Indexed
// Job's pods append "-<index>" to form their hostname, so 52 keeps every
// derived name valid.
const MaxNameLength = 52

// ValidateName checks a component name: a DNS-1035 label (it names Services)
// of at most MaxNameLength characters.
func ValidateName(errs *Errors, field, name string) {
	switch {
	case name == "":
		errs.Add(field, "is required")
	case len(name) > MaxNameLength:
		errs.Add(field, "%q is longer than %d characters", name, MaxNameLength)
	case !dns1035.MatchString(name):
		errs.Add(field, "%q must be lowercase letters, digits and '-', start with a letter and end with a letter or digit", name)
	}
}

// ValidateNamespace checks a namespace name (a DNS-1123 label).
func ValidateNamespace(errs *Errors, field, ns string) { ValidateLabel(errs, field, ns) }

// ValidateLabel checks a required DNS-1123 label: lowercase letters, digits
// and '-', at most 63 characters (namespace, claim and group-free names).
func ValidateLabel(errs *Errors, field, v string) {
	switch {
	case v == "":
		errs.Add(field, "is required")
	case len(v) > 63 || !dns1123.MatchString(v):
		errs.Add(field, "%q must be a DNS-1123 label: lowercase letters, digits and '-', at most 63 characters", v)
	}
}

// Quote formats a map key for a field path: Env["MODEL_PATH"].
func Quote(field, key string) string { return fmt.Sprintf("%s[%q]", field, key) }

func itoa(i int) string { return fmt.Sprint(i) }
