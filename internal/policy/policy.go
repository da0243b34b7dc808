// Package policy checks a plan before anything is created: the findings a
// reviewer sees in `mlkube plan` and in a pull request's plan diff. Policies
// read the registered resources (what would really be applied), not the
// stack file, so they also catch mistakes in mlkube's own code.
package policy

import (
	"sort"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
)

// Resource is one registered resource as the plan records it.
type Resource struct {
	URN       string         `json:"urn"`
	Type      string         `json:"type"`
	Name      string         `json:"name"`
	Parent    string         `json:"parent"`
	Provider  string         `json:"provider"`
	Custom    bool           `json:"custom"`
	Inputs    map[string]any `json:"inputs"`
	DependsOn []string       `json:"dependsOn"`
	Safeguards
	// Rendered marks an object of a Helm release rendered offline from the
	// chart cache: part of the release, not a resource of its own.
	Rendered bool `json:"rendered,omitempty"`
}

// Safeguards are the resource options that guard what a resource holds:
// the engine refuses to delete a protected resource, leaves a retained one
// in place when it leaves the stack, and leaves the listed properties to
// whoever else changes them (an autoscaler, a cloud). The stateful
// policies and the diff's data-loss warning read them.
type Safeguards struct {
	Protect        bool     `json:"protect"`
	RetainOnDelete bool     `json:"retainOnDelete"`
	IgnoreChanges  []string `json:"ignoreChanges"`
}

// Finding is one policy result.
type Finding struct {
	Policy   string `json:"policy"`
	Severity string `json:"severity"`
	URN      string `json:"urn"`
	Message  string `json:"message"`
}

// Severities. An error finding fails `mlkube plan` and `mlkube validate`.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Input is what a policy sees.
type Input struct {
	Config    *config.Config
	Pools     []cluster.Pool
	Resources []Resource
	// Stateful are the resource types whose loss loses data or access
	// (clusters, keys, file systems), as the cluster providers name them.
	Stateful []string
	// BlockProvisioners attach a volume to one node at a time (no
	// ReadWriteMany or ReadOnlyMany across nodes), as the cluster's
	// Storage names them.
	BlockProvisioners []string
	// NetworkPolicyEnforced is the cluster's capability: its network
	// plugin enforces NetworkPolicy.
	NetworkPolicyEnforced bool
	// ServedKinds are the custom resource kinds (Kind.group) the cluster
	// serves without a release of the plan installing them (a cloud's own
	// CRDs, a Kueue the cluster already runs): their objects wait for nothing.
	ServedKinds []string
	// Reach locates what workloads reach and what reaches them (the
	// reachability policy).
	Reach Reach
	byURN map[string]*Resource
}

// Policy is one named check.
type Policy struct {
	Name  string
	Check func(in *Input, report func(severity, urn, format string, args ...any))
}

// Policies is the policy set, in the order findings are reported.
var Policies = []Policy{
	{"schedulable", checkSchedulable},
	{"gpu-daemonset-coverage", checkDaemonSetCoverage},
	{"image-pinned", checkImages},
	{"pod-security-labels", checkNamespaces},
	{"crd-after-owner", checkCRDOrder},
	{"namespace-first", checkNamespaceFirst},
	{"stateful-retained", checkStateful},
	{"volume-class", checkVolumeClass},
	{"endpoint-open", checkEndpoint},
	{"network-policy-enforced", checkNetworkPolicyEnforced},
	{"reachability", checkReachability},
	{"probes-and-pdb", checkAvailability},
	{"retired-chart", checkRetiredCharts},
}

// Check runs every policy and returns the findings sorted by severity,
// policy and URN.
func Check(input Input) []Finding {
	in := &input
	in.byURN = map[string]*Resource{}
	for i := range in.Resources {
		in.byURN[in.Resources[i].URN] = &in.Resources[i]
	}
	findings := []Finding{}
	for _, p := range Policies {
		p.Check(in, func(sev, urn, format string, args ...any) {
			findings = append(findings, Finding{Policy: p.Name, Severity: sev, URN: urn, Message: sprintf(format, args...)})
		})
	}
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if a.Severity != b.Severity {
			return a.Severity == SeverityError
		}
		if a.Policy != b.Policy {
			return a.Policy < b.Policy
		}
		if a.URN != b.URN {
			return a.URN < b.URN
		}
		return a.Message < b.Message
	})
	return findings
}
