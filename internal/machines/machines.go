// Package machines knows the size of the machine types that shipped stacks
// use: vCPUs, memory and GPUs. The real-control-plane tests build simulated
// nodes from it, so a pool's nodes offer what the real machines would.
package machines

import (
	"fmt"
	"sort"
	"strings"
)

// Machine is what one node of a machine type offers.
type Machine struct {
	CPUs     int
	MemoryGi int
	GPUs     int
	GPUModel string // mlkube's short name (internal/gpu), "" for CPU machines
}

// table holds the machine types used by the stacks in stacks/ and common
// neighbours. Values are the instance types' published sizes.
var table = map[string]Machine{
	// Adopted local clusters (kind, k3d): nominal sizes for the stack file.
	"local-cpu-8": {CPUs: 8, MemoryGi: 32},
	"local-gpu-1": {CPUs: 8, MemoryGi: 32, GPUs: 1, GPUModel: "t4"},

	// Own servers (kubeadm stacks): nominal sizes of common rack servers;
	// a kubeadm pool's machineType names one of these so the real-control-
	// plane tests give its simulated nodes the servers' CPUs and memory.
	"onprem-cpu-32":     {CPUs: 32, MemoryGi: 128},
	"onprem-gpu-l40s-4": {CPUs: 64, MemoryGi: 512, GPUs: 4, GPUModel: "l40s"},
	"onprem-gpu-a100-8": {CPUs: 128, MemoryGi: 1024, GPUs: 8, GPUModel: "a100"},

	// AWS EC2
	"m6i.large":     {CPUs: 2, MemoryGi: 8},
	"m6i.xlarge":    {CPUs: 4, MemoryGi: 16},
	"m6i.2xlarge":   {CPUs: 8, MemoryGi: 32},
	"m6i.4xlarge":   {CPUs: 16, MemoryGi: 64},
	"c6i.2xlarge":   {CPUs: 8, MemoryGi: 16},
	"g4dn.xlarge":   {CPUs: 4, MemoryGi: 16, GPUs: 1, GPUModel: "t4"},
	"g4dn.2xlarge":  {CPUs: 8, MemoryGi: 32, GPUs: 1, GPUModel: "t4"},
	"g4dn.12xlarge": {CPUs: 48, MemoryGi: 192, GPUs: 4, GPUModel: "t4"},
	"g5.xlarge":     {CPUs: 4, MemoryGi: 16, GPUs: 1, GPUModel: "a10g"},
	"g5.2xlarge":    {CPUs: 8, MemoryGi: 32, GPUs: 1, GPUModel: "a10g"},
	"g5.12xlarge":   {CPUs: 48, MemoryGi: 192, GPUs: 4, GPUModel: "a10g"},
	"g6.xlarge":     {CPUs: 4, MemoryGi: 16, GPUs: 1, GPUModel: "l4"},
	"p4d.24xlarge":  {CPUs: 96, MemoryGi: 1152, GPUs: 8, GPUModel: "a100"},
	"p5.48xlarge":   {CPUs: 192, MemoryGi: 2048, GPUs: 8, GPUModel: "h100"},
}

// Lookup returns the machine type's size.
func Lookup(machineType string) (Machine, error) {
	m, ok := table[machineType]
	if !ok {
		return Machine{}, fmt.Errorf("unknown machine type %q: add its size to internal/machines (known: %s)", machineType, strings.Join(Known(), ", "))
	}
	return m, nil
}

// Known lists the machine types in the table, sorted.
func Known() []string {
	out := make([]string, 0, len(table))
	for k := range table {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
