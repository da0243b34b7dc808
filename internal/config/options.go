package config

import (
	"reflect"
	"strings"
)

// ProviderOptions is the `cluster.<provider>` section of a stack file when
// config has no type for it: the provider package owns its options and
// decodes them with DecodeOptions, so a new cluster source adds no type
// here.
type ProviderOptions struct {
	// Path is the section's key path, e.g. "cluster.gke".
	Path string
	// Raw is the section as decoded from JSON (maps, lists, json.Number),
	// nil when the stack file has none.
	Raw any
}

// decodeConfig decodes the cluster section, setting aside the section named
// after the selected provider when config has no field of that name.
func (c *Cluster) decodeConfig(d *decoder, path string, raw any) {
	if raw == nil {
		return
	}
	m, ok := raw.(map[string]any)
	if !ok {
		d.errs.add(path, "must be an object with keys, got %s", describe(raw))
		return
	}
	kind, _ := m["provider"].(string)
	if _, typed := structFields(reflect.TypeOf(*c))[kind]; kind != "" && !typed {
		c.Options = ProviderOptions{Path: key(path, kind)}
		if section, ok := m[kind]; ok {
			c.Options.Raw = section
			rest := make(map[string]any, len(m)-1)
			for k, v := range m {
				if k != kind {
					rest[k] = v
				}
			}
			m = rest
		}
	}
	d.decodeStruct(path, m, reflect.ValueOf(c).Elem())
}

// DecodeOptions decodes a provider's options into out (a pointer to a
// struct with `json` tags, `min`/`max` on integers) as strictly as the rest
// of the stack file: every unknown key, wrong type and out-of-range number
// comes back as Errors with its key path.
func DecodeOptions(o ProviderOptions, out any) error {
	e := &errs{}
	if o.Raw != nil {
		(&decoder{errs: e}).decode(o.Path, o.Raw, reflect.ValueOf(out).Elem(), "")
	}
	return e.err()
}

// Problems collects key-path errors; providers use it for their own checks
// so their messages read like the rest of the stack file's.
type Problems struct{ list Errors }

// Add records a problem at path.
func (p *Problems) Add(path, format string, args ...any) { (*errs)(p).add(path, format, args...) }

// Merge adds every FieldError of err (when it is Errors) or err itself.
func (p *Problems) Merge(err error) {
	if err == nil {
		return
	}
	if list, ok := err.(Errors); ok {
		p.list = append(p.list, list...)
		return
	}
	p.list = append(p.list, FieldError{Message: err.Error()})
}

// Err is nil when nothing was recorded, otherwise the Errors.
func (p *Problems) Err() error { return (*errs)(p).err() }

// Key joins key-path segments as the stack file reads: Key("cluster", "gke").
func Key(parts ...string) string { return strings.Join(parts, ".") }

// Index is a list element's key path: Index("nodePools", 2) is nodePools[2].
func Index(parent string, i int) string { return index(parent, i) }
