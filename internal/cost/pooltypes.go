package cost

import (
	"slices"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/pricing"
)

// machinePrice is a machine type's price per node hour: the stack's own,
// else the catalog's; nil when neither has one.
func machinePrice(machineType string, in Input, region pricing.Region) *pricing.Price {
	if usd, ok := in.Overrides[machineType]; ok {
		return &pricing.Price{USD: usd, Unit: pricing.PerHour, Source: "stack: mlkube:prices." + machineType}
	}
	if m, ok := region.Machines[machineType]; ok {
		return &m
	}
	return nil
}

// machineRange is the cheapest and the dearest of the pool's machine
// types; ok is false when one has no price (a range without it would
// understate the pool).
func machineRange(p config.NodePool, in Input, region pricing.Region) (low, high *pricing.Price, ok bool) {
	for _, t := range p.AllMachineTypes() {
		price := machinePrice(t, in, region)
		if price == nil {
			return nil, nil, false
		}
		if low == nil || price.USD < low.USD {
			low = price
		}
		if high == nil || price.USD > high.USD {
			high = price
		}
	}
	return low, high, low != nil
}

// unpricedType is the first of the pool's machine types without a price.
func unpricedType(p config.NodePool, in Input, region pricing.Region) string {
	for _, t := range p.AllMachineTypes() {
		if machinePrice(t, in, region) == nil {
			return t
		}
	}
	return p.MachineType
}

// tierKinds says whether the pool may run on spot and whether it may run
// at the full (on-demand or reserved) price. Flex-start counts at the full
// price: its discount is no catalog fact here, so on demand bounds it.
func tierKinds(p config.NodePool) (spot, fullPrice bool) {
	tiers := p.Tiers()
	return slices.Contains(tiers, config.CapacitySpot),
		slices.Contains(tiers, config.CapacityOnDemand) || slices.Contains(tiers, config.CapacityReserved) ||
			slices.Contains(tiers, config.CapacityFlexStart)
}
