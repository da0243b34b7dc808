package gke

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
)

// soldIn are the machine types Compute Engine creates in some capacity
// tiers only. docs.cloud.google.com/ai-hypercomputer/docs/gpu (read
// 2026-12-05): "When provisioning a3-highgpu-1g, a3-highgpu-2g, or
// a3-highgpu-4g machine types, you must create instances by using Spot VMs
// or Flex-start VMs"; for A3 Ultra, "you must reserve capacity to create
// instances or clusters, use Spot VMs, use Flex-start VMs, or create a
// resize request in a MIG".
var soldIn = func() map[string]cluster.SoldIn {
	const src = "docs.cloud.google.com/ai-hypercomputer/docs/gpu"
	small := cluster.SoldIn{
		Tiers: []string{config.CapacityFlexStart, config.CapacitySpot},
		Why:   "Compute Engine creates it only as a Spot or Flex-start VM, " + src,
		Hint:  "set spot: true, or make it a computeClass pool whose capacity orders flex-start or spot",
	}
	return map[string]cluster.SoldIn{
		"a3-highgpu-1g": small, "a3-highgpu-2g": small, "a3-highgpu-4g": small,
		"a3-ultragpu-8g": {
			Tiers: []string{config.CapacityReserved, config.CapacityFlexStart, config.CapacitySpot},
			Why:   "Compute Engine creates it only from a reservation, as a Spot VM or as a Flex-start VM, " + src,
			Hint:  "set spot: true, or make it a computeClass pool whose capacity orders reserved (with capacityReservations), flex-start or spot",
		},
	}
}()
