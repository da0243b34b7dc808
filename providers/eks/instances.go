package eks

import (
	"regexp"
	"strings"
)

// EC2 instance facts that the EKS provider checks a stack against. They are
// AWS facts, not GPU facts: which GPU model (by mlkube's short name, see
// internal/gpu) an instance family carries and how many GPUs each size has.
// A family missing here is accepted as it is (new families appear often);
// a family listed here must match the pool's gpu.model and gpu.count.

// gpuFamilies maps an NVIDIA instance family to its GPU model.
var gpuFamilies = map[string]string{
	"g4dn": "t4",
	"g5":   "a10g",
	"g6":   "l4",
	"g6e":  "l40s",
	"p3":   "v100",
	"p3dn": "v100",
	"p4d":  "a100",
	"p4de": "a100-80gb",
	"p5":   "h100",
	"p5e":  "h200",
	"p5en": "h200",
}

// gpuCounts is the number of GPUs of the sizes that do not have one GPU,
// and of every size of the allSizesListed families (p5 has a one-GPU
// p5.4xlarge beside its eight-GPU size). Every other size of a family in
// gpuFamilies has exactly one.
var gpuCounts = map[string]int{
	"g4dn.12xlarge": 4, "g4dn.metal": 8,
	"g5.12xlarge": 4, "g5.24xlarge": 4, "g5.48xlarge": 8,
	"g6.12xlarge": 4, "g6.24xlarge": 4, "g6.48xlarge": 8,
	"g6e.12xlarge": 4, "g6e.24xlarge": 4, "g6e.48xlarge": 8,
	"p3.2xlarge": 1, "p3.8xlarge": 4, "p3.16xlarge": 8, "p3dn.24xlarge": 8,
	"p4d.24xlarge": 8, "p4de.24xlarge": 8, "p5.4xlarge": 1, "p5.48xlarge": 8,
	"p5e.48xlarge": 8, "p5en.48xlarge": 8,
}

// allSizesListed are families whose sizes are all listed in gpuCounts: a
// size of theirs missing there is one mlkube does not know, not a one-GPU
// size.
var allSizesListed = map[string]bool{"p3": true, "p3dn": true, "p4d": true, "p4de": true, "p5": true, "p5e": true, "p5en": true}

// family is the part of an instance type before the size: "g5" of "g5.xlarge".
func family(machineType string) string {
	f, _, _ := strings.Cut(machineType, ".")
	return f
}

// graviton matches Arm (Graviton) families: m7g, c6gn, r8g, t4g, g5g ...
var graviton = regexp.MustCompile(`^[a-z]+[0-9]+g[a-z]*$`)

// isArm reports whether the instance type runs arm64, which needs an ARM AMI.
func isArm(machineType string) bool { return graviton.MatchString(family(machineType)) }

// instanceGPU says which GPU model and how many GPUs an instance type has.
// known is false when the family is not in the table.
func instanceGPU(machineType string) (model string, count int, known bool) {
	f := family(machineType)
	model, known = gpuFamilies[f]
	if !known {
		return "", 0, false
	}
	if n, ok := gpuCounts[machineType]; ok {
		return model, n, true
	}
	if allSizesListed[f] {
		return model, 0, true // a size we do not know; do not guess
	}
	return model, 1, true
}

// mayHaveGPU reports whether a family could be an NVIDIA GPU family that
// the table does not know yet (EC2's GPU families start with g or p).
func mayHaveGPU(machineType string) bool {
	f := family(machineType)
	return strings.HasPrefix(f, "g") || strings.HasPrefix(f, "p")
}
