package gke

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/container"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/serviceaccount"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Control-plane components whose logs and metrics go to Cloud Logging and
// Cloud Monitoring. Workload logs and metrics are the platform's own
// (the logging and monitoring addons), so they are not paid for twice.
var (
	loggingComponents    = []string{"SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"}
	monitoringComponents = []string{"SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"}
)

// authorizedNetworks are the CIDRs that may reach the API endpoint: the
// public CIDRs of cluster.endpoint when the endpoint is public; otherwise
// the nodes' own subnetwork (the endpoint is private, reachable inside
// the VPC only). Google's own public addresses are never allowed in.
func authorizedNetworks(ep config.Endpoint, nodesCIDR string) *container.ClusterMasterAuthorizedNetworksConfigArgs {
	var blocks container.ClusterMasterAuthorizedNetworksConfigCidrBlockArray
	cidrs := ep.PublicCIDRs
	name := "cluster.endpoint.publicCidrs"
	if !ep.Public {
		cidrs, name = nil, "nodes"
		if nodesCIDR != "" {
			cidrs = []string{nodesCIDR}
		}
	}
	for _, c := range cidrs {
		blocks = append(blocks, container.ClusterMasterAuthorizedNetworksConfigCidrBlockArgs{
			CidrBlock:   pulumi.String(c),
			DisplayName: pulumi.String(name),
		})
	}
	return &container.ClusterMasterAuthorizedNetworksConfigArgs{
		CidrBlocks:                  blocks,
		GcpPublicCidrsAccessEnabled: pulumi.Bool(false),
	}
}

// shieldedInstance turns on Secure Boot and integrity monitoring: nodes
// boot only signed components (the GKE-installed NVIDIA driver is signed).
func shieldedInstance() *container.ClusterNodeConfigShieldedInstanceConfigArgs {
	return &container.ClusterNodeConfigShieldedInstanceConfigArgs{
		EnableSecureBoot:          pulumi.Bool(true),
		EnableIntegrityMonitoring: pulumi.Bool(true),
	}
}

// newCluster creates the control plane: private nodes, Workload Identity,
// shielded nodes, Secrets encrypted with the stack's KMS key, Dataplane V2
// (which enforces NetworkPolicies), the persistent disk CSI driver and,
// when asked for, Filestore's. The default node pool is removed once the
// cluster exists; until then its one node runs as the nodes' own service
// account, never the Compute Engine default. The cluster waits for the
// key grant and the subnetwork only, so it starts as early as possible.
func (b *builder) newCluster(nw *network, key *secretsKey, sa *serviceaccount.Account) (*container.Cluster, error) {
	c, o, prod := b.Cfg.Cluster, b.opts, b.Cfg.Production()
	args := &container.ClusterArgs{
		Name:                  pulumi.String(b.Name),
		Description:           pulumi.String("mlkube " + b.Cfg.Environment + " cluster " + b.Name),
		Location:              pulumi.String(o.location(c.Region)),
		Network:               nw.network,
		Subnetwork:            nw.subnetwork,
		RemoveDefaultNodePool: pulumi.Bool(true),
		InitialNodeCount:      pulumi.Int(1),
		NodeConfig: &container.ClusterNodeConfigArgs{
			ServiceAccount:         sa.Email,
			OauthScopes:            pulumi.StringArray{pulumi.String(cloudPlatformScope)},
			ShieldedInstanceConfig: shieldedInstance(),
			WorkloadMetadataConfig: &container.ClusterNodeConfigWorkloadMetadataConfigArgs{Mode: pulumi.String(workloadMetadataMode)},
		},
		MinMasterVersion: pulumi.String(c.KubernetesVersion),
		ReleaseChannel:   &container.ClusterReleaseChannelArgs{Channel: pulumi.String(o.ReleaseChannel)},
		NetworkingMode:   pulumi.String("VPC_NATIVE"),
		IpAllocationPolicy: &container.ClusterIpAllocationPolicyArgs{
			ClusterSecondaryRangeName:  pulumi.String(nw.pods),
			ServicesSecondaryRangeName: pulumi.String(nw.services),
		},
		PrivateClusterConfig: &container.ClusterPrivateClusterConfigArgs{
			EnablePrivateNodes:       pulumi.Bool(true),
			EnablePrivateEndpoint:    pulumi.Bool(!c.Endpoint.Public),
			MasterIpv4CidrBlock:      pulumi.String(o.MasterIpv4CidrBlock),
			MasterGlobalAccessConfig: &container.ClusterPrivateClusterConfigMasterGlobalAccessConfigArgs{Enabled: pulumi.Bool(true)},
		},
		MasterAuthorizedNetworksConfig: authorizedNetworks(c.Endpoint, nw.nodesCIDR),
		WorkloadIdentityConfig: &container.ClusterWorkloadIdentityConfigArgs{
			WorkloadPool: pulumi.String(o.Project + ".svc.id.goog"),
		},
		EnableShieldedNodes: pulumi.Bool(true),
		DatabaseEncryption: &container.ClusterDatabaseEncryptionArgs{
			State:   pulumi.String("ENCRYPTED"),
			KeyName: key.key.ID(),
		},
		LoggingConfig: &container.ClusterLoggingConfigArgs{EnableComponents: pulumi.ToStringArray(loggingComponents)},
		MonitoringConfig: &container.ClusterMonitoringConfigArgs{
			EnableComponents:  pulumi.ToStringArray(monitoringComponents),
			ManagedPrometheus: &container.ClusterMonitoringConfigManagedPrometheusArgs{Enabled: pulumi.Bool(false)},
		},
		DatapathProvider: pulumi.String("ADVANCED_DATAPATH"),
		AddonsConfig: &container.ClusterAddonsConfigArgs{
			GcePersistentDiskCsiDriverConfig: &container.ClusterAddonsConfigGcePersistentDiskCsiDriverConfigArgs{Enabled: pulumi.Bool(true)},
			GcpFilestoreCsiDriverConfig:      &container.ClusterAddonsConfigGcpFilestoreCsiDriverConfigArgs{Enabled: pulumi.Bool(o.Filestore)},
		},
		// GKE's own guard against deletion, on in production beside
		// Pulumi's protect; outside production `pulumi destroy` works.
		DeletionProtection: pulumi.Bool(prod),
		GatewayApiConfig:   gatewayAPIConfig(b.Cfg),
	}
	if o.SecurityGroup != "" {
		args.AuthenticatorGroupsConfig = &container.ClusterAuthenticatorGroupsConfigArgs{SecurityGroup: pulumi.String(o.SecurityGroup)}
	}
	if len(c.Network.Zones) > 0 {
		args.NodeLocations = pulumi.ToStringArray(c.Network.Zones)
	}
	return container.NewCluster(b.Ctx, b.Name, args, b.Opts(
		pulumi.DependsOn([]pulumi.Resource{key.grant}),
		pulumi.Protect(prod),
		// The node config is only that of the default pool, which is
		// removed right after creation; it must never replace the cluster.
		pulumi.IgnoreChanges([]string{"nodeConfig", "initialNodeCount"}),
	)...)
}
