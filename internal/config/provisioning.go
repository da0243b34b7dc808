package config

import (
	"slices"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/machines"
)

// validateProvisioning checks how a pool obtains its nodes: the
// provisioner, the machine types it may choose among and the order of its
// capacity tiers. Whether the cluster source honours them is the
// provider's to say (cluster.PoolSupport); here is what holds everywhere.
func validateProvisioning(e *errs, path string, p *NodePool) {
	provisioned := p.Provisioner != ProvisionerNodeGroup
	switch {
	case provisioned && !slices.Contains(Provisioners, p.Provisioner):
		e.add(key(path, "provisioner"), "must be empty (the cloud's node group) or one of %s, got %q", strings.Join(Provisioners, ", "), p.Provisioner)
	case provisioned && len(p.Taints) == 0:
		e.add(key(path, "provisioner"), "pool %q has no taints: it is where system pods and the provisioner itself run, so it stays a node group; give %s to tainted (GPU) pools only", p.Name, p.Provisioner)
	case provisioned && p.Min > 0:
		e.add(key(path, "min"), "must be 0 on a %s pool: it launches nodes for pending pods and keeps no minimum, got %d", p.Provisioner, p.Min)
	}
	validateMachineTypes(e, path, p)
	validateTiers(e, path, p, provisioned)
}

// validateMachineTypes: every extra machine type must be one the machine
// table knows, with exactly the GPUs of machineType, so that a pod sized
// for one node of the pool fits a node of any of its types.
func validateMachineTypes(e *errs, path string, p *NodePool) {
	if len(p.MachineTypes) == 0 {
		return
	}
	base, err := machines.Lookup(p.MachineType)
	if err != nil {
		e.add(key(path, "machineTypes"), "needs machineType %q in the machine table (internal/machines/machines.csv) to compare GPUs with", p.MachineType)
		return
	}
	seen := map[string]bool{p.MachineType: true}
	for j, t := range p.MachineTypes {
		tp := index(key(path, "machineTypes"), j)
		m, err := machines.Lookup(t)
		switch {
		case seen[t]:
			e.add(tp, "repeats %q", t)
		case err != nil:
			e.add(tp, "%q is not in the machine table (internal/machines/machines.csv): its GPUs cannot be checked", t)
		case m.GPUModel != base.GPUModel || m.GPUs != base.GPUs:
			e.add(tp, "%s has %s, but machineType %s has %s: every type of a pool must carry the same GPUs", t, gpuWords(m), p.MachineType, gpuWords(base))
		}
		seen[t] = true
	}
}

func gpuWords(m machines.Machine) string {
	if m.GPUs == 0 {
		return "no GPU"
	}
	return strconv.Itoa(m.GPUs) + " × " + m.GPUModel
}

// validateTiers: capacity orders tiers for a provisioner that tries them
// in turn; a node group has one capacity type, which spot says.
func validateTiers(e *errs, path string, p *NodePool, provisioned bool) {
	if len(p.Capacity) > 0 && !provisioned {
		e.add(key(path, "capacity"), "orders capacity tiers for a provisioner (%s); a node group has one capacity type (spot: true or not)", strings.Join(Provisioners, ", "))
	}
	if len(p.Capacity) > 0 && p.Spot {
		e.add(key(path, "spot"), "conflicts with capacity: list spot among the capacity tiers instead")
	}
	for j, c := range p.Capacity {
		cp := index(key(path, "capacity"), j)
		if !slices.Contains(CapacityTiers, c) {
			e.add(cp, "must be one of %s, got %q", strings.Join(CapacityTiers, ", "), c)
		} else if slices.Index(p.Capacity, c) < j {
			e.add(cp, "repeats %q", c)
		}
	}
	reserved := slices.Contains(p.Capacity, CapacityReserved)
	switch {
	case reserved && len(p.CapacityReservations) == 0:
		e.add(key(path, "capacityReservations"), "is required with the %s tier: name the reservations it launches into", CapacityReserved)
	case !reserved && len(p.CapacityReservations) > 0:
		e.add(key(path, "capacityReservations"), "are used only by the %s tier: add it to capacity", CapacityReserved)
	}
}
