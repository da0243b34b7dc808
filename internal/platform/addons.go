package platform

import (
	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// installAddons installs the platform addons onto the cluster: GPU
// operator, cluster autoscaler, metrics-server and prometheus-adapter,
// kube-prometheus-stack, and EFK logging, each only where it applies.
//
// The addons' volumes (Prometheus, Elasticsearch) use mlkube-standard
// when the cluster has a block provisioner; the storage classes are
// created with the workloads, and the claims bind once the class exists.
func installAddons(ctx *pulumi.Context, cfg *config.Config, cl *cluster.Cluster) error {
	_, err := addons.Install(ctx, cl, cfg.Addons, addons.Options{})
	return err
}

// addonNotes are the plan notes about the addons (what is not installed
// and why, what the operator must do), for the `notes` output.
func addonNotes(cfg *config.Config, cl *cluster.Cluster) []string {
	return addons.Notes(cl, cfg.Addons)
}
