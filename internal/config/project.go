package config

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"
)

// ProjectKey is one key of Pulumi.yaml's `config:` schema.
type ProjectKey struct {
	Type    string `json:"type"`
	Secret  bool   `json:"secret"`
	Default any    `json:"default"`
	// HasDefault is whether the schema gives a default at all (a default of
	// "" or {} counts).
	HasDefault bool `json:"-"`
}

// ReadProjectSchema reads the `config:` schema of dir/Pulumi.yaml.
func ReadProjectSchema(dir string) (map[string]ProjectKey, error) {
	data, err := os.ReadFile(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Config map[string]map[string]any `json:"config"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading the project file Pulumi.yaml: %w", err)
	}
	out := map[string]ProjectKey{}
	for name, raw := range doc.Config {
		k := ProjectKey{}
		k.Type, _ = raw["type"].(string)
		k.Secret, _ = raw["secret"].(bool)
		k.Default, k.HasDefault = raw["default"]
		out[name] = k
	}
	return out, nil
}

// CheckProjectSchema reports, with key paths, what the Pulumi CLI refuses
// before it runs the program: it validates the stack's configuration against
// Pulumi.yaml's schema. The offline engine never runs the CLI, so without
// this a stack that plans cleanly could still fail at `pulumi up`'s first
// step. The rules are the CLI's (pkg/workspace, v3.259): a declared key
// without a default must be set by every stack; a declared secret key must
// be set encrypted (a plain default fails every stack that does not set it);
// a set value must have the declared type.
func CheckProjectSchema(schema map[string]ProjectKey, sf *StackFile) error {
	var e errs
	names := slices.Sorted(maps.Keys(schema))
	for _, name := range names {
		k := schema[name]
		full := name
		if !strings.Contains(name, ":") {
			full = sf.Project + ":" + name
		}
		v, set := sf.Typed[full]
		secretSet := slices.Contains(sf.SecretKeys, full)
		switch {
		case !set && !k.HasDefault:
			e.add(name, "Pulumi.yaml declares it without a default, so the Pulumi CLI requires every stack to set it; set it in %s or give it a default", sf.Path)
		case k.Secret && !set:
			e.add(name, "Pulumi.yaml declares it secret with a plain default, which the Pulumi CLI refuses (\"must be encrypted as it's secret\"); drop the default and the declaration, and set it with `pulumi config set --secret %s`", name)
		case k.Secret && !secretSet:
			e.add(name, "is declared secret in Pulumi.yaml but set in plain text; set it with `pulumi config set --secret %s`", name)
		case set && !secretSet && !typeMatches(k.Type, v):
			e.add(name, "Pulumi.yaml declares it of type %s, got %s", k.Type, describe(v))
		}
	}
	return e.err()
}

// typeMatches mirrors the CLI's check of a value against a declared type.
func typeMatches(typ string, v any) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return true
}
