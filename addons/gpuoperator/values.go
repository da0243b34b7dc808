package gpuoperator

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
	"sigs.k8s.io/yaml"
)

// DevicePluginConfigMap is the ConfigMap holding one device plugin
// config per distinct sharing setting of the GPU pools. A pool's nodes
// pick theirs by gpu.DevicePluginConfigLabel (gpu.Sharing.NodeLabels).
const DevicePluginConfigMap = "device-plugin-config"

// PoolConfigName is the device plugin config a pool's nodes use.
func PoolConfigName(p cluster.Pool) string {
	if p.GPU == nil {
		return gpu.SharingNone
	}
	return p.GPU.Sharing.ConfigName()
}

// DevicePluginConfig is the NVIDIA device plugin config (version v1) for
// one sharing setting, as YAML.
func DevicePluginConfig(s gpu.Sharing) string {
	flags := map[string]any{"migStrategy": "none"}
	cfg := map[string]any{"version": "v1", "flags": flags}
	switch s.Mode {
	case gpu.SharingTimeSlicing:
		cfg["sharing"] = map[string]any{
			"timeSlicing": map[string]any{
				"resources": []any{map[string]any{"name": gpu.ResourceName, "replicas": s.Replicas}},
			},
		}
	case gpu.SharingMIG:
		flags["migStrategy"] = strings.TrimPrefix(s.ConfigName(), "mig-")
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
func DevicePluginConfigs(pools []cluster.Pool) (data map[string]string, def string) {
	data = map[string]string{}
	for _, p := range pools {
		if !p.IsGPU() {
			continue
		}
		data[PoolConfigName(p)] = DevicePluginConfig(p.GPU.Sharing)
	}
	if len(data) == 0 {
		data["none"] = DevicePluginConfig(gpu.Sharing{Mode: gpu.SharingNone})
	}
	names := slices.Sorted(maps.Keys(data))
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
func MIGStrategy(pools []cluster.Pool) string {
	for _, p := range pools {
		if p.IsGPU() && p.GPU.Sharing.Mode == gpu.SharingMIG && p.GPU.Sharing.MIGStrategy == gpu.MIGMixed {
			return gpu.MIGMixed
		}
	}
	return gpu.MIGSingle
}

func usesMIG(pools []cluster.Pool) bool {
	for _, p := range pools {
		if p.IsGPU() && p.GPU.Sharing.Mode == gpu.SharingMIG {
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
			if p.GPU.Sharing.Shared() {
				notes = append(notes, fmt.Sprintf("gpu-operator: pool %s asks for %s sharing, but its node image runs its own device plugin; the operator's sharing config does not apply there (configure sharing in the image's device plugin settings)", p.Name, p.GPU.Sharing.Mode))
			}
		}
		sort.Strings(notes)
		return notes
	}
	for _, p := range pools {
		if name := PoolConfigName(p); name != def && p.Labels[gpu.DevicePluginConfigLabel] != name {
			notes = append(notes, fmt.Sprintf("gpu-operator: pool %s shares GPUs as %q but its nodes lack the label %s=%s; they would get the default config %q", p.Name, name, gpu.DevicePluginConfigLabel, name, def))
		}
		if s := p.GPU.Sharing; s.Mode == gpu.SharingMIG && p.Labels[gpu.MIGConfigLabel] != s.MIGProfile {
			notes = append(notes, fmt.Sprintf("gpu-operator: MIG pool %s needs the node label %s=%s for the MIG manager to partition its GPUs", p.Name, gpu.MIGConfigLabel, s.MIGProfile))
		}
	}
	sort.Strings(notes)
	return notes
}
