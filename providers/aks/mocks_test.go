package aks

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
	subscription = "11111111-2222-3333-4444-555555555555"
	adminGroup   = "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"
	devCluster   = `{"provider":"aks","name":"ml","region":"eastus","kubernetesVersion":"1.33",
		"endpoint":{"public":true,"publicCidrs":["203.0.113.0/24"]},
		"admins":["` + adminGroup + `"],
		"aks":{"subscriptionId":"` + subscription + `"}}`
	prodCluster = `{"provider":"aks","name":"prod","region":"westeurope","kubernetesVersion":"1.33",
		"network":{"cidr":"10.20.0.0/16","zones":["1","2","3"]},
		"admins":["` + adminGroup + `","0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"],
		"aks":{"subscriptionId":"` + subscription + `","upgradeChannel":"stable"}}`
	devPools = `[
		{"name":"cpu","machineType":"Standard_D4s_v5","min":1,"max":3},
		{"name":"inference","machineType":"Standard_NC4as_T4_v3","min":0,"max":2,"spot":true,"gpu":{"model":"t4","count":1}},
		{"name":"train-a100","machineType":"Standard_NC24ads_A100_v4","min":0,"max":1,"gpu":{"model":"a100-80gb","count":1}}]`
)
