package pricing

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// parseTierKey reads a volumeTier row's key, provisioner@disk-type:TIER:GiB
// (disk.csi.azure.com@Premium_LRS:P10:128): the VolumeTiers key it belongs
// to, the tier's name and its size.
func parseTierKey(key string) (volume string, tier SizeTier, err error) {
	parts := strings.Split(key, ":")
	prov, disk, _ := strings.Cut(parts[0], "@")
	if len(parts) != 3 || prov == "" || disk == "" || parts[1] == "" {
		return "", SizeTier{}, fmt.Errorf("key %q: a volumeTier row's key is provisioner@disk-type:TIER:GiB", key)
	}
	gib, err := strconv.Atoi(parts[2])
	if err != nil || gib <= 0 {
		return "", SizeTier{}, fmt.Errorf("key %q: the tier's size %q is not a whole number of GiB above zero", key, parts[2])
	}
	return parts[0], SizeTier{Name: parts[1], GiB: gib}, nil
}

// parseVolumeKey reads a volume row's key, provisioner[@disk-type][:GiB]:
// the Volumes key and the least GiB a volume is billed for (0: none).
func parseVolumeKey(key string) (volume string, minGiB int, err error) {
	volume, min, ok := strings.Cut(key, ":")
	if !ok {
		return key, 0, nil
	}
	minGiB, err = strconv.Atoi(min)
	if err != nil || minGiB <= 0 || volume == "" {
		return "", 0, fmt.Errorf("key %q: a volume row's key is provisioner[@disk-type][:least billed GiB]", key)
	}
	return volume, minGiB, nil
}

// addTier adds one size tier to its volume's list, keeping it smallest
// first; two tiers of one size would make the bill ambiguous.
func addTier(m map[string][]SizeTier, volume string, t SizeTier) (map[string][]SizeTier, error) {
	if m == nil {
		m = map[string][]SizeTier{}
	}
	for _, o := range m[volume] {
		if o.GiB == t.GiB {
			return nil, fmt.Errorf("%s: tiers %s and %s are both %d GiB", volume, o.Name, t.Name, t.GiB)
		}
	}
	m[volume] = append(m[volume], t)
	slices.SortFunc(m[volume], func(a, b SizeTier) int { return a.GiB - b.GiB })
	return m, nil
}

// Tier is the size tier a disk of gib GiB is billed as: the smallest tier
// of at least that size (a 100 GiB Premium SSD is a P10 of 128 GiB). ok is
// false when the volume has no tiers here. The clouds' tiers double in
// size (P4 32 GiB, P6 64, P10 128, ...), so a disk of at most half the
// smallest priced tier that holds it belongs to a smaller tier the table
// does not price: err says so, as it does for a disk larger than the
// largest tier, so a missing row is a named gap, never a dearer tier's
// price.
func (r Region) Tier(volume string, gib float64) (t SizeTier, ok bool, err error) {
	tiers, ok := r.VolumeTiers[volume]
	if !ok {
		return SizeTier{}, false, nil
	}
	need := math.Ceil(gib)
	for _, t := range tiers {
		if float64(t.GiB) < need {
			continue
		}
		if need <= float64(t.GiB)/2 {
			return SizeTier{}, true, fmt.Errorf("%g GiB falls in a %s tier below %s (%d GiB) that has no price", need, volume, t.Name, t.GiB)
		}
		return t, true, nil
	}
	last := tiers[len(tiers)-1]
	return SizeTier{}, true, fmt.Errorf("%g GiB is larger than the largest %s tier priced, %s (%d GiB)", need, volume, last.Name, last.GiB)
}
