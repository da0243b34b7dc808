package storage

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Class kinds; the StorageClass of kind K is named "mlkube-K".
const (
	Fast        = "fast"
	Standard    = "standard"
	Shared      = "shared"
	Models      = "models"
	Checkpoints = "checkpoints"
)

// ClassPrefix starts every class name.
const ClassPrefix = "mlkube-"

// ClassName returns the StorageClass name of a kind, e.g. mlkube-fast.
func ClassName(kind string) string { return ClassPrefix + kind }

// ClassesArgs configures StorageClasses.
type ClassesArgs struct {
	// BlockProvisioner is the CSI driver for RWO disks (required), e.g.
	// ebs.csi.aws.com, pd.csi.storage.gke.io, disk.csi.azure.com.
	BlockProvisioner string
	// SharedProvisioner is the CSI driver for RWX file systems, if the
	// cluster has one (efs.csi.aws.com, filestore.csi.storage.gke.io,
	// file.csi.azure.com, nfs.csi.k8s.io); empty creates no shared class.
	SharedProvisioner string
	// FastParameters and StandardParameters are the driver's parameters of
	// the fast (and checkpoints) and standard (and block models) classes.
	FastParameters     map[string]string
	StandardParameters map[string]string
	// SharedParameters are the shared class's driver parameters.
	SharedParameters map[string]string
	// SharedParameterInputs are shared-class parameters known only once the
	// cloud has created something, e.g. {"fileSystemId": fs.ID()} for EFS.
	// They are merged over SharedParameters.
	SharedParameterInputs pulumi.StringMapInput
	// EncryptionParameters are added to every block class, e.g.
	// {"kmsKeyId": "arn:aws:kms:..."} on EBS.
	EncryptionParameters map[string]string
	// DefaultClass marks one class (a kind such as "standard") as the
	// cluster default; empty leaves the cluster's default alone.
	DefaultClass string
	// Labels are added to every class.
	Labels map[string]string
}

// Volume purposes.
const (
	PurposeModel      = "model"
	PurposeData       = "data"
	PurposeCheckpoint = "checkpoint"
	PurposeScratch    = "scratch"
)

// Access modes.
const (
	ReadWriteOnce    = "ReadWriteOnce"
	ReadOnlyMany     = "ReadOnlyMany"
	ReadWriteMany    = "ReadWriteMany"
	ReadWriteOncePod = "ReadWriteOncePod"
)

// AccessModes are the access modes a Volume takes, in the API spelling
// (NormalizeAccessMode maps the short forms to them).
var AccessModes = []string{ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod}

// VolumeArgs configures a Volume.
type VolumeArgs struct {
	// Name of the PersistentVolumeClaim (default: the component's logical name).
	Name string
	// Namespace of the claim (required).
	Namespace string
	// Purpose is model, data, checkpoint or scratch (required). Model and
	// checkpoint claims are never deleted with the stack.
	Purpose string
	// Size is the requested capacity, a quantity such as 500Gi (required).
	Size string
	// AccessMode is ReadWriteOnce (default), ReadOnlyMany, ReadWriteMany or
	// ReadWriteOncePod; RWO, ROX, RWX and RWOP are accepted too.
	AccessMode string
	// StorageClass is the class name (default DefaultClass(Purpose, AccessMode)).
	StorageClass string
	// Production protects model and checkpoint claims (pulumi protect).
	Production bool
	// Labels are added to the claim.
	Labels map[string]string
	// After are resources every object of the component waits for, such as
	// the team's Namespace: a component's own DependsOn does not reach its
	// children, so without this an object could be created before its
	// namespace exists.
	After []pulumi.Resource
}
