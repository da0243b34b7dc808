// Package workload holds the facts of the workload components that the
// stack file's cross-checks read too (a team's GPU quota counts a
// service's replicas at full scale). It imports nothing, so the stack
// layer reads the components' defaults without depending on them.
package workload

// DefaultReplicas is an inference service's replica count when its Args
// leave it out, and its autoscaler's floor.
const DefaultReplicas = 2
