package config

import (
	"maps"
	"net"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mlkube/mlkube/internal/gpu"
	"k8s.io/apimachinery/pkg/util/validation"
)

// k8sMinor is a Kubernetes minor version as the stack spells it.
var k8sMinor = regexp.MustCompile(`^1\.\d+$`)

func validateCluster(e *errs, c *Cluster) {
	// Which sources exist is the provider registry's to say (mlkube
	// validate and the program look the kind up there).
	if c.Provider == "" {
		e.add("cluster.provider", "is required")
	}
	if c.Name == "" {
		e.add("cluster.name", "is required")
	} else if !dnsLabel.MatchString(c.Name) || len(c.Name) > 40 {
		e.add("cluster.name", "must be 1-40 lowercase letters, digits or '-', starting with a letter, got %q", c.Name)
	}
	// Which minors a source offers on the run's date is its version
	// calendar's to say (the provider's Support); here only the spelling.
	if !k8sMinor.MatchString(c.KubernetesVersion) {
		e.add("cluster.kubernetesVersion", "must be a minor version such as \"%s\" (quoted), got %q", DefaultKubernetesVersion, c.KubernetesVersion)
	}
	n := c.Network
	if n.CIDR != "" {
		if _, _, err := net.ParseCIDR(n.CIDR); err != nil {
			e.add("cluster.network.cidr", "must be a CIDR such as 10.0.0.0/16, got %q", n.CIDR)
		}
	}
	if n.VpcID != "" && len(n.PrivateSubnetIDs) < 2 {
		e.add("cluster.network.privateSubnetIds", "must list at least two subnets in different zones when vpcId is set")
	}
	if n.VpcID == "" && (len(n.PrivateSubnetIDs) > 0 || len(n.PublicSubnetIDs) > 0) {
		e.add("cluster.network.vpcId", "is required when subnet IDs are given")
	}
	if len(n.Zones) == 1 {
		e.add("cluster.network.zones", "must list at least two zones, got 1")
	}
	if c.Endpoint.Public && len(c.Endpoint.PublicCIDRs) == 0 {
		e.add("cluster.endpoint.publicCidrs", "must list the CIDRs that may reach a public endpoint (or set endpoint.public: false)")
	}
	for i, cidr := range c.Endpoint.PublicCIDRs {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			e.add(index("cluster.endpoint.publicCidrs", i), "must be a CIDR, got %q", cidr)
		}
	}
}

func validatePools(e *errs, c *Config) poolSet {
	pools := poolSet{}
	if len(c.NodePools) == 0 {
		e.add("nodePools", "must list at least one node pool")
	}
	untainted := false
	claimed := map[string]string{} // node name -> pool
	for i := range c.NodePools {
		p := &c.NodePools[i]
		path := index("nodePools", i)
		if !dnsLabel.MatchString(p.Name) || len(p.Name) > 30 {
			e.add(key(path, "name"), "must be 1-30 lowercase letters, digits or '-', got %q", p.Name)
		} else if pools[p.Name] != nil {
			e.add(key(path, "name"), "duplicates pool %q", p.Name)
		}
		pools[p.Name] = p
		if p.MachineType == "" && c.Cluster.Provider != ProviderExisting && c.Cluster.Provider != ProviderKubeadm {
			e.add(key(path, "machineType"), "is required")
		}
		if p.Max < 1 {
			e.add(key(path, "max"), "must be at least 1 so the pool can hold a node")
		} else if p.Min > p.Max {
			e.add(key(path, "min"), "must be <= max (%d), got %d", p.Max, p.Min)
		}
		for _, k := range slices.Sorted(maps.Keys(p.Labels)) {
			for _, msg := range validation.IsQualifiedName(k) {
				e.add(key(key(path, "labels"), k), "is not a valid label key: %s", msg)
			}
			for _, msg := range validation.IsValidLabelValue(p.Labels[k]) {
				e.add(key(key(path, "labels"), k), "is not a valid label value: %s", msg)
			}
		}
		for j, t := range p.Taints {
			tp := index(key(path, "taints"), j)
			if msgs := validation.IsQualifiedName(t.Key); len(msgs) > 0 {
				e.add(key(tp, "key"), "is not a valid taint key: %s", strings.Join(msgs, "; "))
			}
			if !oneOf(t.Effect, "NoSchedule", "PreferNoSchedule", "NoExecute") {
				e.add(key(tp, "effect"), "must be NoSchedule, PreferNoSchedule or NoExecute, got %q", t.Effect)
			}
		}
		if len(p.Taints) == 0 {
			untainted = true
		}
		if p.GPU != nil {
			validateGPU(e, key(path, "gpu"), p.GPU)
		}
		validatePoolNodes(e, path, p, c.Cluster.Provider == ProviderExisting, claimed)
		validateProvisioning(e, path, p)
	}
	if len(c.NodePools) > 0 && !untainted {
		e.add("nodePools", "at least one pool must have no taints, so that system pods and addons have somewhere to run")
	}
	return pools
}

func validateGPU(e *errs, path string, g *GPU) {
	m, known := gpu.Lookup(g.Model)
	if !known {
		e.add(key(path, "model"), "must be one of %s, got %q", strings.Join(gpu.Models(), ", "), g.Model)
	}
	if g.Count == 0 {
		e.add(key(path, "count"), "is required: the number of GPUs per node")
	}
	if g.Sharing.Mode == gpu.SharingMIG {
		if known && !m.MIG {
			e.add(key(path, "sharing.mig"), "GPU model %q does not support MIG; use timeSlicing or none", g.Model)
		}
		if !oneOf(g.Sharing.MIGStrategy, "single", "mixed") {
			e.add(key(path, "sharing.mig.strategy"), "must be single or mixed, got %q", g.Sharing.MIGStrategy)
		}
		if !gpu.MIGProfilePattern.MatchString(g.Sharing.MIGProfile) {
			e.add(key(path, "sharing.mig.profile"), "must be a profile such as all-1g.10gb (every GPU split into one instance size), got %q", g.Sharing.MIGProfile)
		}
	}
}

func validateAddons(e *errs, a *Addons) {
	for p, d := range map[string]string{
		"addons.autoscaler.scaleDownUnneededTime":  a.Autoscaler.ScaleDownUnneededTime,
		"addons.autoscaler.scaleDownDelayAfterAdd": a.Autoscaler.ScaleDownDelayAfterAdd,
	} {
		if _, err := time.ParseDuration(d); err != nil {
			e.add(p, "must be a duration such as 10m, got %q", d)
		}
	}
	validateAlerting(e, "addons.monitoring.alerting", &a.Monitoring.Alerting)
	validateCharts(e, a)
	if c := a.Ingress.Controller; c != "" && !oneOf(c, IngressNginx, IngressCloud) {
		e.add("addons.ingress.controller", "must be %s or %s (or left out: the cluster decides), got %q", IngressNginx, IngressCloud, c)
	}
}
