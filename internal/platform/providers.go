package platform

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers"
)

// providerFor is the cluster source the stack selects.
func providerFor(cfg *config.Config) (cluster.Source, error) {
	return providers.Lookup(cfg.Cluster.Provider)
}
