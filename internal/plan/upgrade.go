package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/mlkube/mlkube/internal/policy"
)

// UpgradeProblem is a Kubernetes version change between two plans that the
// clouds refuse or that breaks the version skew policy. `mlkube diff
// --fail-on destructive` counts each as destructive: the apply would fail
// half-way, or leave kubelets the API server does not support.
type UpgradeProblem struct {
	URN     string
	Message string
}

// Rules the problems name.
const (
	ruleOneMinor = "managed clusters and kubeadm upgrade a control plane one minor at a time"
	ruleSkew     = "kubelets may not be newer than the API server, nor more than three minors older (kubernetes.io/releases/version-skew-policy)"
)

// maxKubeletLag is how many minors a kubelet may be older than its API
// server (version skew policy, since 1.28).
const maxKubeletLag = 3

// versioned is a resource that carries a Kubernetes minor in its inputs.
type versioned struct {
	r     *Resource
	minor lifecycle.Minor
}

// versionsOf finds the control planes and the node pools of a plan with the
// minor each asks for, by the input paths the providers name.
func versionsOf(p *Plan) (planes, pools []versioned) {
	for i := range p.Resources {
		r := &p.Resources[i]
		path, ok := offline.Versions[r.Type]
		if !ok || r.Rendered {
			continue
		}
		s, _ := policy.Get(r.Inputs, strings.Split(path, ".")...).(string)
		m, ok := lifecycle.ParseMinor(s)
		if !ok {
			continue // computed, or left to the cloud's upgrade channel
		}
		if slices.Contains(offline.NodePoolTypes, r.Type) {
			pools = append(pools, versioned{r, m})
		} else {
			planes = append(planes, versioned{r, m})
		}
	}
	return planes, pools
}

// upgradeProblems checks a version change from base to head the way the
// clouds do: one minor at a time, never down, and node pools within the
// skew policy of their control plane.
func upgradeProblems(base, head *Plan) []UpgradeProblem {
	var out []UpgradeProblem
	basePlanes, _ := versionsOf(base)
	headPlanes, headPools := versionsOf(head)
	before := map[string]lifecycle.Minor{}
	for _, v := range basePlanes {
		before[v.r.URN] = v.minor
	}
	for _, v := range headPlanes {
		from, ok := before[v.r.URN]
		if !ok {
			continue
		}
		switch steps := lifecycle.Steps(from, v.minor); {
		case steps > 1:
			out = append(out, UpgradeProblem{v.r.URN, fmt.Sprintf("control plane %s goes from Kubernetes %s to %s, %d minors at once: %s; apply %s first", v.r.Name, from, v.minor, steps, ruleOneMinor, lifecycle.Minor{Major: from.Major, Minor: from.Minor + 1})})
		case steps < 0:
			out = append(out, UpgradeProblem{v.r.URN, fmt.Sprintf("control plane %s goes from Kubernetes %s down to %s: a control plane is never downgraded; a lower minor needs a new cluster", v.r.Name, from, v.minor)})
		}
	}
	if len(headPlanes) == 1 {
		plane := headPlanes[0].minor
		for _, v := range headPools {
			lag := lifecycle.Steps(v.minor, plane)
			if lag < 0 || lag > maxKubeletLag {
				out = append(out, UpgradeProblem{v.r.URN, fmt.Sprintf("node pool %s runs Kubernetes %s beside a %s control plane: %s", v.r.Name, v.minor, plane, ruleSkew)})
			}
		}
	}
	return out
}
