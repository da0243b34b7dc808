package gpuoperator

import (
	"fmt"
	"sort"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"sigs.k8s.io/yaml"
)

// Node labels the GPU operator's components read. They belong with the
// other GPU facts in internal/gpu; until they move there, this is their
// one spelling.
const (
	// DevicePluginConfigLabel selects, per node, the device plugin config
	// (a key of the DevicePluginConfigMap). Nodes without it get the
	// default config.
	DevicePluginConfigLabel = gpu.DevicePluginConfigLabel
	// MIGConfigLabel selects, per node, the mig-parted profile the MIG
	// manager applies (e.g. all-1g.10gb). Nodes without it keep MIG off.
	MIGConfigLabel = gpu.MIGConfigLabel
)

// DevicePluginConfigMap is the ConfigMap holding one device plugin
// config per distinct sharing setting of the GPU pools.
const DevicePluginConfigMap = "device-plugin-config"

// SharingConfigName names the device plugin config of a sharing setting:
// "none", "time-slicing-<replicas>", "mig-single" or "mig-mixed". The
// value of DevicePluginConfigLabel on a pool's nodes is this name.
func SharingConfigName(mode string, replicas int, migStrategy string) string {
	return gpu.SharingConfigName(mode, replicas, migStrategy)
}

// PoolConfigName is SharingConfigName for a pool.
func PoolConfigName(p config.NodePool) string {
	if p.GPU == nil {
		return "none"
	}
	s := p.GPU.Sharing
	return SharingConfigName(s.Mode, s.Replicas, s.MIGStrategy)
}

func migStrategyOr(s string) string {
	if s == "" {
		return "single"
	}
	return s
}

// DevicePluginConfig is the NVIDIA device plugin config (version v1) for
// one sharing setting, as YAML.
func DevicePluginConfig(s config.Sharing) string {
	flags := map[string]any{"migStrategy": "none"}
	cfg := map[string]any{"version": "v1", "flags": flags}
	switch s.Mode {
	case config.SharingTimeSlicing:
		cfg["sharing"] = map[string]any{
			"timeSlicing": map[string]any{
				"resources": []any{map[string]any{"name": gpu.ResourceName, "replicas": s.Replicas}},
			},
		}
	case config.SharingMIG:
		flags["migStrategy"] = migStrategyOr(s.MIGStrategy)
	}
	out, err := yaml.Marshal(cfg)
	if err != nil {
		panic(err) // plain maps always marshal
	}
	return string(out)
}

// DevicePluginConfigs returns the data of the device plugin ConfigMap
// (config name -> config) for the GPU pools, and the default config:
// the one every pool shares, else "none" if some pool shares nothing,
// else the first name in order. Nodes of pools whose config is not the
// default must carry DevicePluginConfigLabel (see Notes).
func DevicePluginConfigs(pools []config.NodePool) (data map[string]string, def string) {
	data = map[string]string{}
	for _, p := range pools {
		if !p.IsGPU() {
			continue
		}
		data[PoolConfigName(p)] = DevicePluginConfig(p.GPU.Sharing)
	}
	if len(data) == 0 {
		data["none"] = DevicePluginConfig(config.Sharing{Mode: config.SharingNone})
	}
	names := kit.SortedKeys(data)
	switch {
	case len(names) == 1:
		def = names[0]
	case data["none"] != "":
		def = "none"
	default:
		def = names[0]
	}
	return data, def
}

// MIGStrategy is the cluster-wide MIG strategy: mixed if any MIG pool
// asks for it, else single (also when no pool uses MIG; the strategy
// only matters on MIG-enabled GPUs).
func MIGStrategy(pools []config.NodePool) string {
	for _, p := range pools {
		if p.IsGPU() && p.GPU.Sharing.Mode == config.SharingMIG && p.GPU.Sharing.MIGStrategy == "mixed" {
			return "mixed"
		}
	}
	return "single"
}

func usesMIG(pools []config.NodePool) bool {
	for _, p := range pools {
		if p.IsGPU() && p.GPU.Sharing.Mode == config.SharingMIG {
			return true
		}
	}
	return false
}

// Values computes the gpu-operator chart values from what the cluster
// says about itself:
//   - driver and container toolkit only where the GPU node images do not
//     carry them (EKS GPU AMIs and AKS managed drivers do; kubeadm hosts
//     do not);
//   - a driver that the cloud installs outside /run/nvidia/driver (GKE
//     COS: /home/kubernetes/bin/nvidia) is used from there; where the
//     operator installs the toolkit, it goes next to the driver with CDI
//     on, as NVIDIA documents for GKE;
//   - the device plugin (unless the node image runs its own, as
//     Bottlerocket NVIDIA does) reads DevicePluginConfigMap, one config
//     per sharing setting, selected per node by DevicePluginConfigLabel;
//   - MIG strategy from the pools; the MIG manager only where a pool uses
//     MIG and the cloud does not partition the GPUs itself;
//   - every operand (the operator schedules them on nodes labelled
//     nvidia.com/gpu.present=true by feature discovery) and the NFD worker
//     tolerate every taint of every GPU pool;
//   - the DCGM exporter runs; its ServiceMonitor is not the chart's (see
//     NewMonitor), so the release needs no Prometheus CRDs.
func Values(cl *cluster.Cluster) map[string]any {
	caps := cl.Capabilities
	pools := cl.GPUPools()
	gpuTolerations := kit.GPUTolerations(pools)
	_, def := DevicePluginConfigs(pools)

	toolkit := map[string]any{"enabled": !caps.ContainerToolkitPreinstalled}
	v := map[string]any{
		"driver":  map[string]any{"enabled": !caps.GPUDriverPreinstalled},
		"toolkit": toolkit,
		"daemonsets": map[string]any{
			"tolerations":       gpuTolerations,
			"priorityClassName": "system-node-critical",
		},
		"node-feature-discovery": map[string]any{
			"worker": map[string]any{
				"tolerations": append([]any{
					kit.Toleration("node-role.kubernetes.io/control-plane", "Equal", "", "NoSchedule"),
				}, gpuTolerations...),
			},
		},
		"devicePlugin": map[string]any{
			"enabled": !caps.DevicePluginPreinstalled,
			"config": map[string]any{
				"create":  false,
				"name":    DevicePluginConfigMap,
				"default": def,
			},
		},
		"gfd":        map[string]any{"enabled": true},
		"mig":        map[string]any{"strategy": MIGStrategy(pools)},
		"migManager": map[string]any{"enabled": usesMIG(pools) && !caps.GPUSharingByCloud},
		"dcgmExporter": map[string]any{
			"enabled":        true,
			"serviceMonitor": map[string]any{"enabled": false},
		},
	}
	if dir := caps.GPUDriverHostPath; dir != "" {
		v["hostPaths"] = map[string]any{"driverInstallDir": dir}
		if !caps.ContainerToolkitPreinstalled {
			toolkit["installDir"] = dir
			v["cdi"] = map[string]any{"enabled": true, "default": true}
		}
	}
	return v
}

// Notes are what a reviewer must know about the GPU operator on this
// cluster: GPU pools whose nodes lack the labels that select their
// device plugin or MIG config.
func Notes(cl *cluster.Cluster) []string {
	pools := cl.GPUPools()
	_, def := DevicePluginConfigs(pools)
	var notes []string
	if cl.Capabilities.GPUSharingByCloud {
		return nil // the cloud applies each pool's sharing on its nodes
	}
	if cl.Capabilities.DevicePluginPreinstalled {
		for _, p := range pools {
			if m := p.GPU.Sharing.Mode; m != "" && m != config.SharingNone {
				notes = append(notes, fmt.Sprintf("gpu-operator: pool %s asks for %s sharing, but its node image runs its own device plugin; the operator's sharing config does not apply there (configure sharing in the image's device plugin settings)", p.Name, m))
			}
		}
		sort.Strings(notes)
		return notes
	}
	for _, p := range pools {
		if name := PoolConfigName(p); name != def && p.Labels[DevicePluginConfigLabel] != name {
			notes = append(notes, fmt.Sprintf("gpu-operator: pool %s shares GPUs as %q but its nodes lack the label %s=%s; they would get the default config %q", p.Name, name, DevicePluginConfigLabel, name, def))
		}
		if s := p.GPU.Sharing; s.Mode == config.SharingMIG && p.Labels[MIGConfigLabel] != s.MIGProfile {
			notes = append(notes, fmt.Sprintf("gpu-operator: MIG pool %s needs the node label %s=%s for the MIG manager to partition its GPUs", p.Name, MIGConfigLabel, s.MIGProfile))
		}
	}
	sort.Strings(notes)
	return notes
}

// RequiredPoolLabels are the labels a GPU pool's nodes must carry so the
// operator applies the pool's sharing setting (for config defaults).
func RequiredPoolLabels(p config.NodePool) map[string]string {
	if !p.IsGPU() {
		return nil
	}
	sh := p.GPU.Sharing
	return gpu.SharingLabels(sh.Mode, sh.Replicas, sh.MIGStrategy, sh.MIGProfile)
}
