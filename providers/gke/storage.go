package gke

import "github.com/mlkube/mlkube/internal/cluster"

// storage is what the cluster offers for volumes: Compute Engine
// persistent disks through the PD CSI driver (pd-ssd for fast scratch and
// checkpoints, pd-balanced otherwise; both encrypted at rest by Google),
// and, when cluster.gke.filestore is on, Filestore instances through the
// Filestore CSI driver for ReadWriteMany volumes, in the cluster's VPC
// (the driver's default is the project's "default" network).
func storage(filestore bool, network string) cluster.Storage {
	s := cluster.Storage{
		Fast:     cluster.StorageClass{Provisioner: persistentDiskProvisioner, Parameters: map[string]string{"type": "pd-ssd"}},
		Standard: cluster.StorageClass{Provisioner: persistentDiskProvisioner, Parameters: map[string]string{"type": "pd-balanced"}},
	}
	if filestore {
		s.Shared = &cluster.StorageClass{Provisioner: filestoreProvisioner, Parameters: map[string]string{
			"tier": "standard", "network": network,
		}}
	}
	return s
}

// networkName is the VPC the cluster's nodes are in, as the Filestore
// driver names it: the network New creates (named after the cluster), or
// the configured one.
func (o Options) networkName(cluster string) string {
	if o.Network != "" {
		return o.Network
	}
	return cluster
}
