package pricing

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
)

// priceFile is how a provider's price files are named: prices-<region>.csv
// for machine prices (ParseMachines), fees-<region>.csv for every other
// price of the region (ParseFees); spot.csv beside them holds the spot
// ranges per machine family (ParseSpot). A machine file has one source and
// date, so a region whose families were read from different sources has
// one file per source: prices-<region>.<part>.csv beside prices-<region>.csv.
var priceFile = regexp.MustCompile(`^(prices|fees)-([a-z0-9-]+)(\.[a-z0-9-]+)?\.csv$`)

// WithPriceFiles returns c with the prices of every CSV file in files added
// to its region (files is the provider's embedded folder dir; dir names the
// files in errors). The catalog literal then keeps only what is not a table
// row: the spot range, notes and OwnHardware.
//
// A region's machines or fees come from one place: a region the literal
// already prices, a machine type two files of a region price, fees for a
// region with no machine prices (a typo in the region would drop its fees
// silently), a fees file with a part or a folder with no machine file is an
// error.
func WithPriceFiles(dir string, files fs.FS, c Catalog) (Catalog, error) {
	names, err := fs.Glob(files, "*.csv")
	if err != nil {
		return Catalog{}, err
	}
	regions := maps.Clone(c.Regions)
	if regions == nil {
		regions = map[string]Region{}
	}
	machineFiles := 0
	feeRegions := map[string]string{}  // path: region
	fromFiles := map[string]bool{}     // regions whose machines came from a file
	machineFile := map[string]string{} // region/machine: path
	for _, name := range names {
		path := dir + "/" + name
		if name == "spot.csv" {
			data, err := fs.ReadFile(files, name)
			if err != nil {
				return Catalog{}, err
			}
			if c.SpotFamilies, err = ParseSpot(path, data); err != nil {
				return Catalog{}, err
			}
			continue
		}
		m := priceFile.FindStringSubmatch(name)
		if m == nil {
			return Catalog{}, fmt.Errorf("%s: a price file is named prices-<region>.csv, prices-<region>.<part>.csv or fees-<region>.csv", path)
		}
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return Catalog{}, err
		}
		region, r := m[2], regions[m[2]]
		if m[1] == "prices" {
			table, err := ParseMachines(path, data)
			if err != nil {
				return Catalog{}, err
			}
			if r.Machines != nil && !fromFiles[region] {
				return Catalog{}, fmt.Errorf("%s: region %s already has machine prices", path, region)
			}
			if r.Machines == nil {
				r.Machines = map[string]Price{}
			}
			for _, typ := range slices.Sorted(maps.Keys(table.Machines)) {
				if other, ok := machineFile[region+"/"+typ]; ok {
					return Catalog{}, fmt.Errorf("%s: %s in %s is priced in %s too: one source per price", path, typ, region, other)
				}
				machineFile[region+"/"+typ] = path
				r.Machines[typ] = table.Machines[typ]
			}
			fromFiles[region] = true
			machineFiles++
		} else {
			if m[3] != "" {
				return Catalog{}, fmt.Errorf("%s: a region has one fees file, fees-%s.csv", path, region)
			}
			f, err := ParseFees(path, data)
			if err != nil {
				return Catalog{}, err
			}
			if r.Resources != nil || r.Tiers != nil || r.Volumes != nil || r.VolumeTiers != nil || r.NodeDisk != nil || r.LoadBalancer != nil {
				return Catalog{}, fmt.Errorf("%s: region %s already has fees", path, region)
			}
			f.Machines = r.Machines
			r = f
			feeRegions[path] = region
		}
		regions[region] = r
	}
	if machineFiles == 0 {
		return Catalog{}, fmt.Errorf("%s: no machine price file", dir)
	}
	for _, path := range slices.Sorted(maps.Keys(feeRegions)) {
		if region := feeRegions[path]; regions[region].Machines == nil {
			return Catalog{}, fmt.Errorf("%s: region %s has no machine prices (prices-%s.csv)", path, region, region)
		}
	}
	c.Regions = regions
	return c, nil
}

// MustWithPriceFiles is WithPriceFiles for a provider's embedded files: it
// runs at init, so a malformed row panics naming file:line and fails every
// test and every run instead of silently dropping a price.
func MustWithPriceFiles(dir string, files fs.FS, c Catalog) Catalog {
	c, err := WithPriceFiles(dir, files, c)
	if err != nil {
		panic(err)
	}
	return c
}
