package gke

import (
	"maps"
	"net"
	"regexp"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
)

// Limits of the network that New creates (see ranges).
const (
	minNetworkPrefix = 8
	maxNetworkPrefix = 18 // pods get half of it: a /19 holds 32 nodes of 110 pods
)

var projectRE = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)

// reservedLabelPrefixes may not be set as node labels on GKE: Kubernetes
// owns the first two, GKE the third (it sets the accelerator, sharing and
// node pool labels itself).
var reservedLabelPrefixes = []string{"kubernetes.io/", "k8s.io/", "cloud.google.com/gke-"}

// Validate checks what only GKE knows about a stack that config.Load
// already accepted: the cluster.gke options, the region and zones, the
// size of the network, and that GPU pools name a GPU that GKE offers on
// their machine family. Every problem comes back at once with its key
// path, and New returns them before it registers any resource.
func Validate(cfg *config.Config) error {
	var p config.Problems
	o, err := options(cfg)
	p.Merge(err)
	validateCluster(&p, cfg, o)
	validateIdentities(&p, cfg)
	for i, pool := range cfg.NodePools {
		validatePool(&p, config.Index("nodePools", i), pool)
		if pool.Provisioner == config.ProvisionerComputeClass {
			validateComputeClass(&p, config.Index("nodePools", i), cfg.Cluster.KubernetesVersion, pool)
		}
	}
	return p.Err()
}

func validateCluster(p *config.Problems, cfg *config.Config, o Options) {
	c := cfg.Cluster
	gkePath := cfg.Cluster.Options.Path
	if gkePath == "" {
		gkePath = "cluster.gke"
	}
	at := func(k string) string { return config.Key(gkePath, k) }
	_, knownRegion := regionZones[c.Region]
	if !knownRegion {
		p.Add("cluster.region", "must be a Google Cloud region such as us-central1 or europe-west4, got %q", c.Region)
	}
	switch {
	case o.Project == "":
		p.Add(at("project"), "is required: the Google Cloud project ID that holds the cluster")
	case !projectRE.MatchString(o.Project):
		p.Add(at("project"), "must be a project ID (6-30 lowercase letters, digits or '-', starting with a letter), got %q", o.Project)
	}
	if o.Zonal && cfg.Production() {
		p.Add(at("zonal"), "must be false in production: a zonal control plane has one replica and no SLA; production clusters are regional")
	}
	if o.Zone != "" && !o.Zonal {
		p.Add(at("zone"), "applies only with zonal: true")
	}
	if o.Zonal && knownRegion && !isZoneOf(o.Zone, c.Region) {
		p.Add(at("zone"), "must be a zone of region %s (%s), got %q", c.Region, zoneList(c.Region), o.Zone)
	}
	if !slices.Contains(releaseChannels, o.ReleaseChannel) {
		p.Add(at("releaseChannel"), "must be one of %s, got %q", strings.Join(releaseChannels, ", "), o.ReleaseChannel)
	}
	if !slices.Contains(gpuDriverVersions, o.GPUDriverVersion) {
		p.Add(at("gpuDriverVersion"), "must be one of %s, got %q", strings.Join(gpuDriverVersions, ", "), o.GPUDriverVersion)
	}
	if _, ipnet, err := net.ParseCIDR(o.MasterIpv4CidrBlock); err != nil || ipnet.String() != o.MasterIpv4CidrBlock || !strings.HasSuffix(o.MasterIpv4CidrBlock, "/28") {
		p.Add(at("masterIpv4CidrBlock"), "must be a private IPv4 /28 such as 172.16.0.0/28, got %q", o.MasterIpv4CidrBlock)
	}
	if (o.Network == "") != (o.Subnetwork == "") {
		p.Add(at("subnetwork"), "network and subnetwork go together: an existing VPC needs both")
	}
	n := c.Network
	if n.VpcID != "" || len(n.PrivateSubnetIDs) > 0 || len(n.PublicSubnetIDs) > 0 {
		p.Add("cluster.network.vpcId", "is an AWS key; on GKE adopt a VPC with %s and %s", at("network"), at("subnetwork"))
	}
	if !o.existingNetwork() {
		if _, ipnet, err := net.ParseCIDR(n.CIDR); err == nil {
			ones, bits := ipnet.Mask.Size()
			if bits != 32 || ones < minNetworkPrefix || ones > maxNetworkPrefix {
				p.Add("cluster.network.cidr", "must be an IPv4 /%d to /%d on GKE (nodes, services and pods are carved out of it; pods take half), got %s",
					minNetworkPrefix, maxNetworkPrefix, n.CIDR)
			} else if overlaps(n.CIDR, o.MasterIpv4CidrBlock) {
				p.Add(at("masterIpv4CidrBlock"), "must not overlap cluster.network.cidr %s, got %s", n.CIDR, o.MasterIpv4CidrBlock)
			}
		}
	}
	for i, z := range n.Zones {
		if knownRegion && !isZoneOf(z, c.Region) {
			p.Add(config.Index("cluster.network.zones", i), "must be a zone of region %s (%s), got %q", c.Region, zoneList(c.Region), z)
		}
	}
	if o.Zonal && len(n.Zones) > 0 && !slices.Contains(n.Zones, o.Zone) {
		p.Add("cluster.network.zones", "must include the zonal cluster's zone %s", o.Zone)
	}
	slugs := map[string]int{}
	for i, a := range c.Admins {
		path := config.Index("cluster.admins", i)
		if !strings.HasPrefix(a, "user:") && !strings.HasPrefix(a, "group:") || !strings.Contains(a, "@") {
			p.Add(path, "must be a Google identity such as user:alice@example.com or group:platform@example.com, got %q", a)
			continue
		}
		if strings.HasPrefix(a, "group:") && o.SecurityGroup == "" {
			p.Add(path, "is a group: GKE passes groups to RBAC only with Google Groups for RBAC; set %s (gke-security-groups@<your domain>)", at("securityGroup"))
		}
		s := parseAdmin(a).slug()
		if j, dup := slugs[s]; dup {
			p.Add(path, "duplicates cluster.admins[%d]", j)
		}
		slugs[s] = i
	}
	validateTeams(p, cfg, o, at("securityGroup"))
	if o.SecurityGroup != "" && !strings.HasPrefix(o.SecurityGroup, "gke-security-groups@") {
		p.Add(at("securityGroup"), "must be gke-security-groups@<your domain>, got %q", o.SecurityGroup)
	}
}

func validatePool(p *config.Problems, path string, pool config.NodePool) {
	at := func(k string) string { return config.Key(path, k) }
	for _, k := range slices.Sorted(maps.Keys(pool.Labels)) {
		for _, prefix := range reservedLabelPrefixes {
			if strings.HasPrefix(k, prefix) {
				p.Add(config.Key(at("labels"), k), "uses the prefix %s, which GKE does not accept on node labels (or sets itself)", prefix)
			}
		}
	}
	for j, t := range pool.Taints {
		if _, ok := gkeTaintEffects[t.Effect]; !ok {
			p.Add(config.Index(at("taints"), j)+".effect", "must be NoSchedule, PreferNoSchedule or NoExecute, got %q", t.Effect)
		}
		if t.Key == gpu.TaintKey && (t.Value != gpu.TaintValue || t.Effect != gpu.TaintEffect || !pool.IsGPU()) {
			p.Add(config.Index(at("taints"), j)+".key", "%s is GKE's own taint on GPU pools (%s=%s:%s); it cannot be set otherwise", gpu.TaintKey, gpu.TaintKey, gpu.TaintValue, gpu.TaintEffect)
		}
	}
	builtModel, builtCount, builtIn := builtInGPU(pool.MachineType)
	if pool.GPU == nil {
		if builtIn {
			p.Add(at("gpu"), "is required: %s has %d %s GPU(s); describe them (gpu: {model: %s, count: %d})", pool.MachineType, builtCount, builtModel, builtModel, builtCount)
		}
		return
	}
	g := pool.GPU
	m, _ := gpu.Lookup(g.Model)
	if _, ok := acceleratorType(g.Model); !ok {
		p.Add(at("gpu.model"), "GKE offers no %q GPU (GKE: %s)", g.Model, strings.Join(gkeModels(), ", "))
		return
	}
	switch {
	case builtIn && builtModel != g.Model:
		p.Add(at("gpu.model"), "must be %s: %s machines come with %s GPUs, and GKE offers %s on %s", builtModel, family(pool.MachineType), builtModel, g.Model, familiesOf(g.Model))
	case builtIn && builtCount != g.Count:
		p.Add(at("gpu.count"), "must be %d: %s has %d %s GPU(s), got %d", builtCount, pool.MachineType, builtCount, builtModel, g.Count)
	case !builtIn && family(pool.MachineType) == "n1":
		counts, ok := n1Attachable[g.Model]
		if !ok {
			p.Add(at("gpu.model"), "GKE offers %s on %s, not on n1 (n1 takes t4 or v100)", g.Model, familiesOf(g.Model))
		} else if !slices.Contains(counts, g.Count) {
			p.Add(at("gpu.count"), "must be one of %v for %s on n1, got %d", counts, g.Model, g.Count)
		}
	case !builtIn:
		p.Add(at("machineType"), "%s has no GPUs on GKE; %s GPUs come with %s machines", pool.MachineType, g.Model, familiesOf(g.Model))
	}
	switch s := g.Sharing; s.Mode {
	case gpu.SharingMIG:
		if !m.MIG {
			return // config already refuses MIG on this model
		}
		if s.MIGStrategy == "mixed" {
			p.Add(at("gpu.sharing.mig.strategy"), "must be single on GKE: GKE partitions every GPU of a pool into one instance size (gpuPartitionSize)")
		}
		sizes, known := migPartitions[g.Model]
		switch {
		case !known:
			p.Add(at("gpu.sharing.mig"), "mlkube does not know the partition sizes GKE makes of %s GPUs (gpuPartitionSize); share them by time-slicing or not at all", g.Model)
		case !slices.Contains(sizes, partitionSize(s.MIGProfile)):
			p.Add(at("gpu.sharing.mig.profile"), "must be one of all-%s for %s on GKE, got %q", strings.Join(sizes, ", all-"), g.Model, s.MIGProfile)
		}
	}
}

// familiesOf names the machine families GKE offers a GPU model on.
func familiesOf(model string) string {
	switch model {
	case "l4":
		return "g2 machines (g2-standard-*)"
	case "a100":
		return "a2-highgpu and a2-megagpu machines"
	case "a100-80gb":
		return "a2-ultragpu machines"
	case "h100":
		return "a3 machines (a3-highgpu-*)"
	case "h200":
		return "a3-ultragpu machines"
	}
	return "n1 machines (attached)"
}

func zoneList(region string) string {
	var zs []string
	for _, l := range regionZones[region] {
		zs = append(zs, region+"-"+string(l))
	}
	return strings.Join(zs, ", ")
}

func overlaps(a, b string) bool {
	_, na, errA := net.ParseCIDR(a)
	_, nb, errB := net.ParseCIDR(b)
	return errA == nil && errB == nil && (na.Contains(nb.IP) || nb.Contains(na.IP))
}
