package team

import (
	"github.com/mlkube/mlkube/internal/labels"
	"strconv"

	"github.com/mlkube/mlkube/components/internal/kube"
)

// Defaults.
const (
	DefaultPods                = 200
	DefaultMonitoringNamespace = "monitoring"
	DefaultRequestCPU          = "250m"
	DefaultRequestMemory       = "512Mi"
	DefaultLimitCPU            = "1"
	DefaultLimitMemory         = "2Gi"
)

// Labels on the team namespace.
const (
	TeamNamespaceLabel = labels.TeamNamespace
	TeamLabel          = labels.Team
)

func withDefaults(name string, a Args) Args {
	if a.Name == "" {
		a.Name = name
	}
	if a.Namespace == "" {
		a.Namespace = a.Name
	}
	if a.PodSecurity == "" {
		a.PodSecurity = Restricted
	}
	if a.MonitoringNamespace == "" {
		a.MonitoringNamespace = DefaultMonitoringNamespace
	}
	if len(a.Quota.GPUResources) == 0 {
		a.Quota.GPUResources = []string{kube.DefaultGPUResource}
	}
	if a.Quota.Pods == 0 {
		a.Quota.Pods = DefaultPods
	}
	l := &a.Limits
	for _, d := range []struct {
		v   *string
		def string
	}{{&l.DefaultRequestCPU, DefaultRequestCPU}, {&l.DefaultRequestMemory, DefaultRequestMemory}, {&l.DefaultCPU, DefaultLimitCPU}, {&l.DefaultMemory, DefaultLimitMemory}} {
		if *d.v == "" {
			*d.v = d.def
		}
	}
	return a
}

// namespaceLabels are the Pod Security admission labels (enforce, audit,
// warn at one level, pinned to the latest policy version) and the team labels.
func namespaceLabels(a Args) map[string]string {
	l := map[string]string{TeamNamespaceLabel: "true", TeamLabel: a.Name}
	for _, mode := range []string{"enforce", "audit", "warn"} {
		l[labels.PodSecurityPrefix+mode] = a.PodSecurity
		l[labels.PodSecurityPrefix+mode+"-version"] = "latest"
	}
	return l
}

// quotaHard is the ResourceQuota's hard limits.
func quotaHard(q Quota) map[string]string {
	hard := map[string]string{"pods": strconv.Itoa(q.Pods)}
	for _, name := range q.GPUResources {
		hard["requests."+name] = strconv.Itoa(q.GPUs)
	}
	for key, v := range map[string]string{
		"requests.cpu": q.CPU, "requests.memory": q.Memory,
		"limits.cpu": q.LimitsCPU, "limits.memory": q.LimitsMemory,
		"requests.storage": q.Storage,
	} {
		if v != "" {
			hard[key] = v
		}
	}
	return hard
}
