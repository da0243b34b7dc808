package pricing_test

import (
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
			assert.PanicsWithError(t, "dir/"+tc.want, func() { pricing.MustWithPriceFiles("dir", files, pricing.Catalog{}) })
		})
	}
}
