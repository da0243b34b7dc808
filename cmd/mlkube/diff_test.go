package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDiffFailOnDestructive plans dev-eks as it is and with its GPU pool
// renamed onto a larger machine, then diffs the two plan files as a
// pipeline would: the node group's replacement is destructive, so
// --fail-on destructive exits 1; identical plans exit 0.
func TestDiffFailOnDestructive(t *testing.T) {
	stack, err := os.ReadFile("../../stacks/Pulumi.dev-eks.yaml")
	require.NoError(t, err)
	changed := strings.Replace(string(stack), "- name: gpu\n      machineType: g5.xlarge", "- name: gpu-a10\n      machineType: g5.2xlarge", 1)
	changed = strings.ReplaceAll(changed, "pool: gpu\n", "pool: gpu-a10\n")
	require.NotEqual(t, string(stack), changed)

	out := t.TempDir()
	plans := map[string]string{}
	for name, yaml := range map[string]string{"base": string(stack), "head": changed} {
		dir := project(t, "dev-eks", yaml)
		plans[name] = filepath.Join(out, name+".json")
		code, _, stderr := mlkube("plan", "--dir", dir, "--stack", "dev-eks", "--format", "json", "--out", plans[name])
		require.Equal(t, exitOK, code, stderr)
	}

	code, md, stderr := mlkube("diff", "--fail-on", "destructive", plans["base"], plans["head"])
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, stderr, "1 destructive change(s)")
	assert.Contains(t, md, "NodeGroup **ml-dev-gpu-a10** (replaced: renamed ml-dev-gpu → ml-dev-gpu-a10")
	assert.Contains(t, md, "instanceTypes")

	code, md, _ = mlkube("diff", plans["base"], plans["head"])
	assert.Equal(t, exitOK, code, "without --fail-on the diff only reports")
	assert.Contains(t, md, "**1 destructive**")

	code, md, _ = mlkube("diff", "--fail-on", "destructive", plans["base"], plans["base"])
	assert.Equal(t, exitOK, code)
	assert.Contains(t, md, "0 added, 0 changed, 0 replaced, 0 deleted · 0 destructive")

	code, _, _ = mlkube("diff", "--fail-on", "everything", plans["base"], plans["head"])
	assert.Equal(t, exitUsage, code)
}
