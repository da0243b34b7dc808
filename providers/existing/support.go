package existing

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
)

// Support: an adopted cluster runs whatever its owners upgrade it to, so
// upstream's calendar only warns once its minor is past end of life.
func Support(cfg *config.Config) lifecycle.Support {
	return lifecycle.UpstreamSupport("Kubernetes", cfg.Cluster.KubernetesVersion, cfg.Today)
}
