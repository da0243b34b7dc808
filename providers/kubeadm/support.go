package kubeadm

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/lifecycle"
)

// Support: own servers follow upstream's calendar; a minor past its end of
// life is a warning (its owners may keep it), an unknown one is refused.
func Support(cfg *config.Config) lifecycle.Support {
	return lifecycle.UpstreamSupport("Kubernetes", cfg.Cluster.KubernetesVersion, cfg.Today)
}
