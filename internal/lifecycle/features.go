package lifecycle

import "fmt"

// Feature is an API field mlkube renders that older minors do not serve:
// an API server whose feature gate is off drops the field silently, so the
// object is accepted and the behaviour is missing. Each is refused for a
// minor that does not serve it by default, with its key path.
type Feature struct {
	// Name says what is rendered.
	Name string
	// Since is the first minor that serves it by default (beta or GA).
	Since Minor
	// Source is where the stage of the feature was read.
	Source string
}

// Features mlkube renders, with the first minor that serves each by default.
var (
	// SleepAction drains a model server before it stops (every inference
	// Deployment's preStop hook).
	SleepAction = Feature{Name: "the preStop sleep action that drains a model server (PodLifecycleSleepAction)", Since: Minor{1, 30},
		Source: "kubernetes/enhancements#3960 (KEP-3960): alpha 1.29, beta and on by default 1.30, stable 1.34; read 2026-12-04"}
	// TrafficDistribution keeps a Service's traffic in the client's zone.
	TrafficDistribution = Feature{Name: "Service spec.trafficDistribution (ServiceTrafficDistribution)", Since: Minor{1, 31},
		Source: "kubernetes/enhancements#4444 (KEP-4444): alpha 1.30, beta and on by default 1.31, stable 1.33; read 2026-12-04"}
	// InPlaceResize lets the VPA's InPlaceOrRecreate mode resize a running
	// pod instead of evicting it.
	InPlaceResize = Feature{Name: "the VPA's InPlaceOrRecreate mode (InPlacePodVerticalScaling)", Since: Minor{1, 33},
		Source: "kubernetes/autoscaler vertical-pod-autoscaler/docs/installation.md and features.md at tag vertical-pod-autoscaler/v1.7.1: InPlaceOrRecreate requires Kubernetes 1.33+; read 2026-12-04"}
)

// Missing is why minor s cannot serve the feature, or "" when it can (or
// when s is not a minor at all: its spelling is refused elsewhere).
func (f Feature) Missing(s string) string {
	m, ok := ParseMinor(s)
	if !ok || m.Compare(f.Since) >= 0 {
		return ""
	}
	return fmt.Sprintf("needs Kubernetes %s or newer for %s; cluster.kubernetesVersion is %s", f.Since, f.Name, m)
}
