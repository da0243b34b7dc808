package storage

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func specsByKind(a ClassesArgs) map[string]classSpec {
	out := map[string]classSpec{}
	for _, s := range classSpecs(a) {
		out[s.kind] = s
	}
	return out
}

func TestClassSpecs(t *testing.T) {
	eks := specsByKind(ClassesArgs{
		BlockProvisioner: "ebs.csi.aws.com", SharedProvisioner: "efs.csi.aws.com",
		SharedParameters:     map[string]string{"fileSystemId": "fs-123"},
		EncryptionParameters: map[string]string{"kmsKeyId": "arn:aws:kms:eu-west-1:1:key/k"},
		FastParameters:       map[string]string{"type": "gp3", "encrypted": "true", "iops": "16000", "throughput": "500"},
		StandardParameters:   map[string]string{"type": "gp3", "encrypted": "true"},
	})
	require.Len(t, eks, 5)
	assert.Equal(t, map[string]string{"type": "gp3", "iops": "16000", "throughput": "500", "encrypted": "true", "kmsKeyId": "arn:aws:kms:eu-west-1:1:key/k"}, eks[Fast].parameters)
	assert.Equal(t, map[string]string{"type": "gp3", "encrypted": "true", "kmsKeyId": "arn:aws:kms:eu-west-1:1:key/k"}, eks[Standard].parameters)
	assert.Equal(t, eks[Fast].parameters, eks[Checkpoints].parameters, "checkpoints on fast block")
	assert.Equal(t, "efs.csi.aws.com", eks[Models].provisioner, "models on shared when available")
	assert.Equal(t, "fs-123", eks[Models].parameters["fileSystemId"])
	for kind, want := range map[string]string{Fast: "Delete", Standard: "Delete", Shared: "Delete", Models: "Retain", Checkpoints: "Retain"} {
		assert.Equal(t, want, eks[kind].reclaimPolicy, kind)
	}
	assert.Equal(t, "WaitForFirstConsumer", eks[Fast].bindingMode)
	assert.Equal(t, "Immediate", eks[Shared].bindingMode)

	gke := specsByKind(ClassesArgs{BlockProvisioner: "pd.csi.storage.gke.io", DefaultClass: Standard,
		FastParameters: map[string]string{"type": "pd-ssd"}, StandardParameters: map[string]string{"type": "pd-balanced"}})
	require.Len(t, gke, 4, "no shared class without a shared provisioner")
	assert.Equal(t, "pd.csi.storage.gke.io", gke[Models].provisioner, "models on standard block")
	assert.Equal(t, map[string]string{"type": "pd-balanced"}, gke[Models].parameters)
	assert.Equal(t, "Retain", gke[Models].reclaimPolicy)
	assert.True(t, gke[Standard].isDefault)
	assert.False(t, gke[Fast].isDefault)

	local := specsByKind(ClassesArgs{BlockProvisioner: "rancher.io/local-path"})
	assert.Empty(t, local[Fast].parameters, "no parameters but the caller's")
	assert.Equal(t, "WaitForFirstConsumer", local[Fast].bindingMode)
}

func TestDefaultClass(t *testing.T) {
	for _, tc := range []struct{ purpose, mode, want string }{
		{PurposeModel, ReadWriteOnce, "mlkube-models"},
		{PurposeModel, ReadOnlyMany, "mlkube-models"},
		{PurposeCheckpoint, ReadWriteOnce, "mlkube-checkpoints"},
		{PurposeData, ReadWriteOnce, "mlkube-standard"},
		{PurposeData, ReadWriteMany, "mlkube-shared"},
		{PurposeScratch, ReadWriteOncePod, "mlkube-fast"},
	} {
		assert.Equal(t, tc.want, DefaultClass(tc.purpose, tc.mode), "%s %s", tc.purpose, tc.mode)
	}
}

func TestNormalizeAccessMode(t *testing.T) {
	for in, want := range map[string]string{"": ReadWriteOnce, "RWO": ReadWriteOnce, "ROX": ReadOnlyMany, "RWX": ReadWriteMany, "RWOP": ReadWriteOncePod, ReadWriteMany: ReadWriteMany} {
		assert.Equal(t, want, NormalizeAccessMode(in), in)
	}
}
