package eks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
)

// run is one run of New under the mock engine, answering with the
// provider's own offline data (as the plan does).
type run = mocktest.ClusterRun

// registered is one recorded resource with its inputs as plain values.
type registered = mocktest.Registration

// testConfig parses a stack the way the engine hands it to the program.
var testConfig = mocktest.ParseStack

// runNew runs New under the mock engine and waits for everything.
func runNew(t *testing.T, cfg *config.Config) *run {
	t.Helper()
	return mocktest.RunProvider(t, Provider, cfg)
}

// Stacks used by the tests.
const (
	devCluster = `{"provider":"eks","name":"ml","region":"us-east-1","kubernetesVersion":"1.33",
		"admins":["arn:aws:iam::123456789012:role/platform-admins"]}`
	publicCluster = `{"provider":"eks","name":"ml","region":"us-east-1",
		"endpoint":{"public":true,"publicCidrs":["203.0.113.0/24"]}}`
	prodCluster = `{"provider":"eks","name":"prod","region":"eu-west-1","kubernetesVersion":"1.33",
		"network":{"cidr":"10.20.0.0/16","zones":["eu-west-1a","eu-west-1b","eu-west-1c"]},
		"admins":["arn:aws:iam::123456789012:role/platform-admins","arn:aws:iam::123456789012:user/oncall"],
		"eks":{"efs":true}}`
	devPools = `[
		{"name":"system","machineType":"m6i.large","min":1,"max":3},
		{"name":"gpu","machineType":"g5.xlarge","min":0,"max":2,"spot":true,"gpu":{"model":"a10g","count":1}},
		{"name":"shared","machineType":"g4dn.xlarge","image":"bottlerocket","min":0,"max":1,
		 "gpu":{"model":"t4","count":1,"sharing":{"timeSlicing":4}}}]`
)
