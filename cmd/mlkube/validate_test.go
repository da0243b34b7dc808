package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eksStack is the shipped dev-eks stack with edits: the provider's checks
// and the workload checks both see the cluster EKS will build.
func eksStack(t *testing.T, edits ...string) string {
	t.Helper()
	b, err := os.ReadFile("../../stacks/Pulumi.dev-eks.yaml")
	require.NoError(t, err)
	s := string(b)
	for i := 0; i < len(edits); i += 2 {
		require.Contains(t, s, edits[i])
		s = strings.Replace(s, edits[i], edits[i+1], 1)
	}
	return s
}

// TestValidateReportsStackAndProviderProblemsAtOnce: a stack-file mistake
// (a mutable image tag), a provider mistake (a region EKS does not have)
// and a workload the described cluster cannot serve (a canary behind the
// AWS Load Balancer Controller, which splits no traffic, once the Gateway
// is turned off) come back in one run, each under its key.
func TestValidateReportsStackAndProviderProblemsAtOnce(t *testing.T) {
	yaml := eksStack(t,
		"region: us-east-1", "region: useast1",
		"image: ghcr.io/mlkube/examples/trainer:2.1.0", "image: ghcr.io/mlkube/examples/trainer:latest",
		"        probes:\n", `        expose:
          type: ingress
          host: llm.example.com
          canary: {image: "ghcr.io/mlkube/examples/llm-server:1.5.0", weight: 10}
        probes:
`,
		"  mlkube:workloads:\n", "  mlkube:addons:\n    gateway: {enabled: false}\n    ingress: {enabled: true}\n  mlkube:workloads:\n")
	dir := project(t, "mixed", yaml)
	code, stdout, stderr := mlkube("validate", "--stack", "mixed", "--dir", dir)
	assert.Equal(t, exitProblems, code)
	assert.Empty(t, stdout)
	for _, want := range []string{
		"cluster.region: ",
		`workloads.training[0].image: "ghcr.io/mlkube/examples/trainer:latest" uses the mutable tag "latest"`,
		`workloads.inference[0].expose.canary: the ingress controller of class "alb" does not split traffic by weight or header`,
	} {
		assert.Contains(t, stderr, want)
	}
}

// TestValidateRefusesIdentityOnOwnServers: a kubeadm cluster gives workloads
// no cloud identity, and validate says so under the identity key instead
// of failing once the cluster is registered.
func TestValidateRefusesIdentityOnOwnServers(t *testing.T) {
	b, err := os.ReadFile("../../stacks/Pulumi.onprem-kubeadm.yaml")
	require.NoError(t, err)
	s := string(b)
	at := strings.Index(s, "    training:\n      - name: ")
	require.GreaterOrEqual(t, at, 0, "the onprem stack has a training job")
	line := strings.Index(s[at+len("    training:\n"):], "\n") + at + len("    training:\n") + 1
	s = s[:line] + "        identity: {read: [\"s3://bucket/data\"]}\n" + s[line:]
	dir := project(t, "onprem", s)
	code, _, stderr := mlkube("validate", "--stack", "onprem", "--dir", dir)
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, stderr, "workloads.training[0].identity: cluster provider kubeadm gives workloads no cloud identity")
}
