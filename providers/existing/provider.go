package existing

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/pricing"
)

// Kind is the cluster.provider value of an adopted cluster.
const Kind = "existing"

// Provider is the adopted-cluster source (providers.All lists it). Its
// pools are the nodes the cluster has: it honours none of the optional
// pool keys.
var Provider = cluster.Source{Kind: Kind, Validate: validate, Support: Support, Describe: Describe, New: newCluster, Offline: offline}

// validate has nothing to add: the stack file's own checks cover an
// adopted cluster.
func validate(*config.Config) error { return nil }

// offline: an adopted cluster registers only Kubernetes resources, which
// the offline engine knows already; its pools never scale from zero here.
// Its machines are already paid for, so the cost estimate says so rather
// than pricing them at zero.
func offline() cluster.Offline {
	return cluster.Offline{Prices: map[string]*pricing.Catalog{Kind: {
		OwnHardware: "an adopted cluster: its nodes, disks and fees are paid for outside this stack (set mlkube:prices to price its machine types)",
	}}}
}
