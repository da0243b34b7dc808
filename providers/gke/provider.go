package gke

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/mlkube/mlkube/providers/gke/gketest"
)

// Kind is the cluster.provider value of GKE.
const Kind = "gke"

// Provider is the GKE cluster source (providers.All lists it). A GKE
// node pool is one machine type (nodeConfig.machineType); a computeClass
// pool lists several, and may order GKE's flex-start tier.
var Provider = cluster.Source{
	Kind: Kind, Validate: Validate, Support: Support, Describe: Describe, New: newCluster, Offline: offline,
	PoolSupport: cluster.PoolSupport{
		Provisioners:    []string{config.ProvisionerComputeClass},
		MachineTypesWhy: "a GKE node pool has one machine type; with provisioner: computeClass GKE tries each listed type in turn",
		FlexStart:       true,
		SoldIn:          soldIn,
	},
}

// Resource types New registers.
const (
	typeCluster  = "gcp:container/cluster:Cluster"
	typeNodePool = "gcp:container/nodePool:NodePool"
	typeKey      = "gcp:kms/cryptoKey:CryptoKey"

	typeServiceAccountIAMMember = "gcp:serviceaccount/iAMMember:IAMMember"
	typeBucketIAMMember         = "gcp:storage/bucketIAMMember:BucketIAMMember"
)

// offline tells the offline engine about Google Cloud: what it computes
// for the resources New registers, how long they take, which of them make
// up a node pool, and which changes replace them.
//
// Durations are typical values reported by users, not guarantees: a GKE
// Standard cluster takes 7–12 min (appvia/kore PR 660); a GPU node pool,
// VMs plus driver, about 9 min and up to 35 (codalab-worksheets #4042,
// NVIDIA/aicr #2065), taken here at 9; a CPU pool about 5 min.
// Node pools of both kinds share one resource type, so the estimate uses
// the GPU figure: the slowest pool is what a cluster waits for.
func offline() cluster.Offline {
	return cluster.Offline{
		Outputs: gketest.Outputs,
		Seconds: map[string]int{
			typeCluster:                                     600,
			typeNodePool:                                    540,
			"gcp:compute/network:Network":                   20,
			"gcp:compute/subnetwork:Subnetwork":             20,
			"gcp:compute/router:Router":                     15,
			"gcp:compute/routerNat:RouterNat":               30,
			"gcp:kms/keyRing:KeyRing":                       5,
			typeKey:                                         5,
			"gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": 10,
			"gcp:projects/serviceIdentity:ServiceIdentity":  5,
			"gcp:projects/iAMMember:IAMMember":              10,
			"gcp:serviceaccount/account:Account":            5,
			typeServiceAccountIAMMember:                     10,
			typeBucketIAMMember:                             10,
			"pulumi:providers:gcp":                          0,
			// A class's first node: GKE creates a node pool for the
			// pending pod, then its VM and driver, as a GPU node pool
			// takes (the 9 minutes above).
			typeComputeClass: 540,
		},
		NodePoolTypes: []string{typeNodePool, typeComputeClass},
		ReplaceOn: map[string][]string{
			typeCluster: {"name", "location", "network", "subnetwork", "privateClusterConfig.enablePrivateNodes",
				"privateClusterConfig.masterIpv4CidrBlock", "ipAllocationPolicy", "networkingMode", "datapathProvider", "project"},
			typeNodePool: {"name", "cluster", "location", "nodeConfig.machineType", "nodeConfig.diskSizeGb", "nodeConfig.diskType",
				"nodeConfig.guestAccelerators", "nodeConfig.spot", "nodeConfig.serviceAccount", "nodeConfig.oauthScopes",
				"nodeConfig.shieldedInstanceConfig", "nodeConfig.imageType", "project"},
			typeKey:                             {"name", "keyRing", "purpose", "skipInitialVersionCreation"},
			"gcp:kms/keyRing:KeyRing":           {"name", "location"},
			"gcp:compute/network:Network":       {"name", "autoCreateSubnetworks"},
			"gcp:compute/subnetwork:Subnetwork": {"name", "network", "region", "ipCidrRange"},
		},
		// Node pools follow the release channel's auto-upgrades, not an input.
		Versions:      map[string]string{typeCluster: "minMasterVersion"},
		Stateful:      []string{typeCluster, typeKey},
		NodeTemplates: nodeTemplates,
		Prices:        map[string]*pricing.Catalog{Kind: &prices},
	}
}
