package existing

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Kind is the cluster.provider value of an adopted cluster.
const Kind = "existing"

// Provider is the adopted-cluster source (providers.All lists it).
var Provider cluster.Provider = provider{}

type provider struct{}

func (provider) Kind() string { return Kind }

// Validate has nothing to add: the stack file's own checks cover an
// adopted cluster.
func (provider) Validate(*config.Config) error { return nil }

func (provider) Describe(cfg *config.Config) cluster.Shape { return Describe(cfg) }

func (provider) New(ctx *pulumi.Context, name string, cfg *config.Config, opts ...pulumi.ResourceOption) (*cluster.Cluster, error) {
	return newCluster(ctx, name, cfg, opts...)
}

// Offline: an adopted cluster registers only Kubernetes resources, which
// the offline engine knows already; its pools never scale from zero here.
// Its machines are already paid for, so the cost estimate says so rather
// than pricing them at zero.
func (provider) Offline() cluster.Offline {
	return cluster.Offline{Prices: map[string]*pricing.Catalog{Kind: {
		OwnHardware: "an adopted cluster: its nodes, disks and fees are paid for outside this stack (set mlkube:prices to price its machine types)",
	}}}
}
