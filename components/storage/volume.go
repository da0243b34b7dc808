package storage

import (
	"errors"
	"fmt"
	"github.com/mlkube/mlkube/internal/labels"

	"github.com/mlkube/mlkube/components/internal/kube"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// VolumeTypeToken is the Volume component's Pulumi type.
const VolumeTypeToken = "mlkube:storage:Volume"

// PurposeLabel records a claim's purpose.
const PurposeLabel = labels.Purpose

// Volume is a PersistentVolumeClaim for models, data, checkpoints or scratch.
type Volume struct {
	pulumi.ResourceState

	// ClaimName is the PVC name, for pods to mount.
	ClaimName pulumi.StringOutput `pulumi:"claimName"`
	// Claim is the PVC.
	Claim *corev1.PersistentVolumeClaim
}

// NewVolume validates args and registers the claim.
func NewVolume(ctx *pulumi.Context, name string, args *VolumeArgs, opts ...pulumi.ResourceOption) (*Volume, error) {
	if args == nil {
		return nil, errors.New(VolumeTypeToken + ": args are required")
	}
	a := *args
	if a.Name == "" {
		a.Name = name
	}
	a.AccessMode = NormalizeAccessMode(a.AccessMode)
	if a.StorageClass == "" {
		a.StorageClass = DefaultClass(a.Purpose, a.AccessMode)
	}
	if err := validateVolume(a); err != nil {
		return nil, err
	}
	v := &Volume{}
	if err := ctx.RegisterComponentResource(VolumeTypeToken, name, v, opts...); err != nil {
		return nil, err
	}
	claimOpts := []pulumi.ResourceOption{kube.ChildOf(v, a.After)}
	if retained(a.Purpose) {
		// The data outlives the stack: removing the claim from the program
		// or destroying the stack leaves it in the cluster.
		claimOpts = append(claimOpts, pulumi.RetainOnDelete(true))
		if a.Production {
			claimOpts = append(claimOpts, pulumi.Protect(true))
		}
	}
	labels := kube.Labels(a.Name, "storage", kube.Merge(a.Labels, map[string]string{PurposeLabel: a.Purpose}))
	claim, err := corev1.NewPersistentVolumeClaim(ctx, name+"-pvc", &corev1.PersistentVolumeClaimArgs{
		Metadata: kube.Meta(a.Name, a.Namespace, labels, nil),
		Spec: &corev1.PersistentVolumeClaimSpecArgs{
			AccessModes:      pulumi.StringArray{pulumi.String(a.AccessMode)},
			StorageClassName: pulumi.String(a.StorageClass),
			VolumeMode:       pulumi.String("Filesystem"),
			Resources: &corev1.VolumeResourceRequirementsArgs{
				Requests: pulumi.StringMap{"storage": pulumi.String(a.Size)},
			},
		},
	}, claimOpts...)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", VolumeTypeToken, name, err)
	}
	v.Claim = claim
	v.ClaimName = claim.Metadata.Name().Elem()
	if err := ctx.RegisterResourceOutputs(v, pulumi.Map{"claimName": v.ClaimName}); err != nil {
		return nil, err
	}
	return v, nil
}
