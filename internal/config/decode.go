package config

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// decoder fills typed configuration from generic JSON values (as produced by
// encoding/json with UseNumber). Unlike encoding/json it keeps going after a
// mistake, so every unknown key, wrong type and out-of-range number is
// reported at once with its key path.
//
// Struct fields are matched by their `json` tag name. Integer fields may carry
// `min:"N"` and `max:"N"` tags; the bounds are part of the error message so a
// user sees the rule and the offending value together.
type decoder struct{ errs *errs }

// customDecoder is implemented by configuration types whose stack-file
// spelling is not a plain struct (for example GPU sharing, which is either
// `none` or a one-key object).
type customDecoder interface {
	decodeConfig(d *decoder, path string, raw any)
}

var customDecoderType = reflect.TypeOf((*customDecoder)(nil)).Elem()

func (d *decoder) decode(path string, raw any, out reflect.Value, tag reflect.StructTag) {
	if out.Kind() != reflect.Pointer && out.CanAddr() && out.Addr().Type().Implements(customDecoderType) {
		out.Addr().Interface().(customDecoder).decodeConfig(d, path, raw)
		return
	}
	if raw == nil {
		return // null keeps the zero value, which defaults then fill in
	}
	switch out.Kind() {
	case reflect.Pointer:
		v := reflect.New(out.Type().Elem())
		d.decode(path, raw, v.Elem(), tag)
		out.Set(v)
	case reflect.Struct:
		d.decodeStruct(path, raw, out)
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok {
			d.errs.add(path, "must be a map of keys to values, got %s", describe(raw))
			return
		}
		if out.IsNil() {
			out.Set(reflect.MakeMap(out.Type()))
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			v := reflect.New(out.Type().Elem()).Elem()
			d.decode(key(path, k), m[k], v, "")
			out.SetMapIndex(reflect.ValueOf(k), v)
		}
	case reflect.Slice:
		list, ok := raw.([]any)
		if !ok {
			d.errs.add(path, "must be a list, got %s", describe(raw))
			return
		}
		s := reflect.MakeSlice(out.Type(), len(list), len(list))
		for i, item := range list {
			d.decode(index(path, i), item, s.Index(i), tag)
		}
		out.Set(s)
	case reflect.String:
		switch v := raw.(type) {
		case string:
			out.SetString(v)
		case json.Number:
			d.errs.add(path, "must be a string, got the number %s: quote the value in the stack file (YAML reads 1.30 as the number 1.3)", v)
		default:
			d.errs.add(path, "must be a string, got %s", describe(raw))
		}
	case reflect.Bool:
		b, ok := raw.(bool)
		if !ok {
			d.errs.add(path, "must be true or false, got %s", describe(raw))
			return
		}
		out.SetBool(b)
	case reflect.Int, reflect.Int32, reflect.Int64:
		d.decodeInt(path, raw, out, tag)
	case reflect.Float64:
		n, ok := raw.(json.Number)
		f, err := n.Float64()
		if !ok || err != nil {
			d.errs.add(path, "must be a number, got %s", describe(raw))
			return
		}
		out.SetFloat(f)
	case reflect.Interface:
		out.Set(reflect.ValueOf(plain(raw)))
	default:
		panic(fmt.Sprintf("config: unsupported field kind %s at %s", out.Kind(), path))
	}
}

func (d *decoder) decodeInt(path string, raw any, out reflect.Value, tag reflect.StructTag) {
	rule := intRule(tag)
	n, ok := raw.(json.Number)
	if !ok {
		d.errs.add(path, "must be %s, got %s", rule, describe(raw))
		return
	}
	f, err := n.Float64()
	if err != nil || f != math.Trunc(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<53 {
		d.errs.add(path, "must be %s, got %s", rule, n)
		return
	}
	i := int64(f)
	if lo, ok := tag.Lookup("min"); ok && i < mustInt(lo) {
		d.errs.add(path, "must be %s, got %s", rule, n)
		return
	}
	if hi, ok := tag.Lookup("max"); ok && i > mustInt(hi) {
		d.errs.add(path, "must be %s, got %s", rule, n)
		return
	}
	out.SetInt(i)
}

func intRule(tag reflect.StructTag) string {
	lo, hasLo := tag.Lookup("min")
	hi, hasHi := tag.Lookup("max")
	switch {
	case hasLo && hasHi:
		return fmt.Sprintf("a whole number from %s to %s", lo, hi)
	case hasLo:
		return "a whole number >= " + lo
	case hasHi:
		return "a whole number <= " + hi
	}
	return "a whole number"
}

func mustInt(s string) int64 {
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic("config: bad bound tag " + s)
	}
	return i
}

func (d *decoder) decodeStruct(path string, raw any, out reflect.Value) {
	m, ok := raw.(map[string]any)
	if !ok {
		d.errs.add(path, "must be an object with keys, got %s", describe(raw))
		return
	}
	fields := structFields(out.Type())
	for _, k := range slices.Sorted(maps.Keys(m)) {
		f, ok := fields[k]
		if !ok {
			d.errs.add(key(path, k), "unknown key%s; known keys here: %s", suggest(k, fields), strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
			continue
		}
		d.decode(key(path, k), m[k], out.FieldByIndex(f.Index), f.Tag)
	}
}

// structFields maps stack-file key names to fields, inlining embedded structs.
func structFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && name == "" {
			for n, inner := range structFields(f.Type) {
				inner.Index = append([]int{i}, inner.Index...)
				out[n] = inner
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

// suggest names the closest known key when the unknown one looks like a typo.
func suggest(k string, fields map[string]reflect.StructField) string {
	best, bestDist := "", 3
	for _, n := range slices.Sorted(maps.Keys(fields)) {
		if d := editDistance(strings.ToLower(k), strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func describe(raw any) string {
	switch v := raw.(type) {
	case nil:
		return "nothing"
	case string:
		return strconv.Quote(v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return "the boolean " + strconv.FormatBool(v)
	case []any:
		return fmt.Sprintf("a list of %d item(s)", len(v))
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", raw)
}

// plain turns json.Number leaves into int64 or float64 so free-form values
// (Helm values overrides) marshal the way the user wrote them.
func plain(raw any) any {
	switch v := raw.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case []any:
		out := make([]any, len(v))
		for i := range v {
			out[i] = plain(v[i])
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = plain(x)
		}
		return out
	}
	return raw
}
