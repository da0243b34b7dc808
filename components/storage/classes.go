package storage

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ImmediateProvisioners are network file systems whose volumes every zone
// can reach; their classes bind Immediately (see the package documentation).
var ImmediateProvisioners = map[string]bool{
	"efs.csi.aws.com":              true,
	"filestore.csi.storage.gke.io": true,
	"file.csi.azure.com":           true,
	"nfs.csi.k8s.io":               true,
	"mlkube.io/nfs-subdir":         true, // NFS subdir provisioner of kubeadm clusters
}

// bindingMode is WaitForFirstConsumer except for ImmediateProvisioners.
func bindingMode(provisioner string) string {
	if ImmediateProvisioners[provisioner] {
		return "Immediate"
	}
	return "WaitForFirstConsumer"
}

// classSpec is one StorageClass, kept plain for testing.
type classSpec struct {
	kind          string
	provisioner   string
	parameters    map[string]string
	reclaimPolicy string
	bindingMode   string
	isDefault     bool
	// inputs are parameters known only after the cloud created something.
	inputs pulumi.StringMapInput
}

// classSpecs computes the classes in a fixed order.
func classSpecs(a ClassesArgs) []classSpec {
	fast := kube.Merge(a.EncryptionParameters, a.FastParameters)
	standard := kube.Merge(a.EncryptionParameters, a.StandardParameters)
	shared := kube.Merge(a.SharedParameters)

	block := func(kind string, params map[string]string, reclaim string) classSpec {
		return classSpec{kind: kind, provisioner: a.BlockProvisioner, parameters: params, reclaimPolicy: reclaim, bindingMode: bindingMode(a.BlockProvisioner)}
	}
	file := func(kind, reclaim string) classSpec {
		return classSpec{kind: kind, provisioner: a.SharedProvisioner, parameters: shared, inputs: a.SharedParameterInputs, reclaimPolicy: reclaim, bindingMode: bindingMode(a.SharedProvisioner)}
	}
	specs := []classSpec{block(Fast, fast, "Delete"), block(Standard, standard, "Delete")}
	if a.SharedProvisioner != "" {
		specs = append(specs, file(Shared, "Delete"), file(Models, "Retain"))
	} else {
		specs = append(specs, block(Models, standard, "Retain"))
	}
	specs = append(specs, block(Checkpoints, fast, "Retain"))
	for i := range specs {
		specs[i].isDefault = specs[i].kind == a.DefaultClass
	}
	return specs
}

// DefaultClass is the class a Volume uses when none is named: models and
// checkpoints on their Retain classes, many-node data and scratch on the
// shared class, other data on standard and scratch on fast.
func DefaultClass(purpose, accessMode string) string {
	many := accessMode == ReadWriteMany || accessMode == ReadOnlyMany
	switch {
	case purpose == PurposeModel:
		return ClassName(Models)
	case purpose == PurposeCheckpoint:
		return ClassName(Checkpoints)
	case many:
		return ClassName(Shared)
	case purpose == PurposeScratch:
		return ClassName(Fast)
	}
	return ClassName(Standard)
}

// retained reports whether claims of a purpose outlive the stack.
func retained(purpose string) bool {
	return purpose == PurposeModel || purpose == PurposeCheckpoint
}

// NormalizeAccessMode maps the short forms (RWO, ROX, RWX, RWOP) to the
// API spelling; "" is ReadWriteOnce. Other text is returned as it is.
func NormalizeAccessMode(m string) string {
	switch m {
	case "", "RWO":
		return ReadWriteOnce
	case "ROX":
		return ReadOnlyMany
	case "RWX":
		return ReadWriteMany
	case "RWOP":
		return ReadWriteOncePod
	}
	return m
}
