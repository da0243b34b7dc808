package aks

import "github.com/mlkube/mlkube/internal/cluster"

// CSI provisioners of Azure Disks and Azure Files, both enabled in the
// cluster's storage profile.
const (
	diskProvisioner = "disk.csi.azure.com"
	fileProvisioner = "file.csi.azure.com"
)

// storage is what the cluster offers for volumes: Premium SSD for fast
// block volumes (scratch space, checkpoints), Standard SSD for the rest,
// and Premium Azure Files shares over NFS for ReadWriteMany (shared
// datasets: NFS keeps POSIX permissions, which SMB shares do not).
// Disks are locally redundant (LRS), so a volume lives in one zone: the
// first pod that uses it decides which.
func storage() cluster.Storage {
	return cluster.Storage{
		Fast:     cluster.StorageClass{Provisioner: diskProvisioner, Parameters: map[string]string{"skuName": "Premium_LRS"}},
		Standard: cluster.StorageClass{Provisioner: diskProvisioner, Parameters: map[string]string{"skuName": "StandardSSD_LRS"}},
		Shared:   &cluster.StorageClass{Provisioner: fileProvisioner, Parameters: map[string]string{"skuName": "Premium_LRS", "protocol": "nfs"}},
	}
}
