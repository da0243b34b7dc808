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

	// Google Compute Engine (memory in GB as Google publishes it)
	"e2-standard-4":  {CPUs: 4, MemoryGi: 16},
	"n2-standard-4":  {CPUs: 4, MemoryGi: 16},
	"n2-standard-8":  {CPUs: 8, MemoryGi: 32},
	"n2-standard-16": {CPUs: 16, MemoryGi: 64},
	"g2-standard-4":  {CPUs: 4, MemoryGi: 16, GPUs: 1, GPUModel: "l4"},
	"g2-standard-8":  {CPUs: 8, MemoryGi: 32, GPUs: 1, GPUModel: "l4"},
	"g2-standard-16": {CPUs: 16, MemoryGi: 64, GPUs: 1, GPUModel: "l4"},
	"g2-standard-24": {CPUs: 24, MemoryGi: 96, GPUs: 2, GPUModel: "l4"},
	"g2-standard-48": {CPUs: 48, MemoryGi: 192, GPUs: 4, GPUModel: "l4"},
	"a2-highgpu-1g":  {CPUs: 12, MemoryGi: 85, GPUs: 1, GPUModel: "a100"},
	"a2-highgpu-8g":  {CPUs: 96, MemoryGi: 680, GPUs: 8, GPUModel: "a100"},
	"a2-ultragpu-8g": {CPUs: 96, MemoryGi: 1360, GPUs: 8, GPUModel: "a100-80gb"},
	"a3-highgpu-8g":  {CPUs: 208, MemoryGi: 1872, GPUs: 8, GPUModel: "h100"},

	// Azure VM sizes (learn.microsoft.com, sizes/*-series). The NC A100 v4
	// sizes carry A100 80GB PCIe GPUs; ND96asr v4 the 40GB SXM ones.
	"Standard_D4s_v5":           {CPUs: 4, MemoryGi: 16},
	"Standard_D8s_v5":           {CPUs: 8, MemoryGi: 32},
	"Standard_D16s_v5":          {CPUs: 16, MemoryGi: 64},
	"Standard_NC4as_T4_v3":      {CPUs: 4, MemoryGi: 28, GPUs: 1, GPUModel: "t4"},
	"Standard_NC8as_T4_v3":      {CPUs: 8, MemoryGi: 56, GPUs: 1, GPUModel: "t4"},
	"Standard_NC16as_T4_v3":     {CPUs: 16, MemoryGi: 110, GPUs: 1, GPUModel: "t4"},
	"Standard_NC64as_T4_v3":     {CPUs: 64, MemoryGi: 440, GPUs: 4, GPUModel: "t4"},
	"Standard_NC24ads_A100_v4":  {CPUs: 24, MemoryGi: 220, GPUs: 1, GPUModel: "a100-80gb"},
	"Standard_NC48ads_A100_v4":  {CPUs: 48, MemoryGi: 440, GPUs: 2, GPUModel: "a100-80gb"},
	"Standard_NC96ads_A100_v4":  {CPUs: 96, MemoryGi: 880, GPUs: 4, GPUModel: "a100-80gb"},
	"Standard_ND96asr_v4":       {CPUs: 96, MemoryGi: 900, GPUs: 8, GPUModel: "a100"},
	"Standard_ND96amsr_A100_v4": {CPUs: 96, MemoryGi: 1900, GPUs: 8, GPUModel: "a100-80gb"},
	"Standard_ND96isr_H100_v5":  {CPUs: 96, MemoryGi: 1900, GPUs: 8, GPUModel: "h100"},
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
