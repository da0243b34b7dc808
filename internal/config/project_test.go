package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every shipped stack passes the CLI's own validation of Pulumi.yaml's
// schema, which runs before the program and which the offline plan never
// sees.
func TestShippedStacksPassProjectSchema(t *testing.T) {
	schema, err := ReadProjectSchema("../..")
	require.NoError(t, err)
	require.NotEmpty(t, schema)
	for _, stack := range ListStacks("../..") {
		sf, err := ReadStack("../..", stack)
		require.NoError(t, err)
		assert.NoError(t, CheckProjectSchema(schema, sf), stack)
	}
}

func TestProjectSchemaRules(t *testing.T) {
	stack := func(yaml string) *StackFile {
		sf, err := ParseStackFile("mlkube", "s", []byte(yaml))
		require.NoError(t, err)
		sf.Path = "stacks/Pulumi.s.yaml"
		return sf
	}
	cases := []struct {
		name   string
		schema map[string]ProjectKey
		stack  string
		want   string // "" for no error
	}{
		{"secret with plain default, unset", map[string]ProjectKey{"kubeconfig": {Type: "string", Secret: true, Default: "", HasDefault: true}},
			"config: {}", `kubeconfig: Pulumi.yaml declares it secret with a plain default`},
		{"secret set in plain text", map[string]ProjectKey{"token": {Type: "string", Secret: true}},
			"config: {mlkube:token: abc}", "token: is declared secret in Pulumi.yaml but set in plain text"},
		{"secret set encrypted", map[string]ProjectKey{"token": {Type: "string", Secret: true}},
			"config: {mlkube:token: {secure: AAAbbb}}", ""},
		{"required key missing", map[string]ProjectKey{"cluster": {Type: "object"}},
			"config: {}", "cluster: Pulumi.yaml declares it without a default"},
		{"wrong type", map[string]ProjectKey{"nodePools": {Type: "array", HasDefault: true}},
			"config: {mlkube:nodePools: {a: 1}}", "nodePools: Pulumi.yaml declares it of type array"},
		{"default covers an unset key", map[string]ProjectKey{"addons": {Type: "object", HasDefault: true, Default: map[string]any{}}},
			"config: {}", ""},
		{"integer", map[string]ProjectKey{"n": {Type: "integer", HasDefault: true}}, "config: {mlkube:n: 1.5}", "n: Pulumi.yaml declares it of type integer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckProjectSchema(c.schema, stack(c.stack))
			if c.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
