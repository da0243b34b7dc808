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

func TestParseMachines(t *testing.T) {
	got, err := pricing.ParseMachines("p.csv", []byte(`# source: a generated price file (2026-07-20)
# date: 2026-07-20
machine_type,usd_per_hour,note
m6i.large,0.096,
p4d.24xlarge,21.957642,8 x A100
`))
	require.NoError(t, err)
	src := "a generated price file (2026-07-20)"
	assert.Equal(t, pricing.MachineTable{Source: src, Date: "2026-07-20", Machines: map[string]pricing.Price{
		"m6i.large":    {USD: 0.096, Unit: pricing.PerHour, Source: src, Date: "2026-07-20"},
		"p4d.24xlarge": {USD: 21.957642, Unit: pricing.PerHour, Source: src, Date: "2026-07-20"},
	}}, got)
}

// A row that would price a machine at zero, or not at all, fails with the
// file and line; so does a file that does not say where its prices are from.
func TestParseMachinesRejects(t *testing.T) {
	const head = "# source: s\n# date: d\nmachine_type,usd_per_hour,note\n"
	for _, tc := range []struct{ name, data, want string }{
		{"zero", head + "a,0,\n", "prices-r1.csv:4: a: usd_per_hour 0 is not above zero"},
		{"negative", head + "a,0.1,\nb,-1,\n", "prices-r1.csv:5: b: usd_per_hour -1 is not above zero"},
		{"empty price", head + "a,,\n", "prices-r1.csv:4: usd_per_hour is empty"},
		{"typo", head + "a,0.O96,\n", `prices-r1.csv:4: a: usd_per_hour "0.O96" is not a number`},
		{"twice", head + "a,1,\na,2,\n", `prices-r1.csv:5: machine_type "a" is already on line 4`},
		{"no source", "# date: d\nmachine_type,usd_per_hour,note\na,1,\n", `prices-r1.csv: no "# source: ..." line`},
		{"no date", "# source: s\nmachine_type,usd_per_hour,note\na,1,\n", `prices-r1.csv: no "# date: ..." line`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pricing.ParseMachines("prices-r1.csv", []byte(tc.data))
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			files := fstest.MapFS{"prices-r1.csv": {Data: []byte(tc.data)}}
			assert.PanicsWithError(t, "dir/"+tc.want, func() { pricing.MustWithMachineFiles("dir", files, pricing.Catalog{}) })
		})
	}
}

// Each prices-<region>.csv lands in its region beside the catalog's own
// prices for that region.
func TestWithMachineFiles(t *testing.T) {
	fee := pricing.Price{USD: 0.10, Unit: pricing.PerHour, Source: "fee page"}
	files := fstest.MapFS{
		"prices-us-east-1.csv": {Data: []byte("# source: s1\n# date: d1\nmachine_type,usd_per_hour,note\na,1,\n")},
		"prices-eu-west-1.csv": {Data: []byte("# source: s2\n# date: d2\nmachine_type,usd_per_hour,note\nb,2,\n")},
	}
	got, err := pricing.WithMachineFiles("dir", files, pricing.Catalog{
		Notes:   []string{"n"},
		Regions: map[string]pricing.Region{"us-east-1": {Resources: map[string]pricing.Price{"fee": fee}}},
	})
	require.NoError(t, err)
	assert.Equal(t, pricing.Catalog{
		Notes: []string{"n"},
		Regions: map[string]pricing.Region{
			"us-east-1": {
				Machines:  map[string]pricing.Price{"a": {USD: 1, Unit: pricing.PerHour, Source: "s1", Date: "d1"}},
				Resources: map[string]pricing.Price{"fee": fee},
			},
			"eu-west-1": {Machines: map[string]pricing.Price{"b": {USD: 2, Unit: pricing.PerHour, Source: "s2", Date: "d2"}}},
		},
	}, got)

	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		c     pricing.Catalog
		want  string
	}{
		{"badly named", fstest.MapFS{"us-east-1.csv": {}}, pricing.Catalog{}, "dir/us-east-1.csv: a machine price file is named prices-<region>.csv"},
		{"none", fstest.MapFS{}, pricing.Catalog{}, "dir: no machine price file"},
		{"machines in Go too", fstest.MapFS{"prices-r1.csv": files["prices-us-east-1.csv"]},
			pricing.Catalog{Regions: map[string]pricing.Region{"r1": {Machines: map[string]pricing.Price{"a": fee}}}},
			"dir/prices-r1.csv: region r1 already has machine prices"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pricing.WithMachineFiles("dir", tc.files, tc.c)
			assert.EqualError(t, err, tc.want)
		})
	}
}

// Every machine price file the providers embed parses as the providers
// read it, and each price carries its file's source and date. The
// providers parse them at init too; this names the broken file:line
// without linking a cloud SDK.
func TestProviderPriceFilesParse(t *testing.T) {
	files, err := filepath.Glob("../../providers/*/prices-*.csv")
	require.NoError(t, err)
	dirs := map[string]bool{}
	for _, f := range files {
		dirs[filepath.Dir(f)] = true
	}
	require.GreaterOrEqual(t, len(dirs), 3, "the eks, gke and aks price files")
	for dir := range dirs {
		c, err := pricing.WithMachineFiles(dir, os.DirFS(dir), pricing.Catalog{})
		require.NoError(t, err)
		for region, r := range c.Regions {
			assert.NotEmpty(t, r.Machines, "%s %s", dir, region)
			for name, p := range r.Machines {
				assert.True(t, p.USD > 0 && p.Unit == pricing.PerHour && p.Source != "" && p.Date != "", "%s %s %s: %+v", dir, region, name, p)
			}
		}
	}
}
