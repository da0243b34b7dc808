package pricing

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ResourcePrice picks the fee row one planned resource pays in region r:
// its type's row, or, for a type priced by tier, the row of the tier
// c.TierOf reads from the resource's inputs. ok is false when the type has
// no fee at all; err says which tier has no row, so a tier the table does
// not price is a warning in the plan, never the wrong tier's fee.
func (c Catalog) ResourcePrice(r Region, typ string, inputs map[string]any) (p Price, tier string, ok bool, err error) {
	if p, ok := r.Resources[typ]; ok {
		return p, "", true, nil
	}
	tiers, ok := r.Tiers[typ]
	if !ok {
		return Price{}, "", false, nil
	}
	if c.TierOf != nil {
		tier = c.TierOf(typ, inputs)
	}
	if p, ok := tiers[tier]; ok {
		return p, tier, true, nil
	}
	return Price{}, tier, false, fmt.Errorf("%s is priced by tier (%s), and tier %q has no price", typ, strings.Join(slices.Sorted(maps.Keys(tiers)), ", "), tier)
}

// DiskType is the disk type a storage class's parameters name (type on EBS
// and PD, skuName on Azure, tier on Filestore, whose price is the service
// tier's): the part of a volume fee key after provisioner@.
func DiskType(params map[string]string) string {
	for _, k := range []string{"type", "skuName", "tier"} {
		if t := params[k]; t != "" {
			return t
		}
	}
	return ""
}
