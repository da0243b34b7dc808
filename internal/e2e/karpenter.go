//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
)

// KarpenterVersion is the sigs.k8s.io/karpenter module whose kwok cloud
// provider TestKarpenter runs: Karpenter's own core (scheduling, NodePool
// weights and limits, offerings) with a simulated cloud that creates Node
// objects. v1.14.1 is the core of the pinned chart's line; the module proxy
// serves v1.14.3 and v1.15.0 too, but they need Go 1.26.10 and 1.26.9 and
// this machine has 1.26.8 (checked 2026-12-04).
const KarpenterVersion = "v1.14.1"

// kwokZone is the one zone of the simulated offerings.
const kwokZone = "test-zone-a"

// EnsureKarpenter builds the kwok provider's controller into the e2e cache
// once (about 7 minutes cold on two cores) and returns its path and the
// module's folder, which holds its CRDs.
func EnsureKarpenter(logf func(string, ...any)) (bin, moduleDir string, err error) {
	out, err := exec.Command("go", "mod", "download", "-json", "sigs.k8s.io/karpenter@"+KarpenterVersion).Output()
	if err != nil {
		return "", "", fmt.Errorf("go mod download sigs.k8s.io/karpenter@%s: %w", KarpenterVersion, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil {
		return "", "", err
	}
	bin = filepath.Join(CacheDir(), "bin-"+KubernetesVersion, "karpenter-kwok-"+KarpenterVersion)
	if !missing(bin) {
		return bin, mod.Dir, nil
	}
	logf("installing Karpenter's kwok provider %s (cold: about 7 min)", KarpenterVersion)
	tmp, err := os.MkdirTemp("", "karpenter-kwok")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("go", "install", "sigs.k8s.io/karpenter/kwok@"+KarpenterVersion)
	// The binary is named kwok like sigs.k8s.io/kwok's: built aside, renamed.
	cmd.Env = append(os.Environ(), "GOBIN="+tmp, "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("go install sigs.k8s.io/karpenter/kwok@%s: %v\n%s", KarpenterVersion, err, out)
	}
	return bin, mod.Dir, os.Rename(filepath.Join(tmp, "kwok"), bin)
}

// KarpenterCRDs are the CRD files the kwok provider needs: Karpenter's own
// (NodePool, NodeClaim, ...) and its KWOKNodeClass.
func KarpenterCRDs(moduleDir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(moduleDir, "kwok", "charts", "crds", "*.yaml"))
	if err != nil {
		return nil, err
	}
	return append(files, filepath.Join(moduleDir, "kwok", "apis", "crds", "karpenter.kwok.sh_kwoknodeclasses.yaml")), nil
}

// kwokOffering is one offering of the kwok provider's instance-types file
// (field names as sigs.k8s.io/karpenter/kwok/cloudprovider reads them).
type kwokOffering struct {
	Price        float64          `json:"Price"`
	Available    bool             `json:"Available"`
	Requirements []map[string]any `json:"Requirements"`
}

type kwokInstanceType struct {
	Name             string            `json:"name"`
	Offerings        []kwokOffering    `json:"offerings"`
	Architecture     string            `json:"architecture"`
	OperatingSystems []string          `json:"operatingSystems"`
	Resources        map[string]string `json:"resources"`
}

// InstanceTypesFile is the kwok provider's instance types, from the
// machine table: each type's CPUs, memory and GPUs, offered on demand and
// on spot in one zone. Prices only order types for Karpenter: a type costs
// its CPU count, spot a third of that.
func InstanceTypesFile(types []string) ([]byte, error) {
	var out []kwokInstanceType
	for _, t := range types {
		m, err := machines.Lookup(t)
		if err != nil {
			return nil, err
		}
		res := map[string]string{"cpu": strconv.Itoa(m.CPUs), "memory": strconv.Itoa(m.MemoryGi) + "Gi", "pods": "110", "ephemeral-storage": "200Gi"}
		if m.GPUs > 0 {
			res[gpu.ResourceName] = strconv.Itoa(m.GPUs)
		}
		it := kwokInstanceType{Name: t, Architecture: "amd64", OperatingSystems: []string{"linux"}, Resources: res}
		for _, ct := range []struct {
			name  string
			price float64
		}{{"on-demand", float64(m.CPUs)}, {"spot", float64(m.CPUs) / 3}} {
			it.Offerings = append(it.Offerings, kwokOffering{Price: ct.price, Available: true, Requirements: []map[string]any{
				{"key": "karpenter.sh/capacity-type", "operator": "In", "values": []string{ct.name}},
				{"key": "topology.kubernetes.io/zone", "operator": "In", "values": []string{kwokZone}},
			}})
		}
		out = append(out, it)
	}
	return json.MarshalIndent(out, "", "  ")
}
