package storage

import (
	"errors"
	"fmt"

	"github.com/mlkube/mlkube/components/internal/kube"
	storagev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/storage/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClassesTypeToken is the StorageClasses component's Pulumi type.
const ClassesTypeToken = "mlkube:storage:StorageClasses"

// DefaultClassAnnotation marks the cluster's default StorageClass.
const DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class"

// StorageClasses are the mlkube-* classes.
type StorageClasses struct {
	pulumi.ResourceState

	// Names maps each kind created (fast, standard, ...) to its class name.
	Names pulumi.StringMapOutput `pulumi:"names"`
	// Classes are the StorageClass objects by kind.
	Classes map[string]*storagev1.StorageClass
}

// NewStorageClasses validates args and registers the classes.
func NewStorageClasses(ctx *pulumi.Context, name string, args *ClassesArgs, opts ...pulumi.ResourceOption) (*StorageClasses, error) {
	if args == nil {
		return nil, errors.New(ClassesTypeToken + ": args are required")
	}
	if err := validateClasses(name, *args); err != nil {
		return nil, err
	}
	c := &StorageClasses{Classes: map[string]*storagev1.StorageClass{}}
	if err := ctx.RegisterComponentResource(ClassesTypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	names := pulumi.StringMap{}
	for _, s := range classSpecs(*args) {
		class, err := newClass(ctx, name, s, args.Labels, pulumi.Parent(c))
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", ClassesTypeToken, name, err)
		}
		c.Classes[s.kind] = class
		names[s.kind] = class.Metadata.Name().Elem()
	}
	c.Names = names.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"names": c.Names}); err != nil {
		return nil, err
	}
	return c, nil
}

// newClass registers one class. Provisioner and parameters of a
// StorageClass are immutable, so a change replaces it, deleting the old
// class first (same name); existing volumes keep their own settings.
func newClass(ctx *pulumi.Context, prefix string, s classSpec, extra map[string]string, parent pulumi.ResourceOption) (*storagev1.StorageClass, error) {
	var annotations map[string]string
	if s.isDefault {
		annotations = map[string]string{DefaultClassAnnotation: "true"}
	}
	labels := kube.Labels(ClassName(s.kind), "storage", extra)
	args := &storagev1.StorageClassArgs{
		Metadata:             kube.Meta(ClassName(s.kind), "", labels, annotations),
		Provisioner:          pulumi.String(s.provisioner),
		ReclaimPolicy:        pulumi.String(s.reclaimPolicy),
		VolumeBindingMode:    pulumi.String(s.bindingMode),
		AllowVolumeExpansion: pulumi.Bool(true),
	}
	switch {
	case s.inputs != nil:
		static := s.parameters
		args.Parameters = s.inputs.ToStringMapOutput().ApplyT(func(dynamic map[string]string) map[string]string {
			merged := map[string]string{}
			for k, v := range static {
				merged[k] = v
			}
			for k, v := range dynamic {
				merged[k] = v
			}
			return merged
		}).(pulumi.StringMapOutput)
	case len(s.parameters) > 0:
		args.Parameters = pulumi.ToStringMap(s.parameters)
	}
	return storagev1.NewStorageClass(ctx, prefix+"-"+s.kind, args, parent, pulumi.DeleteBeforeReplace(true))
}
