package datatable_test

import (
	"errors"
	"testing"

	"github.com/mlkube/mlkube/internal/datatable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var spec = datatable.Spec{
	Columns:  []string{"name", "count", "weight", "note"},
	Optional: []string{"note"},
	Meta:     []string{"source", "date"},
}

type item struct {
	count  int
	weight float64
	note   string
}

func parse(data string) (map[string]item, map[string]string, error) {
	got := map[string]item{}
	meta, err := datatable.Parse("t.csv", []byte(data), spec, func(r datatable.Row) error {
		c, err := r.Int("count")
		if err != nil {
			return err
		}
		w, err := r.Float("weight")
		if err != nil {
			return err
		}
		if w > 100 {
			return errors.New("too heavy")
		}
		got[r.Text("name")] = item{count: c, weight: w, note: r.Text("note")}
		return nil
	})
	return got, meta, err
}

func TestParse(t *testing.T) {
	got, meta, err := parse(`# A table, with its facts stated once.
# source: "a catalog", page 3: the list
# date: 2026-07-20
name,count,weight,note
a,1,0.096,
# a comment between rows
b, 2 ,21.957642,"quoted, with a comma"
`)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"source": `"a catalog", page 3: the list`, "date": "2026-07-20"}, meta)
	assert.Equal(t, map[string]item{
		"a": {count: 1, weight: 0.096},
		"b": {count: 2, weight: 21.957642, note: "quoted, with a comma"},
	}, got)
	// The parsed number is the same float64 a Go literal would be.
	assert.True(t, got["b"].weight == 21.957642)
}

// Every malformed table fails with the file and the line of the fault.
func TestParseErrors(t *testing.T) {
	const head = "# source: s\n# date: d\nname,count,weight,note\n"
	for _, tc := range []struct{ name, data, want string }{
		{"bad number", head + "a,1,0.096,\nb,1,O.5,\n", `t.csv:5: b: weight "O.5" is not a number`},
		{"bad int", head + "a,1.5,1,\n", `t.csv:4: a: count "1.5" is not a whole number`},
		{"row rejected", head + "a,1,101,\n", `t.csv:4: a: too heavy`},
		{"missing field", head + "a,1,2\n", `t.csv:4: 3 fields, want 4 (name,count,weight,note)`},
		{"extra field", head + "a,1,2,,x\n", `t.csv:4: 5 fields, want 4 (name,count,weight,note)`},
		{"empty required", head + "a,,2,\n", `t.csv:4: count is empty`},
		{"empty key", head + " ,1,2,\n", `t.csv:4: name is empty`},
		{"duplicate key", head + "a,1,2,\nb,1,2,\na,3,4,\n", `t.csv:6: name "a" is already on line 4`},
		{"wrong header", "# source: s\n# date: d\nname,weight,count,note\na,1,2,\n", `t.csv:3: header is name,weight,count,note, want name,count,weight,note`},
		{"no rows", head, `t.csv: no rows`},
		{"no header", "# source: s\n# date: d\n", `t.csv: no header row`},
		{"missing meta", "# source: s\nname,count,weight,note\na,1,2,\n", `t.csv: no "# date: ..." line`},
		{"meta twice", head + "# date: e\na,1,2,\n", `t.csv:4: date is already stated on line 2`},
		{"empty meta", "# source:\n# date: d\nname,count,weight,note\na,1,2,\n", `t.csv:1: source is empty`},
		{"bad quote", head + "a,1,2,\"x\n", `t.csv:4: extraneous or missing " in quoted-field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parse(tc.data)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestMustParsePanicsWithFileLine(t *testing.T) {
	assert.PanicsWithError(t, `t.csv:4: a: count "x" is not a whole number`, func() {
		datatable.MustParse("t.csv", []byte("# source: s\n# date: d\nname,count,weight,note\na,x,1,\n"), spec, func(r datatable.Row) error {
			_, err := r.Int("count")
			return err
		})
	})
}

// A key of several columns: a row is a duplicate only when all of them
// repeat, an empty key column is allowed when optional, and errors name the
// row by its non-empty key values.
func TestParseCompositeKey(t *testing.T) {
	kspec := datatable.Spec{Columns: []string{"kind", "name", "n"}, Optional: []string{"name"}, Key: []string{"kind", "name"}}
	read := func(data string) ([]string, error) {
		var got []string
		_, err := datatable.Parse("k.csv", []byte(data), kspec, func(r datatable.Row) error {
			if _, err := r.Int("n"); err != nil {
				return err
			}
			got = append(got, r.Text("kind")+"/"+r.Text("name"))
			return nil
		})
		return got, err
	}
	got, err := read("kind,name,n\na,x,1\nb,x,2\na,y,3\nc,,4\n")
	require.NoError(t, err)
	assert.Equal(t, []string{"a/x", "b/x", "a/y", "c/"}, got)

	for _, tc := range []struct{ name, data, want string }{
		{"both repeat", "kind,name,n\na,x,1\nb,x,2\na,x,3\n", `k.csv:4: kind name "a x" is already on line 2`},
		{"empty name twice", "kind,name,n\nc,,1\nc,,2\n", `k.csv:3: kind name "c" is already on line 2`},
		{"row error", "kind,name,n\na,x,one\n", `k.csv:2: a x: n "one" is not a whole number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(tc.data)
			assert.EqualError(t, err, tc.want)
		})
	}
}
