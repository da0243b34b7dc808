package storage

import (
	"slices"

	"github.com/mlkube/mlkube/components/internal/kube"
	"k8s.io/apimachinery/pkg/api/resource"
)

func validateClasses(name string, a ClassesArgs) error {
	var errs kube.Errors
	if a.BlockProvisioner == "" {
		errs.Add("BlockProvisioner", "is required (the CSI driver for RWO disks)")
	}
	if a.SharedProvisioner == "" && len(a.SharedParameters) > 0 {
		errs.Add("SharedParameters", "need a %s", kube.Ref("SharedProvisioner"))
	}
	if a.SharedProvisioner == "efs.csi.aws.com" && a.SharedParameters["fileSystemId"] == "" && a.SharedParameterInputs == nil {
		errs.Add(kube.Quote("SharedParameters", "fileSystemId"), "is required by efs.csi.aws.com")
	}
	switch a.DefaultClass {
	case "", Fast, Standard, Models, Checkpoints:
	case Shared:
		if a.SharedProvisioner == "" {
			errs.Add("DefaultClass", "shared needs a %s", kube.Ref("SharedProvisioner"))
		}
	default:
		errs.Add("DefaultClass", "%q must be fast, standard, shared, models or checkpoints", a.DefaultClass)
	}
	return errs.Err(ClassesTypeToken, name)
}

func validateVolume(a VolumeArgs) error {
	var errs kube.Errors
	kube.ValidateNamespace(&errs, "Namespace", a.Namespace)
	kube.ValidateLabel(&errs, "Name", a.Name)
	if a.StorageClass != "" {
		kube.ValidateLabel(&errs, "StorageClass", a.StorageClass)
	}
	switch a.Purpose {
	case PurposeModel, PurposeData, PurposeCheckpoint, PurposeScratch:
	default:
		errs.Add("Purpose", "%q must be model, data, checkpoint or scratch", a.Purpose)
	}
	if q, err := resource.ParseQuantity(a.Size); err != nil || q.Sign() <= 0 {
		errs.Add("Size", "%q must be a positive quantity such as 500Gi", a.Size)
	}
	if !slices.Contains(AccessModes, a.AccessMode) {
		errs.Add("AccessMode", "%q must be ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod (or RWO, ROX, RWX, RWOP)", a.AccessMode)
	}
	return errs.Err(VolumeTypeToken, a.Name)
}
