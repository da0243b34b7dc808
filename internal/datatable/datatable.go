// Package datatable reads the sourced data tables mlkube embeds (machine
// sizes, list prices). A table is CSV with a header row; lines that start
// with # are comments, and a comment of the form "# key: value" states a
// fact for the whole file, such as where its rows were read and when, so it
// is written once and stays beside the rows it covers.
//
// The rules are strict so that a typo fails loudly instead of dropping a
// row: the header must name the expected columns in order, every row has
// them all, only optional columns may be empty, the row's key (the first
// column, or the columns Spec.Key names) is unique, and every error names
// file:line.
package datatable

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Spec is the shape a table must have.
type Spec struct {
	// Columns is the header row, in order.
	Columns []string
	// Key are the columns whose values together identify a row and may
	// appear once in a file; when empty, the first column is the key.
	Key []string
	// Optional are the columns that may be empty.
	Optional []string
	// Meta are the "# key: value" lines the file must state exactly once.
	Meta []string
}

// Row is one data row. Its accessors return errors that name the column;
// Parse adds the file and line.
type Row struct {
	spec   *Spec
	meta   map[string]string
	fields []string
}

// Meta is the value of the file's "# key: value" line, one of Spec.Meta.
func (r Row) Meta(key string) string {
	if !slices.Contains(r.spec.Meta, key) {
		panic(fmt.Sprintf("datatable: no meta key %q in %v", key, r.spec.Meta))
	}
	return r.meta[key]
}

// Text is the field in column col.
func (r Row) Text(col string) string {
	i := slices.Index(r.spec.Columns, col)
	if i < 0 {
		panic(fmt.Sprintf("datatable: no column %q in %v", col, r.spec.Columns))
	}
	return r.fields[i]
}

// key is the row's identity in the key columns (id, unambiguous) and how
// errors name it (text: the non-empty values joined by spaces).
func (r Row) key(cols []string) (id, text string) {
	var all, shown []string
	for _, c := range cols {
		v := r.Text(c)
		all = append(all, v)
		if v != "" {
			shown = append(shown, v)
		}
	}
	return strings.Join(all, "\x00"), strings.Join(shown, " ")
}

// Float is the field in column col as a number; an empty optional field is 0.
func (r Row) Float(col string) (float64, error) {
	s := r.Text(col)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a number", col, s)
	}
	return v, nil
}

// Int is the field in column col as a whole number; an empty optional
// field is 0.
func (r Row) Int(col string) (int, error) {
	s := r.Text(col)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a whole number", col, s)
	}
	return v, nil
}

// Parse reads the table in data (named name in errors, e.g. its path), calls
// each for every row in file order and returns the file's meta values.
// An error from each is returned with the row's file:line in front.
func Parse(name string, data []byte, spec Spec, each func(Row) error) (map[string]string, error) {
	meta, err := readMeta(name, data, spec.Meta)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = len(spec.Columns)
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	if !slices.Equal(header, spec.Columns) {
		line, _ := r.FieldPos(0)
		return nil, fmt.Errorf("%s:%d: header is %s, want %s", name, line, strings.Join(header, ","), strings.Join(spec.Columns, ","))
	}
	keyCols := spec.Key
	if len(keyCols) == 0 {
		keyCols = spec.Columns[:1]
	}
	seen := map[string]int{}
	for {
		fields, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, csv.ErrFieldCount) {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d (%s)", name, line, len(fields), len(spec.Columns), strings.Join(spec.Columns, ","))
		}
		for i, f := range fields {
			fields[i] = strings.TrimSpace(f)
			if fields[i] == "" && !slices.Contains(spec.Optional, spec.Columns[i]) {
				return nil, fmt.Errorf("%s:%d: %s is empty", name, line, spec.Columns[i])
			}
		}
		row := Row{spec: &spec, meta: meta, fields: fields}
		id, key := row.key(keyCols)
		if first, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s:%d: %s %q is already on line %d", name, line, strings.Join(keyCols, " "), key, first)
		}
		seen[id] = line
		if err := each(row); err != nil {
			return nil, fmt.Errorf("%s:%d: %s: %w", name, line, key, err)
		}
	}
	if len(seen) == 0 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	return meta, nil
}

// MustParse is Parse for tables embedded in the binary: a malformed
// embedded table is a bug, so it panics naming file:line.
func MustParse(name string, data []byte, spec Spec, each func(Row) error) map[string]string {
	meta, err := Parse(name, data, spec, each)
	if err != nil {
		panic(err)
	}
	return meta
}

// readMeta finds the "# key: value" comment lines of the wanted keys.
func readMeta(name string, data []byte, keys []string) (map[string]string, error) {
	meta := map[string]string{}
	lineOf := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		text, ok := strings.CutPrefix(strings.TrimSpace(line), "#")
		if !ok {
			continue
		}
		key, value, ok := strings.Cut(strings.TrimSpace(text), ":")
		if !ok || !slices.Contains(keys, key) {
			continue
		}
		if first, dup := lineOf[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s is already stated on line %d", name, i+1, key, first)
		}
		if meta[key] = strings.TrimSpace(value); meta[key] == "" {
			return nil, fmt.Errorf("%s:%d: %s is empty", name, i+1, key)
		}
		lineOf[key] = i + 1
	}
	for _, k := range keys {
		if _, ok := meta[k]; !ok {
			return nil, fmt.Errorf("%s: no %q line", name, "# "+k+": ...")
		}
	}
	return meta, nil
}

// csvError puts the file name in front of a CSV syntax error's line.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %w", name, pe.Line, pe.Err)
	}
	if err == io.EOF {
		return fmt.Errorf("%s: no header row", name)
	}
	return fmt.Errorf("%s: %w", name, err)
}
