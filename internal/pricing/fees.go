package pricing

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/datatable"
)

// Kinds of a fee row: which field of a Region it prices.
const (
	FeeResource     = "resource"     // Region.Resources, keyed by resource type
	FeeVolume       = "volume"       // Region.Volumes, keyed by CSI provisioner
	FeeNodeDisk     = "nodeDisk"     // Region.NodeDisk, no key
	FeeLoadBalancer = "loadBalancer" // Region.LoadBalancer, or keyed by GatewayClass Region.GatewayLoadBalancers
	FeeVolumeTier   = "volumeTier"   // Region.VolumeTiers, keyed provisioner@disk-type:TIER:GiB
)

// feeUnits is the unit each kind is priced in: the estimate multiplies a
// resource or load balancer by its hours and a volume or disk by its GB, so
// a row in another unit would be a wrong number, not a different one.
var feeUnits = map[string]string{
	FeeResource:     PerHour,
	FeeVolume:       PerGBMonth,
	FeeNodeDisk:     PerGBMonth,
	FeeLoadBalancer: PerHour,
	FeeVolumeTier:   PerDiskMonth,
}

// feeSpec is the shape of a fee file, one row per price, each with its own
// source and date (fees are read from different pages on different days):
//
//	kind,key,usd,unit,source,date
//	resource,aws:eks/cluster:Cluster,0.10,hour,"EKS pricing: $0.10 per cluster hour",2024-04-01
//	resource,azure-native:containerservice/v20240901:ManagedCluster@Free,0,hour,"AKS Free tier: no fee",2026
//	nodeDisk,,0.08,GB-month,EBS gp3 storage,2021-01-13
//	volumeTier,disk.csi.azure.com@Premium_LRS:P10:128,19.71,disk-month,"Premium SSD P10",2026
//	volume,file.csi.azure.com@Premium_LRS:100,0.16,GB-month,"Premium files, 100 GiB minimum",2026
//	loadBalancer,gke-l7-global-external-managed,0.025,hour,"global forwarding rule",2026
//	resource,azure-native:containerservice/v20240901:ManagedCluster+outbound public IPv4,0.005,hour,"Standard IPv4",2026
//
// A resource key type@tier prices one tier of a type whose fee depends on
// how the resource is set up (AKS's Free, Standard and Premium tiers, a
// zonal or regional GKE cluster); Catalog.TierOf names the tier of a
// planned resource. A tier row may be zero: a tier that has no fee says so
// with its source instead of leaving the estimate to guess. A volume key
// provisioner@disk-type prices the classes of that provisioner whose type
// (or skuName) parameter names that disk type; a volume key ending :GiB
// bills each volume at least that size (a service's minimum capacity). A
// volumeTier row prices one size tier of a disk billed by tier, per disk
// and month: a claim of N GiB pays the smallest tier of at least N GiB.
var feeSpec = datatable.Spec{
	Columns:  []string{"kind", "key", "usd", "unit", "source", "date"},
	Optional: []string{"key"},
	Key:      []string{"kind", "key"},
}

// feeDate is how a source dates a price: a year, a month or a day.
var feeDate = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

// ParseFees reads a fee file (name is its path, for errors) into the
// non-machine prices of one region. A row of an unknown kind, a key where
// none belongs or none where one does, a unit that is not its kind's, a
// price not above zero or a date that is not one is an error naming
// file:line.
func ParseFees(name string, data []byte) (Region, error) {
	var r Region
	_, err := datatable.Parse(name, data, feeSpec, func(row datatable.Row) error {
		kind, key := row.Text("kind"), row.Text("key")
		unit, ok := feeUnits[kind]
		if !ok {
			return fmt.Errorf("kind %q is not one of %s, %s, %s, %s, %s", kind, FeeResource, FeeVolume, FeeVolumeTier, FeeNodeDisk, FeeLoadBalancer)
		}
		keyed := kind == FeeResource || kind == FeeVolume || kind == FeeVolumeTier
		if keyed && key == "" {
			return fmt.Errorf("a %s row needs a key (%s)", kind, map[string]string{FeeResource: "its resource type", FeeVolume: "its CSI provisioner",
				FeeVolumeTier: "provisioner@disk-type:TIER:GiB"}[kind])
		}
		if !keyed && key != "" && kind != FeeLoadBalancer {
			return fmt.Errorf("a %s row has no key, not %q", kind, key)
		}
		if got := row.Text("unit"); got != unit {
			return fmt.Errorf("unit %q: a %s is priced per %s", got, kind, unit)
		}
		typ, tier, tiered := strings.Cut(key, "@")
		if tiered && kind != FeeVolumeTier && (!keyed || typ == "" || tier == "") {
			return fmt.Errorf("key %q: only a resource or volume row names a tier, as type@tier or provisioner@disk-type", key)
		}
		tiered = tiered && kind == FeeResource
		owner, part, hasPart := strings.Cut(key, "+")
		if hasPart && (kind != FeeResource || tiered || owner == "" || part == "") {
			return fmt.Errorf("key %q: only a resource row names a part, as type+part", key)
		}
		usd, err := row.Float("usd")
		if err != nil {
			return err
		}
		if usd < 0 || usd == 0 && !tiered {
			return fmt.Errorf("usd %v is not above zero", usd)
		}
		if d := row.Text("date"); !feeDate.MatchString(d) {
			return fmt.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", d)
		}
		p := Price{USD: usd, Unit: unit, Source: row.Text("source"), Date: row.Text("date")}
		switch kind {
		case FeeResource:
			switch {
			case hasPart:
				if r.Parts == nil {
					r.Parts = map[string]map[string]Price{}
				}
				r.Parts[owner] = addPrice(r.Parts[owner], part, p)
			case tiered:
				if r.Tiers == nil {
					r.Tiers = map[string]map[string]Price{}
				}
				r.Tiers[typ] = addPrice(r.Tiers[typ], tier, p)
			default:
				r.Resources = addPrice(r.Resources, key, p)
			}
		case FeeVolume:
			volume, minGiB, err := parseVolumeKey(key)
			if err != nil {
				return err
			}
			if _, dup := r.Volumes[volume]; dup {
				return fmt.Errorf("%s is priced twice", volume)
			}
			p.MinGiB = minGiB
			r.Volumes = addPrice(r.Volumes, volume, p)
		case FeeVolumeTier:
			volume, t, err := parseTierKey(key)
			if err != nil {
				return err
			}
			t.Price = p
			if r.VolumeTiers, err = addTier(r.VolumeTiers, volume, t); err != nil {
				return err
			}
		case FeeNodeDisk:
			r.NodeDisk = &p
		case FeeLoadBalancer:
			if key != "" {
				r.GatewayLoadBalancers = addPrice(r.GatewayLoadBalancers, key, p)
			} else {
				r.LoadBalancer = &p
			}
		}
		return nil
	})
	if err != nil {
		return Region{}, err
	}
	for _, typ := range slices.Sorted(maps.Keys(r.Tiers)) {
		if _, ok := r.Resources[typ]; ok {
			return Region{}, fmt.Errorf("%s: %s has a price without a tier and prices by tier: one or the other", name, typ)
		}
	}
	for _, v := range slices.Sorted(maps.Keys(r.VolumeTiers)) {
		if _, ok := r.Volumes[v]; ok {
			return Region{}, fmt.Errorf("%s: %s has a price per GB-month and prices by size tier: one or the other", name, v)
		}
	}
	return r, nil
}

// addPrice adds one keyed price, making the map on the first.
func addPrice(m map[string]Price, key string, p Price) map[string]Price {
	if m == nil {
		m = map[string]Price{}
	}
	m[key] = p
	return m
}

// FeeKeys are the resource types and CSI provisioners c prices in any
// region (a tiered type or a provisioner@disk-type by its type or
// provisioner), each sorted and listed once: the literal values a provider's
// tests compare with the types it registers and the provisioners it sets,
// so a renamed one fails a test instead of silently going unpriced.
func (c Catalog) FeeKeys() (types, provisioners []string) {
	t, p := map[string]bool{}, map[string]bool{}
	// A volume key is a provisioner or provisioner@disk-type; the tests
	// compare the provisioner alone.
	provisioner := func(key string) {
		prov, _, _ := strings.Cut(key, "@")
		p[prov] = true
	}
	for _, r := range c.Regions {
		for k := range r.Resources {
			t[k] = true
		}
		for k := range r.Tiers {
			t[k] = true
		}
		for k := range r.Parts {
			t[k] = true
		}
		for k := range r.Volumes {
			provisioner(k)
		}
		for k := range r.VolumeTiers {
			provisioner(k)
		}
	}
	return slices.Sorted(maps.Keys(t)), slices.Sorted(maps.Keys(p))
}
