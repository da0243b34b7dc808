package eks

import "github.com/mlkube/mlkube/internal/config"

// Options is the stack file's cluster.eks section: what only EKS offers.
type Options struct {
	// EFS adds an EFS file system and its CSI driver for shared
	// (ReadWriteMany) volumes.
	EFS bool `json:"efs"`
}

// options decodes cluster.eks strictly (unknown keys and wrong types come
// back with their key paths).
func options(cfg *config.Config) (Options, error) {
	var o Options
	err := config.DecodeOptions(cfg.Cluster.Options, &o)
	return o, err
}
