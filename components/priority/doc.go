// Package priority is the one place that decides the PriorityClasses of
// mlkube's workloads, and the PriorityClasses component that creates them
// (mlkube:workloads:PriorityClasses).
//
// The order is production above dev, then serving above training:
//
//	mlkube-serving-production   100000  may preempt lower pods
//	mlkube-training-production   90000  never preempts a running pod
//	mlkube-serving-dev           20000  may preempt lower pods
//	mlkube-training-dev          10000  never preempts a running pod
//
// Environment comes first because a cluster shared by a production and a
// dev stack must never let dev work, of whatever kind, take a production
// pod's node. Serving above training lets an inference service scale into
// capacity a training job borrowed: the scheduler evicts the training pod,
// which gets its grace period to write a checkpoint, and Kueue requeues
// its job. Training classes do not preempt (preemptionPolicy Never): a
// training pod that does not fit waits, and only Kueue, which evicts whole
// jobs, decides which training gives way to which.
//
// All values stay far below system-cluster-critical (2000000000), so the
// cluster's own components always win. A stack creates only the two
// classes of its environment: two stacks of different environments can
// share a cluster without owning each other's classes.
package priority
