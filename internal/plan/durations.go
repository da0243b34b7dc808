package plan

import (
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/policy"
)

// Typical create durations in seconds of Kubernetes resources, used for the
// plan's estimate; each cluster provider adds those of its own resource
// types (cluster.Offline.Seconds). They are typical values reported by users
// and documentation, not guarantees:
//
//   - GPU operator on a new node: 3–5 min with the driver container, ~1 min
//     with the driver preinstalled (gpu-operator #413, #707).
//   - ECK Elasticsearch node ready 1–3 min (cloud-on-k8s #735).
//
// Types not listed take defaultSeconds; components take none of their own.
var typicalSeconds = map[string]int{
	"kubernetes:helm.sh/v3:Release":  120,
	"kubernetes:apps/v1:Deployment":  60,
	"kubernetes:apps/v1:StatefulSet": 90,
	"kubernetes:apps/v1:DaemonSet":   60,
	"pulumi:providers:kubernetes":    0,
}

// defaultSeconds is the cost of a resource type not in the table: a plain
// API object.
const defaultSeconds = 5

// releaseSeconds refines Helm releases whose install time is well known.
var releaseSeconds = map[string]int{
	"gpu-operator":          300, // driver container built/loaded on each GPU node
	"kube-prometheus-stack": 180,
	"eck-operator":          60,
	"cluster-autoscaler":    60,
	"metrics-server":        45,
	// Calico until the nodes turn Ready; MetalLB's controller and speakers;
	// the NFS provisioner (kubeadm clusters).
	"tigera-operator":                 60,
	"metallb":                         45,
	"nfs-subdir-external-provisioner": 30,
}

// gpuOperatorPreinstalledSeconds applies when the driver is already on the image.
const gpuOperatorPreinstalledSeconds = 60

func durationOf(r *policy.Resource) int {
	if !r.Custom || r.Rendered {
		return 0 // components take no time of their own; rendered objects are the release's
	}
	if r.Type == "kubernetes:helm.sh/v3:Release" {
		chart, _ := r.Inputs["chart"].(string)
		chart = chart[strings.LastIndex(chart, "/")+1:]
		if chart == "gpu-operator" && driverDisabled(r.Inputs) {
			return gpuOperatorPreinstalledSeconds
		}
		if s, ok := releaseSeconds[chart]; ok {
			return s
		}
	}
	if s, ok := typicalSeconds[r.Type]; ok {
		return s
	}
	if s, ok := offline.SecondsOf(cluster.PlannedResource{URN: r.URN, Type: r.Type, Name: r.Name, Inputs: r.Inputs}); ok {
		return s
	}
	if s, ok := offline.Seconds[r.Type]; ok {
		return s
	}
	return defaultSeconds
}

func driverDisabled(inputs map[string]any) bool {
	values, _ := inputs["values"].(map[string]any)
	driver, _ := values["driver"].(map[string]any)
	enabled, ok := driver["enabled"].(bool)
	return ok && !enabled
}
