package storage_test

import (
	"github.com/mlkube/mlkube/components/storage"
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
)

const (
	tClass = "kubernetes:storage.k8s.io/v1:StorageClass"
	tPVC   = "kubernetes:core/v1:PersistentVolumeClaim"
)

func TestStorageClasses(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := storage.NewStorageClasses(ctx, "storage", &storage.ClassesArgs{
			BlockProvisioner:  "ebs.csi.aws.com",
			SharedProvisioner: "efs.csi.aws.com",
			SharedParameters:  map[string]string{"fileSystemId": "fs-123"},
			// The cluster's provider decides the driver's parameters
			// (cluster.Storage); the component passes them through.
			FastParameters:     map[string]string{"type": "gp3", "encrypted": "true", "iops": "6000"},
			StandardParameters: map[string]string{"type": "gp3", "encrypted": "true"},
		}, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	mocktest.CheckAll(t, rec, storage.ClassesTypeToken, "storage")

	classes := map[string]*storagev1.StorageClass{}
	for _, reg := range rec.ByType(tClass) {
		assert.True(t, reg.RegisterRPC.GetDeleteBeforeReplace(), reg.Name)
		c := mocktest.Decode[storagev1.StorageClass](t, reg)
		classes[c.Name] = c
	}
	require.Len(t, classes, 5)
	for name, c := range classes {
		assert.True(t, *c.AllowVolumeExpansion, name)
		assert.Empty(t, c.Annotations[storage.DefaultClassAnnotation], name)
	}
	assert.Equal(t, corev1.PersistentVolumeReclaimRetain, *classes["mlkube-models"].ReclaimPolicy)
	assert.Equal(t, corev1.PersistentVolumeReclaimRetain, *classes["mlkube-checkpoints"].ReclaimPolicy)
	assert.Equal(t, corev1.PersistentVolumeReclaimDelete, *classes["mlkube-fast"].ReclaimPolicy)
	assert.Equal(t, storagev1.VolumeBindingWaitForFirstConsumer, *classes["mlkube-checkpoints"].VolumeBindingMode)
	assert.Equal(t, storagev1.VolumeBindingImmediate, *classes["mlkube-shared"].VolumeBindingMode)
	assert.Equal(t, "ebs.csi.aws.com", classes["mlkube-checkpoints"].Provisioner)
	assert.Equal(t, "efs.csi.aws.com", classes["mlkube-models"].Provisioner)
	assert.Equal(t, "true", classes["mlkube-fast"].Parameters["encrypted"])
	assert.Equal(t, "gp3", classes["mlkube-standard"].Parameters["type"])
}

func runVolume(t *testing.T, args *storage.VolumeArgs) *mocktest.Recorder {
	t.Helper()
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := storage.NewVolume(ctx, "ml-vol", args, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	mocktest.CheckAll(t, rec, storage.VolumeTypeToken, "ml-vol")
	return rec
}

func TestVolumes(t *testing.T) {
	for _, tc := range []struct {
		name            string
		args            storage.VolumeArgs
		class, mode     string
		retain, protect bool
	}{
		{"checkpoint", storage.VolumeArgs{Purpose: storage.PurposeCheckpoint, Size: "1Ti"}, "mlkube-checkpoints", "ReadWriteOnce", true, false},
		{"checkpoint in production", storage.VolumeArgs{Purpose: storage.PurposeCheckpoint, Size: "1Ti", Production: true}, "mlkube-checkpoints", "ReadWriteOnce", true, true},
		{"model, read-only many", storage.VolumeArgs{Purpose: storage.PurposeModel, Size: "200Gi", AccessMode: "ROX", Production: true}, "mlkube-models", "ReadOnlyMany", true, true},
		{"shared data", storage.VolumeArgs{Purpose: storage.PurposeData, Size: "5Ti", AccessMode: "RWX", Production: true}, "mlkube-shared", "ReadWriteMany", false, false},
		{"scratch, one pod", storage.VolumeArgs{Purpose: storage.PurposeScratch, Size: "100Gi", AccessMode: "RWOP", StorageClass: "gp3-local"}, "gp3-local", "ReadWriteOncePod", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			args.Name, args.Namespace = "weights", "ml"
			rec := runVolume(t, &args)
			reg := rec.One(t, tPVC)
			protect, retain := mocktest.Options(reg)
			assert.Equal(t, tc.retain, retain, "retainOnDelete")
			assert.Equal(t, tc.protect, protect, "protect")
			pvc := mocktest.Decode[corev1.PersistentVolumeClaim](t, reg)
			assert.Equal(t, "weights", pvc.Name)
			assert.Equal(t, tc.class, *pvc.Spec.StorageClassName)
			assert.Equal(t, []corev1.PersistentVolumeAccessMode{corev1.PersistentVolumeAccessMode(tc.mode)}, pvc.Spec.AccessModes)
			assert.Equal(t, args.Size, pvc.Spec.Resources.Requests.Storage().String())
			assert.Equal(t, args.Purpose, pvc.Labels[storage.PurposeLabel])
		})
	}
}

func TestValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		run   func(ctx *pulumi.Context) error
		field string
	}{
		{"no block provisioner", func(ctx *pulumi.Context) error {
			_, err := storage.NewStorageClasses(ctx, "s", &storage.ClassesArgs{})
			return err
		}, "BlockProvisioner: "},
		{"efs without file system", func(ctx *pulumi.Context) error {
			_, err := storage.NewStorageClasses(ctx, "s", &storage.ClassesArgs{BlockProvisioner: "ebs.csi.aws.com", SharedProvisioner: "efs.csi.aws.com"})
			return err
		}, `SharedParameters["fileSystemId"]: `},
		{"shared default without provisioner", func(ctx *pulumi.Context) error {
			_, err := storage.NewStorageClasses(ctx, "s", &storage.ClassesArgs{BlockProvisioner: "x", DefaultClass: storage.Shared})
			return err
		}, "DefaultClass: "},
		{"bad purpose", func(ctx *pulumi.Context) error {
			_, err := storage.NewVolume(ctx, "v", &storage.VolumeArgs{Namespace: "ml", Purpose: "cache", Size: "1Gi"})
			return err
		}, "Purpose: "},
		{"bad size", func(ctx *pulumi.Context) error {
			_, err := storage.NewVolume(ctx, "v", &storage.VolumeArgs{Namespace: "ml", Purpose: storage.PurposeData, Size: "lots"})
			return err
		}, "Size: "},
		{"bad access mode", func(ctx *pulumi.Context) error {
			_, err := storage.NewVolume(ctx, "v", &storage.VolumeArgs{Namespace: "ml", Purpose: storage.PurposeData, Size: "1Gi", AccessMode: "RW"})
			return err
		}, "AccessMode: "},
		{"no namespace", func(ctx *pulumi.Context) error {
			_, err := storage.NewVolume(ctx, "v", &storage.VolumeArgs{Purpose: storage.PurposeData, Size: "1Gi"})
			return err
		}, "Namespace: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := mocktest.Run(func(ctx *pulumi.Context, _ pulumi.ProviderResource) error { return tc.run(ctx) })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
			assert.Empty(t, rec.Kubernetes())
		})
	}
}
