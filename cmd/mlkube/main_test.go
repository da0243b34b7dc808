package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mlkube(args ...string) (code int, stdout, stderr string) {
	var out, errw bytes.Buffer
	code = run(args, &out, &errw)
	return code, out.String(), errw.String()
}

// project makes a throwaway project with one stack file.
func project(t *testing.T, stack, yaml string) string {
	t.Helper()
	dir := t.TempDir()
	pulumiYAML, err := os.ReadFile("../../Pulumi.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), pulumiYAML, 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "stacks"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stacks", "Pulumi."+stack+".yaml"), []byte(yaml), 0o644))
	return dir
}

const brokenStack = `config:
  mlkube:cluster:
    provider: existing
    name: lab
    kubernetesVersion: "2.0"
  mlkube:nodePools:
    - name: cpu
      nodes: [lab-0]
    - name: gpu
      nodes: [lab-gpu-0]
      gpu: {model: t4, count: 0.5}
  mlkube:workloads:
    teams: [{name: ml, quota: {gpus: 4}}]
    training:
      - name: train
        team: ml
        image: trainer:latest
        pool: cpu
        gpu: 1
        resources: {requests: {cpu: "2", memory: 1Gi}, limits: {cpu: "1", memory: 1Gi}}
`

func TestValidateListsEveryMistake(t *testing.T) {
	dir := project(t, "broken", brokenStack)
	code, stdout, stderr := mlkube("validate", "--stack", "broken", "--dir", dir)
	assert.Equal(t, exitProblems, code)
	assert.Empty(t, stdout)
	for _, want := range []string{
		"stacks/Pulumi.broken.yaml: 5 problem(s):",
		`cluster.kubernetesVersion: must be a minor version such as "1.36" (quoted), got "2.0"`,
		"nodePools[1].gpu.count: must be a whole number from 1 to 16, got 0.5",
		`workloads.training[0].image: "trainer:latest" uses the mutable tag "latest"`,
		`workloads.training[0].gpu: asks for 1 GPU(s) but pool "cpu" has no GPUs`,
		"workloads.training[0].resources.requests.cpu: request 2 is above the limit 1",
	} {
		assert.Contains(t, stderr, want)
	}
	assert.NotContains(t, stderr, "goroutine", "no stack trace")
}

func TestValidateShippedStack(t *testing.T) {
	code, stdout, stderr := mlkube("validate", "--stack", "local", "--dir", "../..")
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "stack local is valid")
}

func TestPlanJSONIsByteIdentical(t *testing.T) {
	code, first, stderr := mlkube("plan", "--stack", "local", "--format", "json", "--dir", "../..")
	require.Equal(t, exitOK, code, stderr)
	_, second, _ := mlkube("plan", "--stack", "local", "--format", "json", "--dir", "../..")
	assert.Equal(t, first, second)
	assert.True(t, strings.HasPrefix(first, "{\n  \"stack\": \"local\",\n  \"project\": \"mlkube\","))
}

func TestDiffOfTwoPlans(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.json")
	code, _, stderr := mlkube("plan", "--stack", "local", "--format", "json", "--dir", "../..", "--out", base)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, _ := mlkube("diff", base, base)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "No changes.")
}

func TestUsageErrors(t *testing.T) {
	code, _, stderr := mlkube("frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown command "frobnicate"`)
	code, _, stderr = mlkube("plan", "--stack", "nope", "--dir", "../..")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `no stack "nope"`)
	code, _, _ = mlkube("diff", "only-one.json")
	assert.Equal(t, exitUsage, code)
}
