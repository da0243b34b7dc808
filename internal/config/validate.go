package config

import (
	"maps"
	"regexp"
	"slices"

	"k8s.io/apimachinery/pkg/api/resource"
)

// The stack file's own validation: validate runs every check and returns
// every problem at once, each with its key path. The checks are split by
// concern: validate_cluster.go (cluster, pools, GPUs, addons),
// validate_workloads.go (teams, volumes, inference, training, quotas),
// capacity.go and the files of each section.

// dnsLabel is what a Kubernetes object name (RFC 1123 label) may be.
var dnsLabel = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)

func validate(c *Config) error {
	e := &errs{}
	if !oneOf(c.Environment, EnvDev, EnvStaging, EnvProduction) {
		e.add("environment", "must be dev, staging or production, got %q", c.Environment)
	}
	validateCluster(e, &c.Cluster)
	pools := validatePools(e, c)
	validateAddons(e, &c.Addons)
	validateKueue(e, c)
	validateWorkloads(e, c, pools)
	validateCapacity(e, c, pools)
	for _, k := range slices.Sorted(maps.Keys(c.Prices)) {
		if v := c.Prices[k]; v <= 0 || v > 10000 {
			e.add(key("prices", k), "must be a price in USD per node hour above 0 and at most 10000, got %v", v)
		}
	}
	return e.err()
}

// poolSet indexes the validated node pools by name.
type poolSet map[string]*NodePool

func quantity(e *errs, path, q string, required bool) {
	if q == "" {
		if required {
			e.add(path, "is required")
		}
		return
	}
	if _, err := resource.ParseQuantity(q); err != nil {
		e.add(path, "must be a Kubernetes quantity such as 500m, 4 or 16Gi, got %q", q)
	}
}

func oneOf(v string, allowed ...string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}
