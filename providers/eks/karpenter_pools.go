package eks

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
)

// What Karpenter is told about a pool: pure functions from the stack's
// (defaulted, cloud-labelled) pool to the specs of its EC2NodeClass and its
// NodePools, so the specs are tested without the engine and the e2e test
// applies exactly these. The field names are Karpenter v1's
// (karpenter.sh/v1 NodePool, karpenter.k8s.aws/v1 EC2NodeClass, CRDs of
// aws/karpenter-provider-aws v1.14.1, read 2026-12-04).

// discoveryTag is the tag by which the EC2NodeClasses find the cluster's
// subnets and security group; its value is the cluster name.
const discoveryTag = "karpenter.sh/discovery"

// Karpenter's well-known node labels that NodePool requirements select on.
const (
	labelCapacityType = "karpenter.sh/capacity-type"
	labelInstanceType = "node.kubernetes.io/instance-type"
	labelArch         = "kubernetes.io/arch"
	labelOS           = "kubernetes.io/os"
)

// nodeExpiry is how long a Karpenter node lives before it is replaced (by
// a node with the current AMI). 30 days, Karpenter's own default. No
// terminationGracePeriod is set: a node whose pod says do-not-disrupt (a
// running training job) waits for it, however long past expiry.
const nodeExpiry = "720h"

// tierWeights: Karpenter tries NodePools by weight, highest first, and a
// pool whose offerings are exhausted (insufficient capacity) falls through
// to the next. The stack's first tier gets the highest.
func tierWeight(i int) int { return 100 - 10*i }

// karpenterPools are the pools Karpenter provisions, in stack order.
func karpenterPools(pools []config.NodePool) []config.NodePool {
	return config.ProvisionedBy(pools, config.ProvisionerKarpenter)
}

// nodeGroupPools are the pools that get managed node groups.
func nodeGroupPools(pools []config.NodePool) []config.NodePool {
	return config.ProvisionedBy(pools, config.ProvisionerNodeGroup)
}

// instanceTypes are the types a Karpenter pool may launch, sorted: the
// ones the stack names, or else every type of the machine table that EC2
// sells with the pool's GPU model and count (a pool short of one type in a
// zone gets another). A CPU pool keeps the types it names.
func instanceTypes(p config.NodePool) []string {
	out := p.AllMachineTypes()
	if len(p.MachineTypes) == 0 && p.IsGPU() {
		for _, t := range machines.Known() {
			if model, count, known := instanceGPU(t); known && model == p.GPU.Model && count == p.GPU.Count && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
}

// nodeClassName names the EC2NodeClass a pool launches with: one per AMI
// family and data volume size, and one of its own for a pool that launches
// into capacity reservations (they are selected on the node class).
func nodeClassName(p config.NodePool) string {
	name := imageFamily(p) + "-" + strconv.Itoa(p.DiskGB) + "gb"
	if len(p.CapacityReservations) > 0 {
		name += "-" + p.Name
	}
	return name
}

func imageFamily(p config.NodePool) string {
	if p.Image == imageBottlerocket {
		return imageBottlerocket
	}
	return imageAL2023
}

// nodeClass is one EC2NodeClass and the pools that use it.
type nodeClass struct {
	Name  string
	Pools []config.NodePool
}

// nodeClasses groups the Karpenter pools by node class, in order of first use.
func nodeClasses(pools []config.NodePool) []nodeClass {
	var out []nodeClass
	for _, p := range karpenterPools(pools) {
		name := nodeClassName(p)
		i := slices.IndexFunc(out, func(c nodeClass) bool { return c.Name == name })
		if i < 0 {
			out = append(out, nodeClass{Name: name})
			i = len(out) - 1
		}
		out[i].Pools = append(out[i].Pools, p)
	}
	return out
}

// nodeClassSpec is the EC2NodeClass spec of a class whose pools share an
// AMI family and disk size. The alias picks the EKS-optimized AMI and, on a
// GPU instance type, its NVIDIA variant (driver and container toolkit;
// Bottlerocket's also runs the device plugin), as managed node groups'
// _NVIDIA AMI types do. IMDSv2 only with one hop and an encrypted gp3 data
// volume, as the node groups' launch templates (nodegroup.go).
func nodeClassSpec(c nodeClass, clusterName string, nodeRole any) map[string]any {
	p := c.Pools[0]
	family := imageFamily(p)
	discovery := []any{map[string]any{"tags": map[string]any{discoveryTag: clusterName}}}
	volume := func(device string, gb int, root bool) map[string]any {
		m := map[string]any{"deviceName": device, "ebs": map[string]any{
			"volumeSize": strconv.Itoa(gb) + "Gi", "volumeType": "gp3", "encrypted": true, "deleteOnTermination": true,
		}}
		if root {
			m["rootVolume"] = true
		}
		return m
	}
	devices := []any{volume(dataDevice(p.Image), p.DiskGB, true)}
	if family == imageBottlerocket {
		// Bottlerocket's OS volume; mappings replace the family's
		// defaults, so it must be listed to stay encrypted.
		devices = append([]any{volume("/dev/xvda", bottlerocketOSVolumeGB, false)}, devices...)
	}
	spec := map[string]any{
		"role":                       nodeRole,
		"amiSelectorTerms":           []any{map[string]any{"alias": family + "@" + amiVersion}},
		"subnetSelectorTerms":        discovery,
		"securityGroupSelectorTerms": discovery,
		"metadataOptions": map[string]any{
			"httpEndpoint": "enabled", "httpProtocolIPv6": "disabled", "httpPutResponseHopLimit": 1, "httpTokens": "required",
		},
		"blockDeviceMappings": devices,
	}
	if len(p.CapacityReservations) > 0 {
		var terms []any
		for _, id := range p.CapacityReservations {
			terms = append(terms, map[string]any{"id": id})
		}
		spec["capacityReservationSelectorTerms"] = terms
	}
	return spec
}

// amiVersion: the newest EKS-optimized AMI for the cluster's minor, which
// Karpenter rolls onto nodes as drift (within the disruption budgets).
const amiVersion = "latest"

// bottlerocketOSVolumeGB is the size of Bottlerocket's OS volume, the
// family's default (Karpenter docs, nodeclasses.md, v1.14.1).
const bottlerocketOSVolumeGB = 4

// nodePool is one Karpenter NodePool: one capacity tier of a pool.
type nodePool struct {
	Name string
	Tier string
	Spec map[string]any
}

// nodePools are the NodePools of a Karpenter pool, one per capacity tier
// in the stack's order, weighted so that Karpenter tries them in that
// order. Each carries the pool's labels and taints exactly as its node
// group would (the same defaulted, cloud-labelled pool), the instance
// types with its GPUs, limits from the pool's max, and a disruption policy
// that never consolidates a GPU node with pods on it.
func nodePools(p config.NodePool, consolidateAfter string) ([]nodePool, error) {
	types := instanceTypes(p)
	limits, err := poolLimits(p, types)
	if err != nil {
		return nil, err
	}
	arch := "amd64"
	if isArm(p.MachineType) {
		arch = "arm64"
	}
	var taints []any
	for _, t := range p.Taints {
		m := map[string]any{"key": t.Key, "effect": t.Effect}
		if t.Value != "" {
			m["value"] = t.Value
		}
		taints = append(taints, m)
	}
	labels := map[string]any{}
	for k, v := range p.Labels {
		labels[k] = v
	}
	var out []nodePool
	for i, tier := range p.Tiers() {
		spec := map[string]any{
			"weight": tierWeight(i),
			"limits": limits,
			"template": map[string]any{
				"metadata": map[string]any{"labels": labels},
				"spec": map[string]any{
					"nodeClassRef": map[string]any{"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": nodeClassName(p)},
					"taints":       taints,
					"expireAfter":  nodeExpiry,
					"requirements": []any{
						requirement(labelInstanceType, types...),
						requirement(labelCapacityType, tier),
						requirement(labelArch, arch),
						requirement(labelOS, "linux"),
					},
				},
			},
			"disruption": disruption(p, consolidateAfter),
		}
		out = append(out, nodePool{Name: p.Name + "-" + tier, Tier: tier, Spec: spec})
	}
	return out, nil
}

func requirement(key string, values ...string) map[string]any {
	vs := make([]any, len(values))
	for i, v := range values {
		vs[i] = v
	}
	return map[string]any{"key": key, "operator": "In", "values": vs}
}

// poolLimits bound each tier at the pool's max: nodes, and the GPUs and
// CPUs of max nodes of its largest type (a tier cannot outgrow the pool).
func poolLimits(p config.NodePool, types []string) (map[string]any, error) {
	cpus := 0
	for _, t := range types {
		m, err := machines.Lookup(t)
		if err != nil {
			return nil, fmt.Errorf("pool %s: %w", p.Name, err)
		}
		cpus = max(cpus, m.CPUs)
	}
	limits := map[string]any{"nodes": strconv.Itoa(p.Max), "cpu": strconv.Itoa(p.Max * cpus)}
	if p.IsGPU() {
		limits[gpu.ResourceName] = strconv.Itoa(p.Max * p.GPU.Count)
	}
	return limits, nil
}

// disruption: a GPU node is removed only when empty, never consolidated
// under running pods (a training job's pods also say do-not-disrupt), and
// drift or expiry replaces at most one GPU node at a time. A CPU pool may
// be consolidated onto fewer, cheaper nodes.
func disruption(p config.NodePool, consolidateAfter string) map[string]any {
	if p.IsGPU() {
		return map[string]any{
			"consolidationPolicy": "WhenEmpty",
			"consolidateAfter":    consolidateAfter,
			"budgets":             []any{map[string]any{"nodes": "1"}},
		}
	}
	return map[string]any{
		"consolidationPolicy": "WhenEmptyOrUnderutilized",
		"consolidateAfter":    consolidateAfter,
		"budgets":             []any{map[string]any{"nodes": "10%"}},
	}
}
