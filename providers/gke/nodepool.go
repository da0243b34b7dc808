package gke

import (
	"fmt"
	"sort"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/container"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/serviceaccount"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Node settings of every pool.
const (
	imageType            = "COS_CONTAINERD"
	diskType             = "pd-balanced"
	workloadMetadataMode = "GKE_METADATA" // pods see the Workload Identity metadata server, not the node's
	timeSharing          = "TIME_SHARING"
)

// gpuPoolTimeout bounds the creation of a GPU pool: VMs plus the driver
// take about 9 minutes and up to 35 (codalab-worksheets #4042,
// NVIDIA/aicr#2065), and a zone out of GPUs makes GKE retry
// (terraform-provider-google#25219).
const gpuPoolTimeout = "45m"

// gkeTaintEffects spell Kubernetes taint effects the way the GKE API does.
var gkeTaintEffects = map[string]string{
	"NoSchedule":       "NO_SCHEDULE",
	"PreferNoSchedule": "PREFER_NO_SCHEDULE",
	"NoExecute":        "NO_EXECUTE",
}

// gkeOwnedLabels are node labels GKE puts on GPU nodes itself. They are
// never sent (GKE refuses its own prefix) and never diffed.
var gkeOwnedLabels = []string{
	acceleratorLabel,
	"cloud.google.com/gke-gpu-driver-version",
	"cloud.google.com/gke-gpu-sharing-strategy",
	"cloud.google.com/gke-max-shared-clients-per-gpu",
	"cloud.google.com/gke-gpu-partition-size",
}

// nodeLabels are the pool's labels as sent to GKE: without the labels GKE
// sets itself on GPU nodes.
func nodeLabels(p config.NodePool) map[string]string {
	out := make(map[string]string, len(p.Labels))
	for k, v := range p.Labels {
		out[k] = v
	}
	for _, k := range gkeOwnedLabels {
		delete(out, k)
	}
	return out
}

// ownTaints are the pool's taints GKE is told about, by a node pool or a
// ComputeClass: without the GPU taint, which GKE puts on GPU nodes itself
// and refuses a second time ("more than one taint with key
// nvidia.com/gpu", terraform-provider-google#7928).
func ownTaints(p config.NodePool) []config.Taint {
	var out []config.Taint
	for _, t := range p.Taints {
		if p.IsGPU() && t.Key == gpu.TaintKey {
			continue
		}
		out = append(out, t)
	}
	return out
}

// nodeTaints are the pool's own taints in the GKE API's spelling.
func nodeTaints(p config.NodePool) (container.NodePoolNodeConfigTaintArray, error) {
	var out container.NodePoolNodeConfigTaintArray
	for _, t := range ownTaints(p) {
		effect, ok := gkeTaintEffects[t.Effect]
		if !ok {
			return nil, fmt.Errorf("pool %s: taint effect %q has no GKE spelling", p.Name, t.Effect)
		}
		out = append(out, container.NodePoolNodeConfigTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value), Effect: pulumi.String(effect)})
	}
	return out, nil
}

// locationPolicy: ANY for spot and GPU pools, which take capacity in
// whichever zone has it (spot VMs and GPUs run out zone by zone); BALANCED
// spreads the others over the zones.
func locationPolicy(p config.NodePool) string {
	if p.Spot || p.IsGPU() {
		return "ANY"
	}
	return "BALANCED"
}

// accelerators are the pool's guest accelerators: the GPU type GKE names
// the model by, the count per node, the driver GKE installs, and sharing:
// time-sharing clients per GPU, or MIG partitions of one size.
func accelerators(p config.NodePool, driverVersion string) (container.NodePoolNodeConfigGuestAcceleratorArray, error) {
	if !p.IsGPU() {
		return nil, nil
	}
	g, err := gpuOf(p)
	if err != nil {
		return nil, err
	}
	acc := container.NodePoolNodeConfigGuestAcceleratorArgs{
		Type:  pulumi.String(g.Type),
		Count: pulumi.Int(g.Count),
		GpuDriverInstallationConfig: &container.NodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfigArgs{
			GpuDriverVersion: pulumi.String(driverVersion),
		},
	}
	if g.SharingStrategy != "" {
		acc.GpuSharingConfig = &container.NodePoolNodeConfigGuestAcceleratorGpuSharingConfigArgs{
			GpuSharingStrategy:     pulumi.String(g.SharingStrategy),
			MaxSharedClientsPerGpu: pulumi.Int(g.ClientsPerGPU),
		}
	}
	if g.PartitionSize != "" {
		acc.GpuPartitionSize = pulumi.String(g.PartitionSize)
	}
	return container.NodePoolNodeConfigGuestAcceleratorArray{acc}, nil
}

// zoneCount is how many zones a pool's nodes spread over: the configured
// zones, else one for a zonal cluster and GKE's three for a regional one.
func (b *builder) zoneCount() int {
	switch {
	case len(b.Cfg.Cluster.Network.Zones) > 0:
		return len(b.Cfg.Cluster.Network.Zones)
	case b.opts.Zonal:
		return 1
	}
	return 3
}

// poolIgnoreChanges are the node pool properties GKE and its autoscaler
// own: the node count, and the labels GKE puts on GPU nodes.
func poolIgnoreChanges(p config.NodePool) []string {
	out := []string{"initialNodeCount", "nodeCount"}
	if p.IsGPU() {
		keys := append([]string(nil), gkeOwnedLabels...)
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, fmt.Sprintf("nodeConfig.labels[%q]", k))
		}
	}
	return out
}

// newNodePool creates one pool: COS nodes as the nodes' service account
// with Workload Identity's metadata server, shielded, pd-balanced disks;
// the pool's labels and taints; spot capacity when asked for; GKE's
// autoscaler between the pool's min and max in total over the zones;
// surge upgrades one node at a time. It waits for the cluster, the node
// account's grants and the NAT, and for no other pool.
func (b *builder) newNodePool(cl *container.Cluster, nw *network, sa *serviceaccount.Account, grants []pulumi.Resource, p config.NodePool) (*container.NodePool, error) {
	taints, err := nodeTaints(p)
	if err != nil {
		return nil, err
	}
	accs, err := accelerators(p, b.opts.GPUDriverVersion)
	if err != nil {
		return nil, err
	}
	perZone := (p.Min + b.zoneCount() - 1) / b.zoneCount()
	opts := []pulumi.ResourceOption{
		pulumi.DependsOn(append(append([]pulumi.Resource{}, grants...), nw.egress...)),
		pulumi.IgnoreChanges(poolIgnoreChanges(p)),
	}
	if p.IsGPU() {
		opts = append(opts, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: gpuPoolTimeout, Update: gpuPoolTimeout}))
	}
	args := &container.NodePoolArgs{
		Name:             pulumi.String(p.Name),
		Cluster:          cl.Name,
		Location:         cl.Location,
		InitialNodeCount: pulumi.Int(perZone),
		Autoscaling: &container.NodePoolAutoscalingArgs{
			TotalMinNodeCount: pulumi.Int(p.Min),
			TotalMaxNodeCount: pulumi.Int(p.Max),
			LocationPolicy:    pulumi.String(locationPolicy(p)),
		},
		Management: &container.NodePoolManagementArgs{AutoRepair: pulumi.Bool(true), AutoUpgrade: pulumi.Bool(true)},
		UpgradeSettings: &container.NodePoolUpgradeSettingsArgs{
			Strategy:       pulumi.String("SURGE"),
			MaxSurge:       pulumi.Int(1),
			MaxUnavailable: pulumi.Int(0),
		},
		NodeConfig: &container.NodePoolNodeConfigArgs{
			MachineType:    pulumi.String(p.MachineType),
			DiskSizeGb:     pulumi.Int(p.DiskGB),
			DiskType:       pulumi.String(diskType),
			ImageType:      pulumi.String(imageType),
			Spot:           pulumi.Bool(p.Spot),
			ServiceAccount: sa.Email,
			OauthScopes:    pulumi.StringArray{pulumi.String(cloudPlatformScope)},
			Labels:         pulumi.ToStringMap(nodeLabels(p)),
			Taints:         taints,
			ShieldedInstanceConfig: &container.NodePoolNodeConfigShieldedInstanceConfigArgs{
				EnableSecureBoot:          pulumi.Bool(true),
				EnableIntegrityMonitoring: pulumi.Bool(true),
			},
			WorkloadMetadataConfig: &container.NodePoolNodeConfigWorkloadMetadataConfigArgs{Mode: pulumi.String(workloadMetadataMode)},
			GuestAccelerators:      accs,
			Metadata:               pulumi.StringMap{"disable-legacy-endpoints": pulumi.String("true")},
		},
	}
	if len(b.Cfg.Cluster.Network.Zones) > 0 {
		args.NodeLocations = pulumi.ToStringArray(b.Cfg.Cluster.Network.Zones)
	}
	return container.NewNodePool(b.Ctx, b.Name+"-"+p.Name, args, b.Opts(opts...)...)
}
