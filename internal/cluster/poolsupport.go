package cluster

import (
	"fmt"
	"slices"

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
	}
	return problems.Err()
}

func listed(extra []string) string {
	out := ""
	for _, e := range extra {
		out += fmt.Sprintf(", %s", e)
	}
	return out
}
