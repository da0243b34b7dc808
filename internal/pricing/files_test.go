package pricing_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each prices-<region>.csv and fees-<region>.csv lands in its region beside
// the catalog's own fields.
func TestWithPriceFiles(t *testing.T) {
	fee := pricing.Price{USD: 0.10, Unit: pricing.PerHour, Source: "fee page", Date: "2026"}
	machines := func(src string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("# source: " + src + "\n# date: d\nmachine_type,usd_per_hour,note\na,1,\n")}
	}
	fees := &fstest.MapFile{Data: []byte(feeHead + "resource,fee,0.10,hour,fee page,2026\n")}
	files := fstest.MapFS{"prices-us-east-1.csv": machines("s1"), "fees-us-east-1.csv": fees, "prices-eu-west-1.csv": machines("s2"),
		"prices-eu-west-1.cpu.csv": {Data: []byte("# source: s3\n# date: d3\nmachine_type,usd_per_hour,note\nb,2,\n")}}
	got, err := pricing.WithPriceFiles("dir", files, pricing.Catalog{Notes: []string{"n"}})
	require.NoError(t, err)
	assert.Equal(t, pricing.Catalog{
		Notes: []string{"n"},
		Regions: map[string]pricing.Region{
			"us-east-1": {
				Machines:  map[string]pricing.Price{"a": {USD: 1, Unit: pricing.PerHour, Source: "s1", Date: "d"}},
				Resources: map[string]pricing.Price{"fee": fee},
			},
			// A region's parts merge, each row keeping its file's source.
			"eu-west-1": {Machines: map[string]pricing.Price{
				"a": {USD: 1, Unit: pricing.PerHour, Source: "s2", Date: "d"},
				"b": {USD: 2, Unit: pricing.PerHour, Source: "s3", Date: "d3"},
			}},
		},
	}, got)

	inGo := func(r pricing.Region) pricing.Catalog {
		return pricing.Catalog{Regions: map[string]pricing.Region{"r1": r}}
	}
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		c     pricing.Catalog
		want  string
	}{
		{"badly named", fstest.MapFS{"us-east-1.csv": {}}, pricing.Catalog{}, "dir/us-east-1.csv: a price file is named prices-<region>.csv, prices-<region>.<part>.csv or fees-<region>.csv"},
		{"a machine in two files of a region", fstest.MapFS{"prices-r1.csv": machines("s"), "prices-r1.cpu.csv": machines("t")}, pricing.Catalog{},
			"dir/prices-r1.csv: a in r1 is priced in dir/prices-r1.cpu.csv too: one source per price"},
		{"fees in parts", fstest.MapFS{"prices-r1.csv": machines("s"), "fees-r1.cpu.csv": fees}, pricing.Catalog{},
			"dir/fees-r1.cpu.csv: a region has one fees file, fees-r1.csv"},
		{"none", fstest.MapFS{}, pricing.Catalog{}, "dir: no machine price file"},
		{"fees only", fstest.MapFS{"fees-r1.csv": fees}, pricing.Catalog{}, "dir: no machine price file"},
		{"fees of a region without machines", fstest.MapFS{"prices-r1.csv": machines("s"), "fees-r2.csv": fees}, pricing.Catalog{},
			"dir/fees-r2.csv: region r2 has no machine prices (prices-r2.csv)"},
		{"machines in Go too", fstest.MapFS{"prices-r1.csv": machines("s")}, inGo(pricing.Region{Machines: map[string]pricing.Price{"a": fee}}),
			"dir/prices-r1.csv: region r1 already has machine prices"},
		{"fees in Go too", fstest.MapFS{"prices-r1.csv": machines("s"), "fees-r1.csv": fees}, inGo(pricing.Region{LoadBalancer: &fee}),
			"dir/fees-r1.csv: region r1 already has fees"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pricing.WithPriceFiles("dir", tc.files, tc.c)
			assert.EqualError(t, err, tc.want)
		})
	}
}

// Every price file the providers embed parses as the providers read it,
// and each price carries a source and date. The providers parse them at
// init too; this names the broken file:line without linking a cloud SDK.
func TestProviderPriceFilesParse(t *testing.T) {
	files, err := filepath.Glob("../../providers/*/*.csv")
	require.NoError(t, err)
	dirs := map[string]int{}
	spot := map[string]bool{}
	for _, f := range files {
		if filepath.Base(f) == "versions.csv" {
			continue // the provider's version calendar (internal/lifecycle)
		}
		if filepath.Base(f) == "spot.csv" {
			spot[filepath.Dir(f)] = true
			continue
		}
		dirs[filepath.Dir(f)]++
	}
	require.GreaterOrEqual(t, len(dirs), 3, "the eks, gke and aks price files")
	for dir, n := range dirs {
		c, err := pricing.WithPriceFiles(dir, withoutCalendar(t, dir), pricing.Catalog{})
		require.NoError(t, err)
		fees, machineFiles := 0, 0
		for region, r := range c.Regions {
			assert.NotEmpty(t, r.Machines, "%s %s", dir, region)
			// One machine file per source (prices-<region>.<part>.csv beside prices-<region>.csv).
			sources := map[string]bool{}
			for _, m := range r.Machines {
				sources[m.Source] = true
			}
			machineFiles += len(sources)
			prices := []pricing.Price{}
			for _, m := range []map[string]pricing.Price{r.Machines, r.Resources, r.Volumes} {
				for _, p := range m {
					prices = append(prices, p)
				}
			}
			for _, p := range []*pricing.Price{r.NodeDisk, r.LoadBalancer} {
				if p != nil {
					prices = append(prices, *p)
				}
			}
			for _, p := range prices {
				assert.True(t, p.USD > 0 && p.Source != "" && p.Date != "", "%s %s: %+v", dir, region, p)
			}
			// A tier may have no fee (AKS Free), never an unsourced one.
			tiers := 0
			for _, byTier := range r.Tiers {
				for _, p := range byTier {
					assert.True(t, p.USD >= 0 && p.Source != "" && p.Date != "", "%s %s: %+v", dir, region, p)
					tiers++
				}
			}
			if len(prices)+tiers > len(r.Machines) {
				fees++
			}
		}
		assert.Equal(t, n, machineFiles+fees, "%s: every file is read", dir)
		assert.Equal(t, spot[dir], len(c.SpotFamilies) > 0, "%s: spot.csv is read", dir)
	}
}

// withoutCalendar is the provider folder's CSV files but its version
// calendar, as the provider embeds its price files.
func withoutCalendar(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	require.NoError(t, err)
	out := fstest.MapFS{}
	for _, n := range names {
		if filepath.Base(n) == "versions.csv" {
			continue
		}
		data, err := os.ReadFile(n)
		require.NoError(t, err)
		out[filepath.Base(n)] = &fstest.MapFile{Data: data}
	}
	return out
}
