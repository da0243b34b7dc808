package plan

import (
	"strings"

	"github.com/mlkube/mlkube/internal/policy"
)

// Typical create durations in seconds, used for the plan's estimate. They are
// typical values reported by users and cloud documentation, not guarantees:
//
//   - EKS control plane 9–16 min: AWS says "9 min or less on average"
//     (eks-workshop PR 1101); containers-roadmap #1227. We use 12 min.
//   - EKS managed node group 3–20 min: terraform-provider-aws PR 16510,
//     rancher2 #966. We use 5 min.
//   - GKE Standard cluster 7–12 min (appvia/kore PR 660); GKE GPU node pool
//     ~9 min, up to 35 (codalab-worksheets #4042; NVIDIA/aicr #2065).
//   - AKS cluster 8–13 min, node pool 4–9 min (Azure/AKS #1439, #2980).
//   - GPU operator on a new node: 3–5 min with the driver container, ~1 min
//     with the driver preinstalled (gpu-operator #413, #707).
//   - ECK Elasticsearch node ready 1–3 min (cloud-on-k8s #735).
//
// Types not listed take defaultSeconds; components take none of their own.
var typicalSeconds = map[string]int{
	"aws:eks/cluster:Cluster":                             720,
	"aws:eks/nodeGroup:NodeGroup":                         300,
	"aws:eks/addon:Addon":                                 90,
	"aws:eks/accessEntry:AccessEntry":                     10,
	"aws:ec2/natGateway:NatGateway":                       120,
	"aws:ec2/vpc:Vpc":                                     15,
	"aws:ec2/subnet:Subnet":                               10,
	"aws:efs/fileSystem:FileSystem":                       60,
	"aws:kms/key:Key":                                     10,
	"aws:iam/role:Role":                                   5,
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": 5,
	"gcp:container/cluster:Cluster":                       600,
	"gcp:container/nodePool:NodePool":                     420,
	"azure-native:containerservice:ManagedCluster":        630,
	"azure-native:containerservice:AgentPool":             390,
	"kubernetes:helm.sh/v3:Release":                       120,
	"kubernetes:apps/v1:Deployment":                       60,
	"kubernetes:apps/v1:StatefulSet":                      90,
	"kubernetes:apps/v1:DaemonSet":                        60,
	"pulumi:providers:kubernetes":                         0,
	"pulumi:providers:aws":                                0,
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
	return defaultSeconds
}

func driverDisabled(inputs map[string]any) bool {
	values, _ := inputs["values"].(map[string]any)
	driver, _ := values["driver"].(map[string]any)
	enabled, ok := driver["enabled"].(bool)
	return ok && !enabled
}
