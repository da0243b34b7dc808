// Package workload holds what the workload components (inference,
// training) share with each other and with the stack file: the pod model
// both components embed in their Args (Pod), the part of it the stack file
// spells the same way (Container), and the facts the stack file's
// cross-checks read too (a team's GPU quota counts a service's replicas at
// full scale). It imports only the Pulumi SDK, so the stack layer reads it
// without depending on the components.
package workload

// DefaultReplicas is an inference service's replica count when its Args
// leave it out, and its autoscaler's floor.
const DefaultReplicas = 2
