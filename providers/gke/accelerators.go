package gke

import (
	"regexp"
	"strconv"
	"strings"
)

// builtIn says which GPUs a machine type comes with. Accelerator-optimized
// families have their GPUs built in: A2 the A100 (a2-highgpu and
// a2-megagpu 40GB, a2-ultragpu 80GB), A3 the H100 80GB (a3-ultragpu the
// H200 141GB: docs.cloud.google.com/ai-hypercomputer/docs/gpu, read
// 2026-12-05), G2 the L4; the
// number of GPUs is part of the machine type. N1 machines take T4 or V100
// GPUs attached in counts of their own; other families take none.
var gpuMachineRE = regexp.MustCompile(`^(a2-highgpu|a2-megagpu|a2-ultragpu|a3-highgpu|a3-megagpu|a3-edgegpu|a3-ultragpu)-([0-9]+)g$`)

// g2GPUs is the number of L4 GPUs of each g2-standard size.
var g2GPUs = map[string]int{
	"g2-standard-4": 1, "g2-standard-8": 1, "g2-standard-12": 1, "g2-standard-16": 1, "g2-standard-32": 1,
	"g2-standard-24": 2, "g2-standard-48": 4, "g2-standard-96": 8,
}

// n1Attachable are the GPU models an N1 machine takes, with the counts
// GKE accepts per node.
var n1Attachable = map[string][]int{
	"t4":   {1, 2, 4},
	"v100": {1, 2, 4, 8},
}

// builtInGPU returns the GPU model and count a machine type comes with;
// ok is false for machine types without built-in GPUs.
func builtInGPU(machineType string) (model string, count int, ok bool) {
	if n, found := g2GPUs[machineType]; found {
		return "l4", n, true
	}
	m := gpuMachineRE.FindStringSubmatch(machineType)
	if m == nil {
		return "", 0, false
	}
	count, _ = strconv.Atoi(m[2])
	switch {
	case m[1] == "a2-ultragpu":
		return "a100-80gb", count, true
	case strings.HasPrefix(m[1], "a2-"):
		return "a100", count, true
	case m[1] == "a3-ultragpu":
		return "h200", count, true
	default:
		return "h100", count, true
	}
}

// family is the machine family of a machine type (n2, g2, a2 ...).
func family(machineType string) string {
	f, _, _ := strings.Cut(machineType, "-")
	return f
}

// migPartitions are the GPU partition sizes GKE creates per GPU model
// (gpuPartitionSize), as mlkube's profile names them without "all-".
var migPartitions = map[string][]string{
	"a100":      {"1g.5gb", "2g.10gb", "3g.20gb", "7g.40gb"},
	"a100-80gb": {"1g.10gb", "2g.20gb", "3g.40gb", "7g.80gb"},
	"h100":      {"1g.10gb", "2g.20gb", "3g.40gb", "7g.80gb"},
}

// partitionSize is GKE's gpuPartitionSize for an mlkube MIG profile:
// all-1g.5gb splits every GPU into 1g.5gb instances.
func partitionSize(profile string) string { return strings.TrimPrefix(profile, "all-") }

// migProfile is the mlkube MIG profile of a gpuPartitionSize, the inverse
// of partitionSize.
func migProfile(size string) string { return "all-" + size }
