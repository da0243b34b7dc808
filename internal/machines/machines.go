// Package machines knows the size of the machine types that shipped stacks
// use: vCPUs, memory and GPUs. The real-control-plane tests build simulated
// nodes from it, so a pool's nodes offer what the real machines would.
package machines

import (
	_ "embed"
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
// neighbours: the instance types' published sizes, kept as data in
// machines.csv and parsed at init, so a malformed row panics naming
// file:line instead of leaving a machine out.
var table = mustParse("internal/machines/machines.csv", machinesCSV)

//go:embed machines.csv
var machinesCSV []byte

// Lookup returns the machine type's size.
func Lookup(machineType string) (Machine, error) {
	m, ok := table[machineType]
	if !ok {
		return Machine{}, fmt.Errorf("unknown machine type %q: add its size to internal/machines/machines.csv (known: %s)", machineType, strings.Join(Known(), ", "))
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
