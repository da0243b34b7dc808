package cluster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
)

// PoolSupport is what a cluster source does with the optional keys of a
// node pool that say how its nodes are obtained. The zero value honours
// none of them, and a stack that sets one is refused with its key path
// rather than ignored.
type PoolSupport struct {
	// Provisioners are the nodePools[].provisioner values beyond the
	// cloud's node group (config.Provisioners).
	Provisioners []string
	// MachineTypes: a node group may mix several machine types
	// (nodePools[].machineTypes). Pools of a listed provisioner always may.
	MachineTypes bool
	// MachineTypesWhy says why a node group of the source cannot, for the
	// refusal (a GKE or AKS node pool has one machine type).
	MachineTypesWhy string
	// FlexStart: a provisioned pool may order the flex-start capacity tier
	// (GKE's flex-start VMs); no other cloud sells it.
	FlexStart bool
	// SoldIn are the machine types the cloud sells in some capacity tiers
	// only (an H200 machine only through reservations), by machine type:
	// a pool that orders none of them never gets a node.
	SoldIn map[string]SoldIn
}

// SoldIn is how a cloud sells one machine type: the capacity tiers
// (config.CapacityTiers) it can be bought in, why (the cloud's words and
// where they are written), and what a stack does to order it.
type SoldIn struct {
	Tiers []string
	Why   string
	Hint  string
}

// CheckPoolSupport refuses, with key paths, the pool keys that the source
// kind does not honour.
func CheckPoolSupport(kind string, s PoolSupport, pools []config.NodePool) error {
	var problems config.Problems
	for i, p := range pools {
		path := config.Index("nodePools", i)
		provisioned := p.Provisioner != config.ProvisionerNodeGroup
		if provisioned && !slices.Contains(s.Provisioners, p.Provisioner) {
			problems.Add(config.Key(path, "provisioner"), "%s is not available on %s clusters (available: the cluster's node groups%s)", p.Provisioner, kind, listed(s.Provisioners))
		}
		if len(p.MachineTypes) > 0 && !provisioned && !s.MachineTypes {
			why := s.MachineTypesWhy
			if why == "" {
				why = "its pools have one machine type"
			}
			problems.Add(config.Key(path, "machineTypes"), "%s node pools cannot mix machine types: %s", kind, why)
		}
		if j := slices.Index(p.Capacity, config.CapacityFlexStart); j >= 0 && !s.FlexStart {
			problems.Add(config.Index(config.Key(path, "capacity"), j), "%s is not a capacity tier %s clusters sell", config.CapacityFlexStart, kind)
		}
		checkSoldIn(&problems, path, s.SoldIn, p)
	}
	return problems.Err()
}

// checkSoldIn refuses a machine type of the pool that none of its tiers
// can buy, and a tier the pool orders that buys none of its machine types:
// either would leave pods Pending for a node that is never launched.
func checkSoldIn(problems *config.Problems, path string, soldIn map[string]SoldIn, p config.NodePool) {
	tiers := p.Tiers()
	buys := func(tier, machineType string) bool {
		s, limited := soldIn[machineType]
		return !limited || slices.Contains(s.Tiers, tier)
	}
	types := p.AllMachineTypes()
	unbought := 0
	for _, t := range types {
		if slices.ContainsFunc(tiers, func(tier string) bool { return buys(tier, t) }) {
			continue // Tiers is never empty, so a type sold in every tier lands here
		}
		unbought++
		s := soldIn[t]
		at := config.Key(path, "machineType")
		if j := slices.Index(p.MachineTypes, t); j >= 0 && t != p.MachineType {
			at = config.Index(config.Key(path, "machineTypes"), j)
		}
		problems.Add(at, "%s is sold only as %s capacity (%s), and the pool orders %s: it would never get a node; %s",
			t, orList(s.Tiers), s.Why, strings.Join(tiers, ", "), s.Hint)
	}
	if unbought == len(types) {
		return // the tiers are wrong for every type: said once per type above
	}
	for j, tier := range p.Capacity {
		if !slices.ContainsFunc(types, func(t string) bool { return buys(tier, t) }) {
			problems.Add(config.Index(config.Key(path, "capacity"), j), "%s buys none of the pool's machine types (%s): remove it", tier, strings.Join(types, ", "))
		}
	}
}

// orList spells a list of choices: "a", "a or b", "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

func listed(extra []string) string {
	out := ""
	for _, e := range extra {
		out += fmt.Sprintf(", %s", e)
	}
	return out
}
