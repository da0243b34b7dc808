// Package config is the typed, defaulted and validated stack configuration of
// mlkube. A stack file (stacks/Pulumi.<stack>.yaml) holds one value per
// top-level key below, in the project's namespace (`mlkube:cluster`, ...).
//
// Load order is fixed: decode (unknown keys, wrong types and out-of-range
// numbers), defaults, validate. Every problem is reported at once with its key
// path, before the program registers any resource.
package config

import (
	"slices"
	"time"

	"github.com/mlkube/mlkube/internal/gpu"
)

// Config is the whole stack configuration.
type Config struct {
	// Project and Stack name the Pulumi project and stack being run.
	Project string `json:"-"`
	Stack   string `json:"-"`
	// Today is the date the run judges support on (see lifecycle.Today):
	// which Kubernetes minors a source still creates, and what it bills.
	Today time.Time `json:"-"`

	// Environment is dev, staging or production. Production turns on
	// protection for clusters, keys and stateful volumes.
	Environment string `json:"environment"`
	// Cluster says where the cluster comes from and how it is shaped.
	Cluster Cluster `json:"cluster"`
	// NodePools are the CPU and GPU pools of the cluster. On an adopted
	// cluster they describe the existing pools for scheduling.
	NodePools []NodePool `json:"nodePools"`
	// Addons are the platform services installed on every cluster.
	Addons Addons `json:"addons"`
	// Workloads are the teams and ML services that run on the platform.
	Workloads Workloads `json:"workloads"`
	// Prices are the stack's own machine prices in USD per node hour, by
	// machine type (negotiated rates, or a machine the provider's price
	// table lacks). They replace list prices in the plan's cost estimate.
	Prices map[string]float64 `json:"prices"`
	// Kubeconfig is a secret kubeconfig for adopted clusters
	// (`pulumi config set --secret kubeconfig "$(cat kubeconfig)"`).
	Kubeconfig string `json:"kubeconfig" secret:"true"`
	// SSHPrivateKey is the secret SSH key that reaches the hosts of a
	// kubeadm cluster (`pulumi config set --secret sshPrivateKey "$(cat key)"`).
	SSHPrivateKey string `json:"sshPrivateKey" secret:"true"`
}

// Production reports whether stateful resources must be protected.
func (c *Config) Production() bool { return c.Environment == EnvProduction }

// Environments.
const (
	EnvDev        = "dev"
	EnvStaging    = "staging"
	EnvProduction = "production"
)

// Cluster sources whose shape the stack file's own checks depend on: an
// adopted cluster has a typed section, and neither it nor own servers have
// machine types or a network to create. The list of sources is the
// provider registry's (providers.All).
const (
	ProviderKubeadm  = "kubeadm"
	ProviderExisting = "existing"
)

// Cluster is the `cluster` key.
type Cluster struct {
	// Provider is where the cluster comes from: eks, gke, aks, kubeadm or existing.
	Provider string `json:"provider"`
	// Name is the cluster name; it names cloud resources and must stay stable.
	Name string `json:"name"`
	// KubernetesVersion is the minor version, such as "1.36" (quote it in YAML).
	// The cluster source's version calendar decides which minors it accepts.
	KubernetesVersion string `json:"kubernetesVersion"`
	// Region is the cloud region (eks, aks) or location (gke).
	Region string `json:"region"`
	// Network is the cluster's network; empty creates a new one.
	Network Network `json:"network"`
	// Endpoint controls who can reach the Kubernetes API.
	Endpoint Endpoint `json:"endpoint"`
	// Admins are the identities given cluster-admin (IAM ARNs on EKS,
	// group object IDs on AKS, Google groups on GKE).
	Admins []string `json:"admins"`
	// Existing configures an adopted cluster (provider: existing).
	Existing Existing `json:"existing"`
	// Options is the cluster.<provider> section of a provider whose options
	// config does not type (the provider decodes it with DecodeOptions).
	Options ProviderOptions `json:"-"`
}

// Network is the `cluster.network` key.
type Network struct {
	// CIDR of a new VPC/VNet. Ignored when VpcID is set.
	CIDR string `json:"cidr"`
	// Zones to spread subnets over; at least two. Empty picks the first
	// zones of the region.
	Zones []string `json:"zones"`
	// VpcID adopts an existing network instead of creating one.
	VpcID string `json:"vpcId"`
	// PrivateSubnetIDs and PublicSubnetIDs go with VpcID.
	PrivateSubnetIDs []string `json:"privateSubnetIds"`
	PublicSubnetIDs  []string `json:"publicSubnetIds"`
}

// Endpoint is the `cluster.endpoint` key.
type Endpoint struct {
	// Public exposes the API endpoint on the internet, limited to PublicCIDRs.
	Public bool `json:"public"`
	// PublicCIDRs may reach a public endpoint. 0.0.0.0/0 is a policy finding.
	PublicCIDRs []string `json:"publicCidrs"`
}

// NodePool is one item of the `nodePools` key.
type NodePool struct {
	// Name is the pool name; workloads refer to it. Lowercase, digits and '-'.
	Name string `json:"name"`
	// MachineType is the instance/VM type, e.g. m6i.xlarge, g5.2xlarge.
	MachineType string `json:"machineType"`
	// Min and Max bound the pool size. Min 0 lets the autoscaler empty it.
	Min int `json:"min" min:"0" max:"1000"`
	Max int `json:"max" min:"0" max:"1000"`
	// Spot uses spot/preemptible capacity.
	Spot bool `json:"spot"`
	// DiskGB is the root disk size (default 100, 200 for GPU pools).
	DiskGB int `json:"diskGB" min:"20" max:"16384"`
	// Image is the node image family where the cloud offers a choice
	// (eks: al2023 or bottlerocket).
	Image string `json:"image"`
	// Labels are added to every node of the pool.
	Labels map[string]string `json:"labels"`
	// Taints are added to every node of the pool. GPU pools get the
	// nvidia.com/gpu NoSchedule taint without being asked.
	Taints []Taint `json:"taints"`
	// GPU makes this a GPU pool.
	GPU *GPU `json:"gpu"`
	// NodeSelector (adopted clusters) says which nodes are the pool by
	// labels they already carry, such as {kubernetes.io/os: linux} on kind or
	// {node.kubernetes.io/instance-type: g5.xlarge}; the pool's workloads
	// select exactly these labels and mlkube changes no node.
	NodeSelector map[string]string `json:"nodeSelector"`
	// Nodes (adopted clusters) names the pool's nodes; mlkube labels each
	// of them with the pool's labels (mlkube.io/pool, the GPU and sharing
	// labels) and the pool's workloads select mlkube.io/pool.
	Nodes []string `json:"nodes"`
	// Provisioner is who makes the pool's nodes: empty for the cloud's node
	// group; karpenter (EKS) or computeClass (GKE: a ComputeClass whose
	// node pools GKE creates), which launch nodes for pending pods from
	// every machine type and capacity tier the pool allows. The pool with
	// no taints (system) always stays a node group: it runs the
	// provisioner.
	Provisioner string `json:"provisioner"`
	// MachineTypes are more machine types the pool may use beside
	// MachineType, each with the same GPU model and count (spot pools
	// diversified over several types are reclaimed less all at once).
	MachineTypes []string `json:"machineTypes"`
	// Capacity is the order in which a provisioned pool tries capacity
	// tiers: reserved, on-demand, flex-start (where the cloud has it),
	// spot. Empty: spot when Spot, else on-demand.
	Capacity []string `json:"capacity"`
	// CapacityReservations are the cloud's capacity reservation IDs the
	// reserved tier launches into (required with it, refused without it).
	CapacityReservations []string `json:"capacityReservations"`
}

// Provisioners a pool may name (nodePools[].provisioner).
const (
	ProvisionerNodeGroup    = ""
	ProvisionerKarpenter    = "karpenter"
	ProvisionerComputeClass = "computeClass"
)

// Provisioners are the provisioner values beyond the node group, in the
// order errors list them.
var Provisioners = []string{ProvisionerKarpenter, ProvisionerComputeClass}

// Capacity tiers a provisioned pool may order (nodePools[].capacity), in
// the spelling of Karpenter's karpenter.sh/capacity-type label. Flex-start
// (GKE: VMs granted when capacity frees up, for at most 7 days) is no
// Karpenter tier; whether a source has it is its PoolSupport's to say.
const (
	CapacityReserved  = "reserved"
	CapacityOnDemand  = "on-demand"
	CapacityFlexStart = "flex-start"
	CapacitySpot      = "spot"
)

// CapacityTiers are the capacity values, in the order errors list them.
var CapacityTiers = []string{CapacityReserved, CapacityOnDemand, CapacityFlexStart, CapacitySpot}

// ProvisionedBy are the pools whose nodes the provisioner makes
// (ProvisionerNodeGroup: the cloud's node groups), in stack order.
func ProvisionedBy(pools []NodePool, provisioner string) []NodePool {
	var out []NodePool
	for _, p := range pools {
		if p.Provisioner == provisioner {
			out = append(out, p)
		}
	}
	return out
}

// Tiers is the order in which the pool tries capacity: Capacity, or the one
// tier Spot implies.
func (p NodePool) Tiers() []string {
	if len(p.Capacity) > 0 {
		return append([]string(nil), p.Capacity...)
	}
	if p.Spot {
		return []string{CapacitySpot}
	}
	return []string{CapacityOnDemand}
}

// AllMachineTypes is MachineType followed by MachineTypes, without repeats.
func (p NodePool) AllMachineTypes() []string {
	out := []string{}
	for _, t := range append([]string{p.MachineType}, p.MachineTypes...) {
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// IsGPU reports whether the pool has GPUs.
func (p NodePool) IsGPU() bool { return p.GPU != nil }

// Selector is the node selector that places pods on the pool: the labels
// an adopted pool's nodes already carry, else the pool label mlkube puts on
// the nodes it creates or labels.
func (p NodePool) Selector() map[string]string {
	if len(p.NodeSelector) > 0 {
		out := make(map[string]string, len(p.NodeSelector))
		for k, v := range p.NodeSelector {
			out[k] = v
		}
		return out
	}
	return map[string]string{gpu.PoolLabel: p.Name}
}

// Taint is a Kubernetes node taint.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Effect string `json:"effect"`
}

// GPU is the `nodePools[].gpu` key.
type GPU struct {
	// Model is the GPU model: t4, a10g, l4, a100, h100 ...
	Model string `json:"model"`
	// Count is the number of GPUs per node.
	Count int `json:"count" min:"1" max:"16"`
	// Sharing is `none`, `{timeSlicing: N}` or `{mig: {strategy, profile}}`.
	Sharing Sharing `json:"sharing"`
}

// Sharing is how pods share one physical GPU, in its stack-file spelling
// (none, {timeSlicing: N}, {mig: {strategy, profile}}). What a setting
// means is gpu.Sharing's to say.
type Sharing gpu.Sharing

// Addons is the `addons` key. Every addon is on by default where it applies.
type Addons struct {
	GPUOperator       GPUOperator `json:"gpuOperator"`
	Autoscaler        Autoscaler  `json:"autoscaler"`
	MetricsServer     Addon       `json:"metricsServer"`
	PrometheusAdapter Addon       `json:"prometheusAdapter"`
	Monitoring        Monitoring  `json:"monitoring"`
	Logging           Logging     `json:"logging"`
	Ingress           Ingress     `json:"ingress"`
	Gateway           Gateway     `json:"gateway"`
	// VPA is the Vertical Pod Autoscaler: on when a service sets
	// autoscaling.vertical (or enabled: true); enabled: false refuses
	// those services.
	VPA   Addon `json:"vpa"`
	Kueue Kueue `json:"kueue"`
	// Charts says where every pinned chart comes from (the addons' and
	// what a cluster provider installs itself).
	Charts Charts `json:"charts"`
	// ImageRegistry is a registry mirror, host[/path] (e.g.
	// harbor.example.com/mirror), that every pinned chart's images and
	// mlkube's own images are pulled from instead of their public
	// registries: an image keeps its path and loses its registry host
	// (quay.io/prometheus/prometheus becomes
	// harbor.example.com/mirror/prometheus/prometheus). Images the stack
	// names itself (model servers, trainers) are left as written.
	ImageRegistry string `json:"imageRegistry"`
}

// Charts is the `addons.charts` key.
type Charts struct {
	// Source is public (the charts' own repositories, default), mirror
	// (Mirror) or cache (the local chart cache that `mlkube charts pull`
	// fills, read by `pulumi up` itself: nothing is fetched).
	Source string `json:"source"`
	// Mirror is the chart mirror with source mirror: an OCI registry
	// (oci://harbor.example.com/charts, a chart is <mirror>/<name>) or an
	// HTTP chart repository (https://charts.example.com, with an
	// index.yaml).
	Mirror string `json:"mirror"`
	// Cache is the chart cache folder with source cache, an absolute path
	// (default $MLKUBE_CHART_CACHE, else ~/.cache/mlkube/charts on the
	// machine that runs `pulumi up`).
	Cache string `json:"cache"`
}

// Chart sources.
const (
	ChartsPublic = "public"
	ChartsMirror = "mirror"
	ChartsCache  = "cache"
)

// Addon is what every addon accepts.
type Addon struct {
	// Enabled turns the addon off when false (default on where it applies).
	Enabled *bool `json:"enabled"`
	// Version overrides the pinned chart version.
	Version string `json:"version"`
	// Values are merged over the computed Helm values.
	Values map[string]any `json:"values"`
}

// On reports whether the addon is enabled (default true).
func (a Addon) On() bool { return a.Enabled == nil || *a.Enabled }

// GPUOperator is the `addons.gpuOperator` key.
type GPUOperator struct {
	Addon
	// TimeoutMinutes bounds the Helm install (default 30).
	TimeoutMinutes int `json:"timeoutMinutes" min:"5" max:"120"`
}

// Autoscaler is the `addons.autoscaler` key.
type Autoscaler struct {
	Addon
	// ScaleDownUnneededTime is how long a node must be unneeded before removal (default 10m).
	ScaleDownUnneededTime string `json:"scaleDownUnneededTime"`
	// ScaleDownDelayAfterAdd is how long after a scale-up scale-down waits (default 10m).
	ScaleDownDelayAfterAdd string `json:"scaleDownDelayAfterAdd"`
}

// Monitoring is the `addons.monitoring` key (kube-prometheus-stack).
type Monitoring struct {
	Addon
	// RetentionDays of Prometheus data (default 15).
	RetentionDays int `json:"retentionDays" min:"1" max:"3650"`
	// StorageGB of the Prometheus volume (default 50).
	StorageGB int `json:"storageGB" min:"1" max:"65536"`
	// GrafanaAdminPassword is a secret (`pulumi config set --secret --path
	// addons.monitoring.grafanaAdminPassword`); it becomes Secret
	// monitoring/grafana-admin. When empty, a random password is generated
	// (kept in the stack's state) and exported as the secret stack output
	// grafanaAdminPassword.
	GrafanaAdminPassword string `json:"grafanaAdminPassword" secret:"true"`
	// Alerting says who Alertmanager notifies.
	Alerting Alerting `json:"alerting"`
}

// Ingress is the `addons.ingress` key: the ingress controller, installed
// only when enabled is true (ingress-nginx was retired and its repository
// archived on 2026-03-24). Services exposed through ingress then get an
// Ingress beside their route, so DNS can move to the Gateway at leisure.
type Ingress struct {
	Addon
	// Controller overrides the cluster's choice: nginx (ingress-nginx) or
	// cloud (the cloud's own load balancer controller, where it has one).
	Controller string `json:"controller"`
}

// Ingress controllers a stack may ask for.
const (
	IngressNginx = "nginx"
	IngressCloud = "cloud"
)

// Wanted reports whether the stack asks for the ingress controller: only
// enabled: true does, since routes on the Gateway serve expose.type ingress.
func (i Ingress) Wanted(Workloads) bool { return i.Kept() }

// Kept reports whether the stack keeps Ingress objects and their
// controller (addons.ingress.enabled: true).
func (i Ingress) Kept() bool { return i.Enabled != nil && *i.Enabled }

// Gateway is the `addons.gateway` key: the Gateway API CRDs, an
// implementation that fits the cluster (the cloud's own Gateway controller
// or Envoy Gateway) and one Gateway that the services exposed through
// ingress attach their HTTPRoutes to. On by default when a service uses
// ingress; enabled: false gives those services Ingress objects for a
// controller you run instead.
type Gateway struct {
	Addon
}

// Wanted reports whether the stack needs the Gateway: the addon is turned
// on, or it is not turned off and a service uses ingress.
func (g Gateway) Wanted(w Workloads) bool {
	if g.Enabled != nil {
		return *g.Enabled
	}
	for _, s := range w.Inference {
		if s.Expose.Type == ExposeIngress {
			return true
		}
	}
	return false
}

// Kueue is the `addons.kueue` key: the Kueue controller, a ResourceFlavor
// per node pool, a ClusterQueue per team (its quota, all teams in one
// cohort) and a LocalQueue in each team namespace, through which every
// training job is admitted whole or waits suspended. On by default when
// the stack has training jobs; enabled: false runs them unqueued.
type Kueue struct {
	Addon
	// Install: false says Kueue already runs in the cluster (a platform
	// team's own, a cloud's managed one, an adopted cluster's): mlkube
	// installs no chart and still creates the flavors, queues and queued
	// jobs, which that Kueue admits. Default true: mlkube installs it.
	Install *bool `json:"install"`
}

// Installs reports whether mlkube installs the Kueue controller itself.
func (k Kueue) Installs() bool { return k.Install == nil || *k.Install }

// Wanted reports whether the stack queues its training jobs: the addon is
// turned on, or it is not turned off and the stack has training jobs.
func (k Kueue) Wanted(w Workloads) bool {
	if k.Enabled != nil {
		return *k.Enabled
	}
	return len(w.Training) > 0
}

// Logging is the `addons.logging` key (ECK Elasticsearch + Kibana, Fluent Bit).
type Logging struct {
	Addon
	// RetentionDays of log indices (default 7).
	RetentionDays int `json:"retentionDays" min:"1" max:"3650"`
	// StorageGB per Elasticsearch node (default 100).
	StorageGB int `json:"storageGB" min:"1" max:"65536"`
	// Nodes is the number of Elasticsearch nodes (default 1; 3 or more
	// keep a replica of every index and survive the loss of a node).
	Nodes int `json:"nodes" min:"1" max:"100"`
	// FluentBit overrides the Fluent Bit chart (version, values) or turns
	// log shipping off; the addon's own version and values apply to the
	// ECK operator chart.
	FluentBit Addon `json:"fluentBit"`
}
