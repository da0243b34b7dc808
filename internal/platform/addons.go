package platform

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// installAddons installs the platform addons onto the cluster.
func installAddons(ctx *pulumi.Context, cfg *config.Config, cl *cluster.Cluster) error {
	return nil
}
