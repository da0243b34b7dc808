package gke

import (
	"regexp"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
)

// What GKE is told about a computeClass pool: a pure function from the
// stack's (defaulted, cloud-labelled) pool to its ComputeClass spec, so the
// spec is tested without the engine and the e2e test applies exactly it.
// Field names are those of the cloud.google.com/v1 ComputeClass CRD
// (docs.cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass,
// and the CRD schema GKE serves, as published in datreeio/CRDs-catalog
// cloud.google.com/computeclass_v1.json @77e4983, 2026-08-02; both read
// 2026-12-04).

// computeClassLabel is the node label by which a pod selects a
// ComputeClass; GKE puts it, with the class's name, on every node it
// creates for the class (docs: concepts/node-auto-provisioning, "Node
// metadata configuration", read 2026-12-04).
const computeClassLabel = "cloud.google.com/compute-class"

// computeClassNodePools: a ComputeClass creates its own node pools
// (nodePoolAutoCreation) without node auto-provisioning on the cluster
// from GKE 1.33.3-gke.1136000. The stack names a minor, and 1.34 is the
// first whose every version qualifies.
var computeClassNodePools = lifecycle.Feature{
	Name:   "a ComputeClass that creates its own node pools on GKE (before 1.33.3-gke.1136000 only node auto-provisioning on the whole cluster does)",
	Since:  lifecycle.Minor{Major: 1, Minor: 34},
	Source: "docs.cloud.google.com/kubernetes-engine/docs/how-to/node-auto-provisioning; google/skills gke-compute-classes SKILL.md; read 2026-12-04",
}

// computeClassName is the ComputeClass of a pool. The prefix keeps it
// clear of the classes GKE defines itself (default, autopilot,
// autopilot-spot), so a pool named default never becomes the cluster's
// default class.
func computeClassName(pool string) string { return "mlkube-" + pool }

// computeClassPools are the pools GKE provisions through a ComputeClass.
func computeClassPools(pools []config.NodePool) []config.NodePool {
	return config.ProvisionedBy(pools, config.ProvisionerComputeClass)
}

// nodePoolPools are the pools that get node pools of their own.
func nodePoolPools(pools []config.NodePool) []config.NodePool {
	return config.ProvisionedBy(pools, config.ProvisionerNodeGroup)
}

// computeClassSpec is a pool's ComputeClass: one priority per capacity
// tier and machine type, tiers in the stack's order and each tier's types
// in the pool's order, so GKE tries every type of a tier before the next
// tier. Every priority carries the pool's GPUs (type, count, driver,
// sharing) and disk. GKE creates the node pools itself, with the pool's
// labels and taints as its node pools get them (nodeLabels, nodeTaints),
// as the nodes' own service account. DoNotScaleUp: when no priority can be
// had, GKE's fallback (nodes of its default machine family) would carry no
// GPU; the pods wait instead. No active migration: moving pods to a
// higher priority once it frees up would evict running training.
func computeClassSpec(p config.NodePool, o Options, zones []string, serviceAccount any) (map[string]any, error) {
	base := map[string]any{"storage": map[string]any{"bootDiskSize": p.DiskGB, "bootDiskType": diskType}}
	if p.IsGPU() {
		g, err := computeClassGPU(p, o.GPUDriverVersion)
		if err != nil {
			return nil, err
		}
		base["gpu"] = g
	}
	var priorities []any
	for _, tier := range p.Tiers() {
		for _, t := range p.AllMachineTypes() {
			pr := map[string]any{"machineType": t}
			for k, v := range base {
				pr[k] = v
			}
			switch tier {
			case config.CapacityReserved:
				var specific []any
				for _, r := range p.CapacityReservations {
					specific = append(specific, map[string]any{"name": r})
				}
				pr["reservations"] = map[string]any{"affinity": "Specific", "specific": specific}
			case config.CapacityOnDemand:
				pr["spot"] = false
			case config.CapacityFlexStart:
				pr["flexStart"] = map[string]any{"enabled": true}
			case config.CapacitySpot:
				pr["spot"] = true
			}
			priorities = append(priorities, pr)
		}
	}
	poolConfig := map[string]any{"imageType": strings.ToLower(imageType), "serviceAccount": serviceAccount}
	if labels := nodeLabels(p); len(labels) > 0 {
		m := map[string]any{}
		for k, v := range labels {
			m[k] = v
		}
		poolConfig["nodeLabels"] = m
	}
	var taints []any
	for _, t := range ownTaints(p) {
		m := map[string]any{"key": t.Key, "effect": t.Effect}
		if t.Value != "" {
			m["value"] = t.Value
		}
		taints = append(taints, m)
	}
	if len(taints) > 0 {
		poolConfig["taints"] = taints
	}
	spec := map[string]any{
		"description":          "mlkube node pool " + p.Name,
		"priorities":           priorities,
		"nodePoolAutoCreation": map[string]any{"enabled": true},
		"nodePoolConfig":       poolConfig,
		"whenUnsatisfiable":    "DoNotScaleUp",
		"activeMigration":      map[string]any{"optimizeRulePriority": false},
	}
	if len(zones) > 0 {
		zs := make([]any, len(zones))
		for i, z := range zones {
			zs[i] = z
		}
		spec["priorityDefaults"] = map[string]any{"location": map[string]any{"zones": zs}}
	}
	return spec, nil
}

// computeClassGPU is a priority's gpu: the accelerator type and count the
// node pools get, the driver GKE installs (the cluster's gpuDriverVersion,
// in the CRD's lower-case spelling) and time-sharing or MIG partitions.
func computeClassGPU(p config.NodePool, driverVersion string) (map[string]any, error) {
	g, err := gpuOf(p)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"type": g.Type, "count": g.Count, "driverVersion": strings.ToLower(driverVersion)}
	if g.SharingStrategy != "" {
		out["gpuSharing"] = map[string]any{"sharingStrategy": g.SharingStrategy, "maxSharedClientsPerGPU": g.ClientsPerGPU}
	}
	if g.PartitionSize != "" {
		out["gpuSharing"] = map[string]any{"gpuPartitionSize": g.PartitionSize}
	}
	return out, nil
}

// computeClassZones are the zones a class's node pools may use: the
// stack's zones, a zonal cluster's zone, else GKE's choice among the
// cluster's.
func computeClassZones(cfg *config.Config, o Options) []string {
	switch {
	case len(cfg.Cluster.Network.Zones) > 0:
		return slices.Clone(cfg.Cluster.Network.Zones)
	case o.Zonal:
		return []string{o.location(cfg.Cluster.Region)}
	}
	return nil
}

// reservationNameRE is a Compute Engine resource name (RFC 1035 label:
// lowercase letters, digits and '-', up to 63), which reservations use.
var reservationNameRE = regexp.MustCompile(`^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$`)

// validateComputeClass checks a computeClass pool against what GKE
// accepts: a minor whose classes create their own node pools, reservation
// names, and extra machine types that GKE sells with the pool's GPUs
// (config compares their GPUs in the machine table already; an N1 type
// takes its GPUs attached, any other family without built-in GPUs none).
func validateComputeClass(p *config.Problems, path string, minor string, pool config.NodePool) {
	at := func(k string) string { return config.Key(path, k) }
	if why := computeClassNodePools.Missing(minor); why != "" {
		p.Add(at("provisioner"), "computeClass %s", why)
	}
	for j, r := range pool.CapacityReservations {
		if !reservationNameRE.MatchString(r) {
			p.Add(config.Index(at("capacityReservations"), j), "must be a Compute Engine reservation name (lowercase letters, digits and '-', up to 63, starting with a letter), got %q", r)
		}
	}
	if pool.GPU == nil {
		return
	}
	for j, t := range pool.MachineTypes {
		if _, _, builtIn := builtInGPU(t); !builtIn && family(t) != "n1" {
			p.Add(config.Index(at("machineTypes"), j), "%s has no GPUs on GKE; %s GPUs come with %s", t, pool.GPU.Model, familiesOf(pool.GPU.Model))
		}
	}
}
