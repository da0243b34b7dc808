package config

import (
	"github.com/mlkube/mlkube/components/storage"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/lifecycle"
)

// Defaults that a stack file may leave out. Kept together so the README's
// config reference can point at one place; a workload's are its
// component's.
const (
	DefaultEnvironment        = EnvDev
	DefaultKubernetesVersion  = lifecycle.Default
	DefaultNetworkCIDR        = "10.0.0.0/16"
	DefaultDiskGB             = 100
	DefaultGPUDiskGB          = 200
	DefaultGPUOperatorTimeout = 30
	DefaultScaleDownTime      = "10m"
	DefaultPrometheusDays     = 15
	DefaultPrometheusGB       = 50
	DefaultLogDays            = 7
	DefaultLogGB              = 100
	DefaultLogNodes           = 1
	DefaultTeamPods           = 200
)

func applyDefaults(c *Config) {
	if c.Environment == "" {
		c.Environment = DefaultEnvironment
	}
	cl := &c.Cluster
	if cl.KubernetesVersion == "" {
		cl.KubernetesVersion = DefaultKubernetesVersion
	}
	if cl.Network.CIDR == "" && cl.Network.VpcID == "" && cl.Provider != ProviderExisting && cl.Provider != ProviderKubeadm {
		cl.Network.CIDR = DefaultNetworkCIDR
	}
	for i := range c.NodePools {
		defaultPool(&c.NodePools[i])
	}
	defaultAddons(&c.Addons)
	defaultWorkloads(&c.Workloads)
}

func defaultPool(p *NodePool) {
	if p.DiskGB == 0 {
		p.DiskGB = DefaultDiskGB
		if p.IsGPU() {
			p.DiskGB = DefaultGPUDiskGB
		}
	}
	if len(p.Nodes) > 0 && p.Min == 0 && p.Max == 0 {
		p.Min, p.Max = len(p.Nodes), len(p.Nodes)
	}
	if p.Max == 0 && p.Min > 0 {
		p.Max = p.Min
	}
	model := ""
	if p.IsGPU() {
		model = p.GPU.Model
		if p.GPU.Sharing.Mode == "" {
			p.GPU.Sharing.Mode = gpu.SharingNone
		}
	}
	labels := gpu.PoolLabels(p.Name, model)
	if len(p.NodeSelector) > 0 {
		// Nobody puts mlkube's labels on nodes picked by their own labels:
		// the pool's nodes carry what selects them (and what the stack says).
		labels = map[string]string{}
		for k, v := range p.NodeSelector {
			labels[k] = v
		}
	}
	if p.IsGPU() && len(p.NodeSelector) == 0 {
		for k, v := range gpu.Sharing(p.GPU.Sharing).NodeLabels() {
			labels[k] = v
		}
	}
	for k, v := range p.Labels {
		labels[k] = v
	}
	p.Labels = labels
	if p.IsGPU() && !hasTaint(p.Taints, gpu.TaintKey) {
		p.Taints = append(p.Taints, Taint{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect})
	}
	for i := range p.Taints {
		if p.Taints[i].Effect == "" {
			p.Taints[i].Effect = "NoSchedule"
		}
	}
}

func hasTaint(ts []Taint, key string) bool {
	for _, t := range ts {
		if t.Key == key {
			return true
		}
	}
	return false
}

func defaultAddons(a *Addons) {
	if a.Charts.Source == "" {
		a.Charts.Source = ChartsPublic
	}
	if a.GPUOperator.TimeoutMinutes == 0 {
		a.GPUOperator.TimeoutMinutes = DefaultGPUOperatorTimeout
	}
	if a.Autoscaler.ScaleDownUnneededTime == "" {
		a.Autoscaler.ScaleDownUnneededTime = DefaultScaleDownTime
	}
	if a.Autoscaler.ScaleDownDelayAfterAdd == "" {
		a.Autoscaler.ScaleDownDelayAfterAdd = DefaultScaleDownTime
	}
	if a.Monitoring.RetentionDays == 0 {
		a.Monitoring.RetentionDays = DefaultPrometheusDays
	}
	if a.Monitoring.StorageGB == 0 {
		a.Monitoring.StorageGB = DefaultPrometheusGB
	}
	if a.Logging.RetentionDays == 0 {
		a.Logging.RetentionDays = DefaultLogDays
	}
	if a.Logging.StorageGB == 0 {
		a.Logging.StorageGB = DefaultLogGB
	}
	if a.Logging.Nodes == 0 {
		a.Logging.Nodes = DefaultLogNodes
	}
	defaultAlerting(&a.Monitoring.Alerting)
}

func defaultWorkloads(w *Workloads) {
	for i := range w.Teams {
		t := &w.Teams[i]
		if t.Namespace == "" {
			t.Namespace = t.Name
		}
		if t.PodSecurity == "" {
			t.PodSecurity = "restricted"
		}
		if t.Quota.Pods == 0 {
			t.Quota.Pods = DefaultTeamPods
		}
		defaultEgress(t.Egress)
	}
	for i := range w.Volumes {
		v := &w.Volumes[i]
		v.AccessMode = storage.NormalizeAccessMode(v.AccessMode)
	}
	for i := range w.Inference {
		defaultInference(&w.Inference[i])
	}
	for i := range w.Training {
		defaultTraining(&w.Training[i])
	}
}

// Storage class roles a volume may ask for; empty lets the storage
// component choose by purpose and access mode (components/storage).
const (
	ClassFast        = storage.Fast
	ClassStandard    = storage.Standard
	ClassShared      = storage.Shared
	ClassModels      = storage.Models
	ClassCheckpoints = storage.Checkpoints
)

// Inference services and training jobs take their defaults from their
// components (components/inference, components/training), which own them;
// the stack layer defaults only what it adds to them.
func defaultInference(s *Inference) {
	defaultEgress(s.Egress)
}

func defaultTraining(j *Training) {
	defaultEgress(j.Egress)
}
