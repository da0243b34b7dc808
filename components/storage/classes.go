package storage

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// preset is the known parameters of a CSI driver.
type preset struct {
	fast, standard, encryption map[string]string
}

// blockPresets are the parameters of the managed clouds' disk drivers.
// EBS gp3 with provisioned IOPS/throughput for fast (checkpoint bursts),
// baseline gp3 for standard; SSD vs balanced PD on GCE; Premium vs Standard
// SSD on Azure.
var blockPresets = map[string]preset{
	"ebs.csi.aws.com": {
		fast:       map[string]string{"type": "gp3", "iops": "10000", "throughput": "500"},
		standard:   map[string]string{"type": "gp3"},
		encryption: map[string]string{"encrypted": "true"},
	},
	"pd.csi.storage.gke.io": {
		fast:     map[string]string{"type": "pd-ssd"},
		standard: map[string]string{"type": "pd-balanced"},
	},
	"disk.csi.azure.com": {
		fast:     map[string]string{"skuName": "Premium_LRS"},
		standard: map[string]string{"skuName": "StandardSSD_LRS"},
	},
}

// sharedPresets are the parameters of the managed clouds' file drivers.
var sharedPresets = map[string]map[string]string{
	"efs.csi.aws.com":              {"provisioningMode": "efs-ap", "directoryPerms": "700"},
	"filestore.csi.storage.gke.io": {"tier": "standard"},
	"file.csi.azure.com":           {"skuName": "Premium_LRS", "protocol": "nfs"},
}

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
	p := blockPresets[a.BlockProvisioner]
	fast := kube.Merge(p.fast, p.encryption, a.EncryptionParameters, a.FastParameters)
	standard := kube.Merge(p.standard, p.encryption, a.EncryptionParameters, a.StandardParameters)
	shared := kube.Merge(sharedPresets[a.SharedProvisioner], a.SharedParameters)

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

// normalizeAccessMode maps short forms to the API spelling; "" is RWO.
func normalizeAccessMode(m string) string {
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
