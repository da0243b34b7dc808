package aks

import (
	"fmt"
	"sort"

	"github.com/mlkube/mlkube/internal/config"
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// managedGPUTag asks AKS to run the NVIDIA device plugin and DCGM exporter
// on a GPU pool's nodes besides the driver (AKS-managed GPU node pools,
// preview: register the ManagedGPUExperiencePreview feature first). Set
// only when cluster.aks.devicePlugin is aks.
const managedGPUTag = "EnableManagedGPUExperience"

// taintString spells a taint as AKS's nodeTaints do: key=value:Effect.
func taintString(t config.Taint) string {
	return fmt.Sprintf("%s=%s:%s", t.Key, t.Value, t.Effect)
}

// nodeLabels are the labels sent to AKS: the pool's contract labels except
// those AKS sets itself (the spot label: AKS refuses labels under
// kubernetes.azure.com).
func nodeLabels(p config.NodePool) pulumi.StringMap {
	out := pulumi.StringMap{}
	for k, v := range p.Labels {
		if k == spotKey {
			continue
		}
		out[k] = pulumi.String(v)
	}
	return out
}

// nodeTaints are every taint of the contract pool, the spot taint
// included. AKS adds that taint to spot pools and reports it in nodeTaints,
// so sending it spelled exactly as AKS does keeps the next preview free of
// a diff that would remove it (cluster-api-provider-azure #3976: a spot
// pool whose desired taints omit it is "updated" for ever).
func nodeTaints(p config.NodePool) pulumi.StringArray {
	taints := make([]string, 0, len(p.Taints))
	for _, t := range p.Taints {
		taints = append(taints, taintString(t))
	}
	sort.Strings(taints)
	return pulumi.ToStringArray(taints)
}

// newAgentPool creates a user pool, autoscaled by AKS between min and max
// (min may be 0: AKS's autoscaler builds a template node from the pool's
// VM size, labels and taints). count is only the size at create; after
// that the autoscaler owns it.
func (b *builder) newAgentPool(mc *containerservice.ManagedCluster, nw *clusterNetwork, p config.NodePool) (*containerservice.AgentPool, error) {
	args := &containerservice.AgentPoolArgs{
		ResourceGroupName: nw.resourceGroup,
		ResourceName:      mc.Name,
		AgentPoolName:     pulumi.String(agentPoolName(p.Name)),
		Mode:              pulumi.String("User"),
		Type:              pulumi.String("VirtualMachineScaleSets"),
		OsType:            pulumi.String("Linux"),
		OsSKU:             pulumi.String(osSKU),
		VmSize:            pulumi.String(p.MachineType),
		OsDiskSizeGB:      pulumi.Int(p.DiskGB),
		OsDiskType:        pulumi.String("Managed"),
		VnetSubnetID:      nw.subnetID,
		EnableAutoScaling: pulumi.Bool(true),
		MinCount:          pulumi.Int(p.Min),
		MaxCount:          pulumi.Int(p.Max),
		Count:             pulumi.Int(p.Min),
		NodeLabels:        nodeLabels(p),
		NodeTaints:        nodeTaints(p),
		Tags:              b.tags(),
	}
	// GPU VM sizes are offered in few zones; zones apply to CPU pools.
	if zones := b.Cfg.Cluster.Network.Zones; len(zones) > 0 && !p.IsGPU() {
		args.AvailabilityZones = pulumi.ToStringArray(zones)
	}
	if p.Spot {
		args.ScaleSetPriority = pulumi.String("Spot")
		args.ScaleSetEvictionPolicy = pulumi.String("Delete")
		args.SpotMaxPrice = pulumi.Float64(-1) // pay up to the on-demand price, never evicted for price
	}
	if p.IsGPU() && b.opts.DevicePlugin == DevicePluginAKS {
		tags := b.tags()
		tags[managedGPUTag] = pulumi.String("true")
		args.Tags = tags
	}
	ignore := []string{
		"count",               // the autoscaler's
		"orchestratorVersion", // follows the cluster's upgrade channel
	}
	if p.Spot {
		// AKS labels spot nodes itself and reports the label on the pool.
		ignore = append(ignore, fmt.Sprintf("nodeLabels[%q]", spotKey))
	}
	return containerservice.NewAgentPool(b.Ctx, b.Name+"-"+p.Name, args,
		b.Opts(pulumi.IgnoreChanges(ignore), pulumi.DeleteBeforeReplace(true))...)
}
