// Package cost estimates what a stack costs a month, from the plan and the
// list prices each cluster provider publishes through cluster.Offline
// (package pricing).
//
// The estimate is a range, not a number: every pool is priced at its min
// and at its max node count, and spot capacity at the range of discounts its
// cloud states, because the autoscaler and the spot market decide where in
// that range a month lands. Usage-based charges (traffic, requests, NAT data
// processing, snapshots) are out of scope: the plan does not know them.
package cost
