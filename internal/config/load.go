package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"
)

// Namespace is the config namespace of mlkube's keys (the project name).
const Namespace = "mlkube"

// SecretPlaceholder stands in for `secure:` values when a stack file is read
// without its secrets provider (validate, plan).
const SecretPlaceholder = "[secret]"

// Keys are the top-level keys of a stack file, without the namespace.
func Keys() []string { return slices.Sorted(maps.Keys(structFields(reflect.TypeOf(Config{})))) }

// Parse builds the configuration from raw Pulumi config values, keyed
// "mlkube:<key>", as the engine hands them to a program: strings as they are,
// objects and lists as JSON text. Keys of other namespaces are ignored.
// checks are further rules the layers above own (the workload components'
// rules, run by the platform): their problems join the same list, so the
// user sees every problem at once.
func Parse(project, stack string, raw map[string]string, checks ...func(*Config) error) (*Config, error) {
	c := &Config{Project: project, Stack: stack}
	e := &errs{}
	today, err := lifecycle.Today()
	if err != nil {
		return nil, err
	}
	c.Today = today
	d := &decoder{errs: e}
	fields := structFields(reflect.TypeOf(*c))
	out := reflect.ValueOf(c).Elem()
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		ns, name, ok := strings.Cut(k, ":")
		if !ok || ns != Namespace {
			continue
		}
		f, ok := fields[name]
		if !ok {
			e.add(name, "unknown key%s; known keys: %s", suggest(name, fields), strings.Join(Keys(), ", "))
			continue
		}
		field := out.FieldByIndex(f.Index)
		if field.Kind() == reflect.String {
			field.SetString(raw[k])
			continue
		}
		v, err := decodeJSON(raw[k])
		if err != nil {
			e.add(name, "is not valid structured config: %v", err)
			continue
		}
		d.decode(name, v, field, f.Tag)
	}
	if _, ok := raw[Namespace+":cluster"]; !ok {
		e.add("cluster", "is required (set %s:cluster in the stack file)", Namespace)
	}
	// Go on after decode errors so the user sees every problem at once; a
	// field that failed to decode keeps its zero value, so checks on that
	// same path would only repeat the problem and are dropped. Likewise a
	// key the stack file's own rules refused is not judged again by the
	// layers above (a malformed version is not looked up in a calendar).
	decodeErrs := e.list
	applyDefaults(c)
	if err := validate(c); err != nil {
		for _, v := range asErrors(err) {
			if !underAny(v.Path, decodeErrs) {
				e.list = append(e.list, v)
			}
		}
	}
	refused := e.list
	for _, check := range checks {
		if err := check(c); err != nil {
			for _, v := range asErrors(err) {
				if !underAny(v.Path, decodeErrs) && !refused.has(v.Path) {
					e.list = append(e.list, v)
				}
			}
		}
	}
	sort.SliceStable(e.list, func(i, j int) bool { return naturalLess(e.list[i].Path, e.list[j].Path) })
	if err := e.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// naturalLess orders key paths as they read in a file: nodePools[2] before
// nodePools[10].
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		if da != "" && db != "" {
			if len(da) != len(db) {
				return len(da) < len(db)
			}
			if da != db {
				return da < db
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digitsPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// asErrors is err's list of key-path problems; an error of another kind
// is one problem of no key.
func asErrors(err error) Errors {
	if list, ok := err.(Errors); ok {
		return list
	}
	return Errors{{Message: err.Error()}}
}

// has reports whether a problem names exactly path.
func (list Errors) has(path string) bool {
	for _, d := range list {
		if d.Path == path {
			return true
		}
	}
	return false
}

func underAny(path string, list Errors) bool {
	for _, d := range list {
		if path == d.Path || strings.HasPrefix(path, d.Path+".") || strings.HasPrefix(path, d.Path+"[") {
			return true
		}
	}
	return false
}

func decodeJSON(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// FromContext reads the configuration of the running Pulumi program.
func FromContext(ctx *pulumi.Context, checks ...func(*Config) error) (*Config, error) {
	raw := map[string]string{}
	for _, k := range Keys() {
		full := Namespace + ":" + k
		if v, ok := ctx.GetConfig(full); ok {
			raw[full] = v
		}
	}
	return Parse(ctx.Project(), ctx.Stack(), raw, append([]func(*Config) error{RequireEncrypted(ctx.Stack(), encryptedInContext(ctx))}, checks...)...)
}

// StackFile is a stack's configuration read from stacks/Pulumi.<stack>.yaml.
type StackFile struct {
	Project string
	Stack   string
	Path    string
	// Values are the raw config values as the engine would pass them.
	Values map[string]string
	// SecretKeys are the keys whose values were `secure:` (now placeholders).
	SecretKeys []string
	// Typed are the values as YAML typed them (secrets redacted), keyed like
	// Values, for checks that mirror the CLI's type validation.
	Typed map[string]any
}

// ReadStack reads stacks/Pulumi.<stack>.yaml under the project directory
// dir. Secret values are replaced by SecretPlaceholder: nothing offline
// needs them, and they never reach a plan.
func ReadStack(dir, stack string) (*StackFile, error) {
	project, err := projectName(dir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "stacks", "Pulumi."+stack+".yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("no stack %q: %s does not exist (stacks available: %s)", stack, path, strings.Join(ListStacks(dir), ", "))
		}
		return nil, err
	}
	sf, err := ParseStackFile(project, stack, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sf.Path = path
	return sf, nil
}

// ParseStackFile reads the `config:` section of a stack file.
func ParseStackFile(project, stack string, data []byte) (*StackFile, error) {
	var doc struct {
		Config map[string]any `json:"config"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not valid YAML: %w", err)
	}
	sf := &StackFile{Project: project, Stack: stack, Values: map[string]string{}, Typed: map[string]any{}}
	for k, v := range doc.Config {
		full := k
		if !strings.Contains(k, ":") {
			full = project + ":" + k
		}
		v, secret := redactSecure(v)
		if secret {
			sf.SecretKeys = append(sf.SecretKeys, full)
		}
		sf.Typed[full] = v
		if s, ok := v.(string); ok {
			sf.Values[full] = s
			continue
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return nil, fmt.Errorf("config %s: %w", k, err)
		}
		sf.Values[full] = strings.TrimSpace(buf.String())
	}
	sort.Strings(sf.SecretKeys)
	return sf, nil
}

// redactSecure replaces `{secure: ...}` values, at any depth, by the placeholder.
func redactSecure(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["secure"]; ok && len(x) == 1 {
			return SecretPlaceholder, true
		}
		any := false
		for k := range x {
			var s bool
			x[k], s = redactSecure(x[k])
			any = any || s
		}
		return x, any
	case []any:
		any := false
		for i := range x {
			var s bool
			x[i], s = redactSecure(x[i])
			any = any || s
		}
		return x, any
	}
	return v, false
}

// Load reads and validates a stack from the project directory dir.
func Load(dir, stack string) (*Config, *StackFile, error) {
	sf, err := ReadStack(dir, stack)
	if err != nil {
		return nil, nil, err
	}
	c, err := sf.Parse()
	return c, sf, err
}

// ListStacks names the stacks in dir/stacks, sorted.
func ListStacks(dir string) []string {
	matches, _ := filepath.Glob(filepath.Join(dir, "stacks", "Pulumi.*.yaml"))
	var out []string
	for _, m := range matches {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml"))
	}
	sort.Strings(out)
	return out
}

func projectName(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return "", fmt.Errorf("no Pulumi.yaml in %s: run mlkube from the project root or pass --dir", dir)
	}
	var p struct {
		Name string `json:"name"`
	}
	if err := yaml.Unmarshal(data, &p); err != nil || p.Name == "" {
		return "", fmt.Errorf("%s: Pulumi.yaml has no project name", dir)
	}
	return p.Name, nil
}
