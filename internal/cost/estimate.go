package cost

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/internal/pricing"
)

// Input is what the estimate reads: the provider's catalog, where the
// cluster is, its pools, the stack's own prices and the planned resources.
type Input struct {
	// Kind is the cluster provider; Catalog its prices (nil: it has none).
	Kind    string
	Catalog *pricing.Catalog
	Region  string
	Pools   []config.NodePool
	// Overrides are the stack's own machine prices (mlkube:prices), USD per
	// node hour, for negotiated rates or machines the catalog lacks.
	Overrides map[string]float64
	Resources []policy.Resource
	// DefaultProvisioner provisions claims that name no storage class, with
	// disks of DefaultDiskType (see pricing.DiskType).
	DefaultProvisioner string
	DefaultDiskType    string
}

// Estimate is the monthly cost of a stack, as the plan carries it.
type Estimate struct {
	HoursPerMonth int     `json:"hoursPerMonth"`
	Currency      string  `json:"currency"`
	MonthlyMin    float64 `json:"monthlyMin"`
	MonthlyMax    float64 `json:"monthlyMax"`
	// OnDemandMonthlyMin/Max price every pool on demand, spot pools too.
	OnDemandMonthlyMin float64    `json:"onDemandMonthlyMin"`
	OnDemandMonthlyMax float64    `json:"onDemandMonthlyMax"`
	Pools              []PoolCost `json:"pools"`
	Items              []ItemCost `json:"items"`
	// OwnHardware says why machines carry no price (adopted cluster, own
	// servers); empty on clouds.
	OwnHardware string `json:"ownHardware,omitempty"`
	// Unpriced lists what the estimate could not price; each is also a
	// warning finding.
	Unpriced    []string `json:"unpriced"`
	Assumptions []string `json:"assumptions"`
}

// PoolCost is one node pool between its min and max node count.
type PoolCost struct {
	Pool        string `json:"pool"`
	MachineType string `json:"machineType"`
	Spot        bool   `json:"spot"`
	NodesMin    int    `json:"nodesMin"`
	NodesMax    int    `json:"nodesMax"`
	// Machine is the on-demand price of one node; nil when unpriced.
	Machine *pricing.Price `json:"machine,omitempty"`
	DiskGB  int            `json:"diskGB"`
	Disk    *pricing.Price `json:"disk,omitempty"`
	// DiskTier is the size tier the root disk is billed as, where the
	// cloud bills disks by tier (Disk is then per disk-month).
	DiskTier string `json:"diskTier,omitempty"`
	// MachineTypes are the pool's types when it has several; Machine is
	// then the cheapest one's price and MachineMax the dearest one's.
	MachineTypes []string       `json:"machineTypes,omitempty"`
	MachineMax   *pricing.Price `json:"machineMax,omitempty"`
	// Tiers are the capacity tiers the pool tries in turn, when it names
	// them (a reserved tier is priced on demand: a reservation bills
	// that, used or not).
	Tiers []string `json:"tiers,omitempty"`
	// SpotLow/SpotHigh bound the spot price as a fraction of Machine.
	SpotLow            float64 `json:"spotLow,omitempty"`
	SpotHigh           float64 `json:"spotHigh,omitempty"`
	SpotSource         string  `json:"spotSource,omitempty"`
	OnDemandMonthlyMin float64 `json:"onDemandMonthlyMin"`
	OnDemandMonthlyMax float64 `json:"onDemandMonthlyMax"`
	MonthlyMin         float64 `json:"monthlyMin"`
	MonthlyMax         float64 `json:"monthlyMax"`
}

// ItemCost is what the cluster source and the stack cost besides the
// nodes: a control plane fee, NAT gateways, load balancers, volumes.
type ItemCost struct {
	Item     string        `json:"item"`
	URN      string        `json:"urn,omitempty"`
	Quantity float64       `json:"quantity"`
	Price    pricing.Price `json:"price"`
	Monthly  float64       `json:"monthly"`
}

// Warning is something the estimate could not price.
type Warning struct {
	URN     string
	Message string
}

// Compute prices a stack. Whatever has no price is left out of the sums and
// comes back as a warning naming it, never as a silent zero.
func Compute(in Input) (*Estimate, []Warning) {
	e := &Estimate{HoursPerMonth: pricing.HoursPerMonth, Currency: "USD", Pools: []PoolCost{}, Items: []ItemCost{}, Unpriced: []string{}}
	var warns []Warning
	unpriced := func(urn, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		e.Unpriced = append(e.Unpriced, msg)
		warns = append(warns, Warning{URN: urn, Message: msg})
	}
	cat := in.Catalog
	var region pricing.Region
	// quiet: one warning already says that nothing here has a price.
	quiet := true
	switch {
	case cat == nil:
		unpriced("", "the %s provider publishes no price table; nothing is priced", in.Kind)
		cat = &pricing.Catalog{}
	case cat.OwnHardware != "":
		e.OwnHardware = cat.OwnHardware
	default:
		r, ok := cat.Regions[in.Region]
		quiet = !ok
		if !ok {
			unpriced("", "region %q is not in the %s price table (it has %s); machines, fees and volumes there are not priced", in.Region, in.Kind, regionList(cat))
		}
		region = r
	}

	for _, p := range in.Pools {
		var disk *volumeBill
		var diskOK bool
		var diskErr error
		if cat.OwnHardware == "" && p.DiskGB > 0 {
			var bill volumeBill
			bill, diskOK, diskErr = nodeDisk(cat, region, p.DiskGB)
			if diskOK && diskErr == nil {
				disk = &bill
			}
		}
		pc, ok := poolCost(p, in, cat, region, disk)
		if !ok && cat.OwnHardware == "" && !quiet {
			missing := unpricedType(p, in, region)
			unpriced("", "machine type %q of node pool %q has no %s price in %q; set mlkube:prices.%s to price it", missing, p.Name, in.Kind, in.Region, missing)
		}
		if cat.OwnHardware == "" && !quiet && p.DiskGB > 0 {
			switch {
			case diskErr != nil:
				unpriced("", "root disk of node pool %q (%d GB): %v", p.Name, p.DiskGB, diskErr)
			case !diskOK:
				unpriced("", "root disk of node pool %q (%d GB) has no %s price in %q", p.Name, p.DiskGB, in.Kind, in.Region)
			}
		}
		e.Pools = append(e.Pools, pc)
	}

	classes := storageClasses(in.Resources)
	nodePorts := nodePortClasses(in.Resources)
	for i := range in.Resources {
		r := &in.Resources[i]
		if !r.Custom || r.Rendered {
			continue
		}
		price, tier, ok, err := cat.ResourcePrice(region, r.Type, r.Inputs)
		switch {
		case err != nil:
			unpriced(r.URN, "%s %s: %v", r.Type, r.Name, err)
		case ok && tier != "":
			e.Items = append(e.Items, ItemCost{Item: fmt.Sprintf("%s %s (%s)", r.Type, r.Name, tier), URN: r.URN, Quantity: 1, Price: price})
		case ok:
			e.Items = append(e.Items, ItemCost{Item: r.Type + " " + r.Name, URN: r.URN, Quantity: 1, Price: price})
		}
		for _, part := range parts(cat, r) {
			switch p, ok := region.Parts[r.Type][part]; {
			case ok:
				e.Items = append(e.Items, ItemCost{Item: part + " of " + r.Type + " " + r.Name, URN: r.URN, Quantity: 1, Price: p})
			case !quiet:
				unpriced(r.URN, "the %s of %s %s has no %s price in %q", part, r.Type, r.Name, in.Kind, in.Region)
			}
		}
		for _, lb := range loadBalancers(r, nodePorts) {
			price := region.LoadBalancer
			if lb.class != "" {
				price = region.GatewayLoadBalancer(lb.class)
			}
			switch {
			case cat.OwnHardware != "":
			case price != nil:
				e.Items = append(e.Items, ItemCost{Item: "load balancer of " + lb.name, URN: r.URN, Quantity: 1, Price: *price})
			case !quiet:
				unpriced(r.URN, "the load balancer of %s has no %s price in %q", lb.name, in.Kind, in.Region)
			}
		}
		for _, v := range volumeClaims(r) {
			if cat.OwnHardware != "" {
				continue
			}
			vc := volumeClass{in.DefaultProvisioner, in.DefaultDiskType}
			if v.class != "" {
				vc = classes[v.class]
			}
			prov := vc.provisioner
			bill, ok, err := billVolume(region, vc, v.gb)
			switch {
			case err != nil:
				unpriced(r.URN, "volume %s (class %q): %v", v.name, v.class, err)
				continue
			case !ok || prov == "":
				if !quiet {
					unpriced(r.URN, "volume %s (class %q, provisioner %q) has no %s price in %q", v.name, v.class, prov, in.Kind, in.Region)
				}
				continue
			}
			e.Items = append(e.Items, ItemCost{Item: bill.label(v.name, v.gb), URN: r.URN, Quantity: bill.quantity(v.copies), Price: bill.price})
		}
	}
	sort.SliceStable(e.Items, func(i, j int) bool { return e.Items[i].Item < e.Items[j].Item })

	for i := range e.Items {
		it := &e.Items[i]
		it.Monthly = round(it.Quantity * it.Price.Monthly())
		e.MonthlyMin += it.Monthly
		e.OnDemandMonthlyMin += it.Monthly
	}
	e.MonthlyMax, e.OnDemandMonthlyMax = e.MonthlyMin, e.OnDemandMonthlyMin
	for _, p := range e.Pools {
		e.MonthlyMin += p.MonthlyMin
		e.MonthlyMax += p.MonthlyMax
		e.OnDemandMonthlyMin += p.OnDemandMonthlyMin
		e.OnDemandMonthlyMax += p.OnDemandMonthlyMax
	}
	e.MonthlyMin, e.MonthlyMax = round(e.MonthlyMin), round(e.MonthlyMax)
	e.OnDemandMonthlyMin, e.OnDemandMonthlyMax = round(e.OnDemandMonthlyMin), round(e.OnDemandMonthlyMax)
	e.Assumptions = assumptions(cat, e.Pools)
	return e, warns
}

// poolCost prices one pool; ok is false when one of its machines has no
// price. A pool of several machine types costs, per node, between its
// cheapest and its most expensive type; one that tries several capacity
// tiers, between its cheapest and its dearest tier. disk is the bill of
// one node's root disk, nil when it has none or no price (Compute names
// that gap).
func poolCost(p config.NodePool, in Input, cat *pricing.Catalog, region pricing.Region, disk *volumeBill) (PoolCost, bool) {
	pc := PoolCost{Pool: p.Name, MachineType: p.MachineType, Spot: p.Spot, NodesMin: p.Min, NodesMax: p.Max, DiskGB: p.DiskGB}
	low, high, ok := machineRange(p, in, region)
	if !ok {
		return pc, false
	}
	pc.Machine = low
	if types := p.AllMachineTypes(); len(types) > 1 {
		pc.MachineTypes, pc.MachineMax = types, high
	}
	if len(p.Capacity) > 0 {
		pc.Tiers = p.Tiers()
	}
	cheapest, dearest := low.Monthly(), high.Monthly()
	diskMonthly := 0.0
	if disk != nil {
		price := disk.price
		pc.Disk, pc.DiskTier = &price, disk.tierName()
		diskMonthly = price.Monthly() * disk.quantity(1)
	}
	pc.OnDemandMonthlyMin = round(float64(p.Min) * (cheapest + diskMonthly))
	pc.OnDemandMonthlyMax = round(float64(p.Max) * (dearest + diskMonthly))
	pc.MonthlyMin, pc.MonthlyMax = pc.OnDemandMonthlyMin, pc.OnDemandMonthlyMax
	spotTier, fullPriceTier := tierKinds(p)
	if spot := cat.SpotFor(p.MachineType); spotTier && spot.High > 0 {
		pc.SpotLow, pc.SpotHigh, pc.SpotSource = spot.Low, spot.High, spot.Source
		pc.MonthlyMin = round(float64(p.Min) * (cheapest*spot.Low + diskMonthly))
		if !fullPriceTier {
			pc.MonthlyMax = round(float64(p.Max) * (dearest*spot.High + diskMonthly))
		}
	}
	return pc, true
}

// nodeDisk bills a node's root disk of gb GB: the region's price per
// GB-month for gb GB (a root disk has no minimum size to bill), or one disk
// of the size tier the catalog bills root disks as. ok is false when the
// region prices no root disk; err when the disk is larger than every tier
// or falls in a smaller tier the table does not price (pricing.Region.Tier).
// Each is a gap the plan names, so a root disk is never silently left out
// of a pool's cost.
func nodeDisk(cat *pricing.Catalog, region pricing.Region, gb int) (bill volumeBill, ok bool, err error) {
	if region.NodeDisk != nil {
		return volumeBill{price: *region.NodeDisk, gb: float64(gb)}, true, nil
	}
	if cat.NodeDiskTiers == "" {
		return volumeBill{}, false, nil
	}
	t, ok, err := region.Tier(cat.NodeDiskTiers, float64(gb))
	if !ok || err != nil {
		return volumeBill{}, ok, err
	}
	return volumeBill{price: t.Price, tier: &t}, true, nil
}

// parts are what a planned resource brings with it that the provider
// bills (Catalog.PartsOf); none on hardware paid for elsewhere.
func parts(cat *pricing.Catalog, r *policy.Resource) []string {
	if cat.PartsOf == nil || cat.OwnHardware != "" {
		return nil
	}
	return cat.PartsOf(r.Type, r.Inputs)
}

func assumptions(cat *pricing.Catalog, pools []PoolCost) []string {
	out := []string{
		fmt.Sprintf("a month is %d hours; list prices in USD, no discounts, taxes or support plans", pricing.HoursPerMonth),
		"each pool between its min and max node count; what runs in between is the autoscaler's call",
		"usage-based charges are not included: data transfer, NAT and load-balancer data processing, requests, snapshots",
		"volumes at the size they claim (a disk billed by size tier at its tier, a share with a minimum at least that); a shared file system that bills what is stored costs up to that",
	}
	if cat.Spot.High > 0 {
		out = append(out, fmt.Sprintf("spot nodes cost %.0f%%–%.0f%% of the on-demand price (%s); spot prices move with the market", cat.Spot.Low*100, cat.Spot.High*100, cat.Spot.Source))
	}
	out = append(out, familySpot(cat, pools)...)
	return append(out, cat.Notes...)
}

// familySpot states the range of each machine family the spot pools are
// priced at instead of the cloud's, once per family, so the plan shows the
// discount it assumed and where it was read.
func familySpot(cat *pricing.Catalog, pools []PoolCost) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range pools {
		fam, ok := pricing.FamilyOf(cat.SpotFamilies, p.MachineType)
		if p.SpotHigh == 0 || !ok || seen[fam] {
			continue
		}
		seen[fam] = true
		s := cat.SpotFamilies[fam]
		out = append(out, fmt.Sprintf("spot %s nodes cost %s%%–%s%% of the on-demand price (%s); spot prices move with the market", fam, percent(s.Low), percent(s.High), s.Source))
	}
	sort.Strings(out)
	return out
}

// percent prints a fraction as a percentage to a tenth: 0.103 is 10.3,
// 1 is 100.
func percent(x float64) string {
	return strconv.FormatFloat(math.Round(x*1000)/10, 'f', -1, 64)
}

func regionList(cat *pricing.Catalog) string {
	names := make([]string, 0, len(cat.Regions))
	for r := range cat.Regions {
		names = append(names, r)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "none"
	}
	return fmt.Sprint(names)
}

// round keeps cents, so a plan prints the same figure on every machine.
func round(x float64) float64 { return math.Round(x*100) / 100 }
