// Package storage holds the storage components: StorageClasses
// (mlkube:storage:StorageClasses), the classes ML workloads use on any
// cluster, and Volume (mlkube:storage:Volume), a PersistentVolumeClaim for
// models, data, checkpoints or scratch space.
//
// # Classes
//
// From the cluster's block (RWO) provisioner and, when there is one, its
// shared (RWX) provisioner:
//
//	mlkube-fast         block, fast parameters                 Delete
//	mlkube-standard     block, standard parameters             Delete
//	mlkube-shared       shared (RWX), only with a provisioner  Delete
//	mlkube-models       shared when available, else standard   Retain
//	mlkube-checkpoints  block, fast parameters                 Retain
//
// Every class allows volume expansion. Models and checkpoints are expensive
// to recreate, so their classes keep the disk when a claim is deleted.
//
// Parameters are EncryptionParameters (block classes), then the caller's
// per-class parameters, later ones winning. The component knows no
// driver's parameters itself: the cluster's provider decides them once
// (cluster.Storage), and mlkube passes them here. GCE PD and Azure Disk
// are always encrypted at rest; EBS needs encrypted: "true" in the
// parameters, and a customer-managed key is passed through
// EncryptionParameters (kmsKeyId, disk-encryption-kms-key,
// diskEncryptionSetID).
//
// # Volume binding
//
// Block classes use WaitForFirstConsumer: a disk lives in one zone, and
// creating it before the scheduler picked a node can strand the pod in
// another zone. Immediate is used only for the network file systems in
// ImmediateProvisioners (EFS, Filestore, Azure Files, NFS): their volumes are
// reachable from every zone, so waiting gains nothing, and binding at once
// lets a model volume be filled by a loader job before any server exists
// and shows provisioning errors during `pulumi up`.
//
// # Volumes
//
// Model and checkpoint claims are registered with RetainOnDelete, so
// `pulumi destroy` or removing them from the stack never deletes the data,
// and with Protect in production stacks. Volume names its class by
// string; make the Volume depend on the StorageClasses component
// (pulumi.DependsOn) so the class exists first — the PVC awaiter looks up the
// class's binding mode.
package storage
