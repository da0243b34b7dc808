package cost

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/internal/policy"
	"github.com/mlkube/mlkube/internal/pricing"
)

const (
	typeStorageClass = "kubernetes:storage.k8s.io/v1:StorageClass"
	typeService      = "kubernetes:core/v1:Service"
)

// claim is one volume a resource asks for: a PersistentVolumeClaim, or a
// claim template of a StatefulSet, an Elasticsearch node set or a Helm
// release's values (Prometheus), times the replicas that each get one.
type claim struct {
	name   string
	class  string
	gb     float64
	copies int
}

// volumeClass is what prices a class's volumes: its provisioner and the
// disk type its parameters name (pricing.DiskType).
type volumeClass struct{ provisioner, diskType string }

// storageClasses maps the classes the stack creates to their provisioner
// and disk type.
func storageClasses(rs []policy.Resource) map[string]volumeClass {
	out := map[string]volumeClass{}
	for _, r := range rs {
		if r.Type != typeStorageClass {
			continue
		}
		name, _ := policy.Get(r.Inputs, "metadata", "name").(string)
		prov, _ := r.Inputs["provisioner"].(string)
		params := map[string]string{}
		if m, ok := r.Inputs["parameters"].(map[string]any); ok {
			for k, v := range m {
				if s, ok := v.(string); ok {
					params[k] = s
				}
			}
		}
		if name != "" {
			out[name] = volumeClass{prov, pricing.DiskType(params)}
		}
	}
	return out
}

// volumeBill is what one claim of a class costs: a price per GB-month at
// the claim's size or the class's minimum, whichever is larger, or one disk
// of the smallest size tier that holds the claim.
type volumeBill struct {
	price pricing.Price
	gb    float64 // the GB billed, per copy (per-GB prices)
	tier  *pricing.SizeTier
}

// quantity is what the bill multiplies its price by for copies claims.
func (b volumeBill) quantity(copies int) float64 {
	if b.tier != nil {
		return float64(copies)
	}
	return b.gb * float64(copies)
}

// billVolume prices a claim of gb GB of class c: the row of its disk type,
// else its provisioner's; within each, size tiers before a price per
// GB-month. ok is false when nothing prices the class; err names a claim
// larger than every tier, or one that falls in a smaller tier the table does
// not price (pricing.Region.Tier).
func billVolume(r pricing.Region, c volumeClass, gb float64) (b volumeBill, ok bool, err error) {
	keys := []string{c.provisioner}
	if c.diskType != "" {
		keys = []string{c.provisioner + "@" + c.diskType, c.provisioner}
	}
	for _, k := range keys {
		if t, ok, err := r.Tier(k, gb); ok {
			return volumeBill{price: t.Price, tier: &t}, true, err
		}
		if p, ok := r.Volumes[k]; ok {
			return volumeBill{price: p, gb: math.Max(gb, float64(p.MinGiB))}, true, nil
		}
	}
	return volumeBill{}, false, nil
}

// label is how the estimate names a claim's item: its tier, or the minimum
// it is billed at when that is more than it claims.
func (b volumeBill) label(name string, gb float64) string {
	switch {
	case b.tier != nil:
		return fmt.Sprintf("volume %s (%s)", name, b.tierName())
	case b.gb > gb:
		return fmt.Sprintf("volume %s (billed at the %d GiB minimum)", name, b.price.MinGiB)
	}
	return "volume " + name
}

// tierName names the size tier a bill is for, as "P10, 128 GiB"; empty
// when the bill is per GB.
func (b volumeBill) tierName() string {
	if b.tier == nil {
		return ""
	}
	return fmt.Sprintf("%s, %d GiB", b.tier.Name, b.tier.GiB)
}

// volumeClaims finds every claim spec in a resource's inputs: a map with
// resources.requests.storage beside accessModes or storageClassName. Each
// counts once per replica of the nearest enclosing object that states a
// count or replicas (a StatefulSet, an Elasticsearch node set, a Prometheus).
func volumeClaims(r *policy.Resource) []claim {
	var out []claim
	var walk func(v any, path []string, copies int, meta string)
	walk = func(v any, path []string, copies int, meta string) {
		switch x := v.(type) {
		case map[string]any:
			if n, ok := number(x["replicas"]); ok {
				copies = n
			} else if n, ok := number(x["count"]); ok {
				copies = n
			}
			if name, ok := policy.Get(x, "metadata", "name").(string); ok {
				meta = name
			}
			if c, ok := claimSpec(x); ok {
				c.copies = copies
				c.name = r.Name
				if len(path) > 1 {
					c.name += "/" + claimName(meta, path[:len(path)-1])
				}
				out = append(out, c)
				return
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(x[k], append(path, k), copies, meta)
			}
		case []any:
			for i, item := range x {
				walk(item, append(path, strconv.Itoa(i)), copies, meta)
			}
		}
	}
	walk(r.Inputs, nil, 1, "")
	return out
}

// claimName names a claim template: by its metadata.name, or, in a Helm
// release's values, by the chart component it belongs to (values.prometheus
// → prometheus), or by its path.
func claimName(meta string, path []string) string {
	switch {
	case meta != "":
		return meta
	case len(path) > 1 && path[0] == "values":
		return path[1]
	}
	return strings.Join(path, ".")
}

func claimSpec(m map[string]any) (claim, bool) {
	size, ok := policy.Get(m, "resources", "requests", "storage").(string)
	if !ok {
		return claim{}, false
	}
	_, modes := m["accessModes"]
	class, hasClass := m["storageClassName"].(string)
	if !modes && !hasClass {
		return claim{}, false
	}
	gb, ok := gibibytes(size)
	return claim{class: class, gb: gb}, ok
}

// gibibytes reads a Kubernetes storage quantity in GiB, the unit the clouds
// bill as "GB-month".
func gibibytes(q string) (float64, bool) {
	units := []struct {
		suffix string
		gib    float64
	}{{"Ki", 1.0 / (1 << 20)}, {"Mi", 1.0 / 1024}, {"Gi", 1}, {"Ti", 1024}, {"Pi", 1 << 20},
		{"k", 1e3 / (1 << 30)}, {"M", 1e6 / (1 << 30)}, {"G", 1e9 / (1 << 30)}, {"T", 1e12 / (1 << 30)}, {"P", 1e15 / (1 << 30)}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(q, u.suffix); ok {
			f, err := strconv.ParseFloat(n, 64)
			return f * u.gib, err == nil
		}
	}
	f, err := strconv.ParseFloat(q, 64)
	return f / (1 << 30), err == nil
}

func number(v any) (int, bool) {
	switch n := v.(type) {
	case float64:
		return int(n), true
	case int:
		return n, true
	case int64:
		return int(n), true
	}
	return 0, false
}
