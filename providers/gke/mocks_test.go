package gke

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
)

// run is one run of New under the mock engine, answering with the
// provider's own offline data (as the plan does).
type run = mocktest.ClusterRun

// testConfig parses a stack the way the engine hands it to the program.
var testConfig = mocktest.ParseStack

// runNew runs New under the mock engine and waits for everything.
func runNew(t *testing.T, cfg *config.Config) *run {
	t.Helper()
	return mocktest.RunProvider(t, Provider, cfg)
}

// Stacks used by the tests.
const (
	devCluster = `{"provider":"gke","name":"ml","region":"us-central1","kubernetesVersion":"1.33",
		"endpoint":{"public":true,"publicCidrs":["203.0.113.0/24"]},
		"admins":["user:alice@example.com"],
		"gke":{"project":"acme-ml-dev","zonal":true}}`
	prodCluster = `{"provider":"gke","name":"prod","region":"europe-west4","kubernetesVersion":"1.33",
		"network":{"cidr":"10.20.0.0/16","zones":["europe-west4-a","europe-west4-b","europe-west4-c"]},
		"admins":["group:platform@example.com"],
		"gke":{"project":"acme-ml-prod","filestore":true,"securityGroup":"gke-security-groups@example.com"}}`
	devPools = `[
		{"name":"system","machineType":"n2-standard-4","min":1,"max":3},
		{"name":"batch","machineType":"n2-standard-8","min":0,"max":5,"spot":true,
		 "taints":[{"key":"batch","value":"true","effect":"NoExecute"}],"labels":{"team":"research"}},
		{"name":"gpu","machineType":"g2-standard-8","min":0,"max":2,"spot":true,"gpu":{"model":"l4","count":1}},
		{"name":"shared","machineType":"g2-standard-24","min":0,"max":1,
		 "gpu":{"model":"l4","count":2,"sharing":{"timeSlicing":4}}},
		{"name":"train","machineType":"a2-highgpu-8g","min":0,"max":2,
		 "gpu":{"model":"a100","count":8,"sharing":{"mig":{"strategy":"single","profile":"all-1g.5gb"}}}}]`
)
