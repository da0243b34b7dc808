// Package eks turns a stack's cluster and node pools into an Amazon EKS
// cluster and returns the cluster.Cluster contract.
//
// What it creates, all under one component (mlkube:cluster:EKS) and through
// one explicit AWS provider for the configured region:
//
//   - network.go: a VPC with public and private subnets in every zone (or
//     the configured VPC and subnets), NAT egress for the private subnets;
//   - cluster.go: the control plane with Secrets encrypted by a rotating KMS
//     key, control-plane logs, a private (or CIDR-limited public) endpoint,
//     access entries for the admins, the OIDC provider for IRSA;
//   - nodegroup.go: one managed node group per pool, each with its own IAM
//     role and launch template (IMDSv2, encrypted gp3), GPU AMIs for GPU
//     pools, labels and taints, spot capacity, desired size left to the
//     autoscaler;
//   - scaling_tags.go: the cluster-autoscaler tags on each pool's ASG, so
//     pools can scale from zero;
//   - irsa.go, storage.go: the autoscaler's IAM role, the EBS (and EFS) CSI
//     drivers as EKS addons with their own roles, the storage classes;
//   - netpol.go: the VPC CNI as a managed addon with NetworkPolicy
//     enforcement on, and what named egress destinations mean on AWS;
//   - workload_identity.go: per-workload IRSA roles reading their S3
//     locations only (the Cluster's WorkloadIdentity hook);
//   - kubeconfig.go: an exec-based kubeconfig and the Kubernetes provider.
//
// Node groups and the OIDC provider wait for the cluster and nothing else
// of each other, so the time to a ready cluster is the control plane plus
// the slowest node group.
package eks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/providers/internal/kit"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component type that parents an EKS cluster's resources.
const TypeToken = "mlkube:cluster:EKS"

// Cluster is the component that parents everything New creates.
type Cluster struct {
	pulumi.ResourceState
}

// builder carries what every resource of one cluster shares; Opts are
// the options of every AWS resource.
type builder struct {
	kit.Builder[*aws.Provider]
}

func newCluster(ctx *pulumi.Context, name string, cfg *config.Config, opts ...pulumi.ResourceOption) (*cluster.Cluster, error) {
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	pools, err := poolsWithCloudLabels(cfg.NodePools)
	if err != nil {
		return nil, err
	}
	eksOpts, err := options(cfg)
	if err != nil {
		return nil, err
	}
	comp := &Cluster{}
	b := &builder{kit.Builder[*aws.Provider]{Ctx: ctx, Cfg: cfg, Name: name, Comp: comp}}
	if err := ctx.RegisterComponentResource(TypeToken, name, comp, opts...); err != nil {
		return nil, err
	}
	// An explicit provider: the region comes from the stack's cluster
	// config, never from ambient aws:region or AWS_REGION settings.
	b.Provider, err = aws.NewProvider(ctx, b.Name, &aws.ProviderArgs{
		Region: pulumi.String(cfg.Cluster.Region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{
			labels.Cluster:     pulumi.String(b.Name),
			labels.Environment: pulumi.String(cfg.Environment),
		}},
	}, pulumi.Parent(b.Comp))
	if err != nil {
		return nil, err
	}

	cp, err := b.newControlPlane()
	if err != nil {
		return nil, err
	}
	groups, systemGroups, err := b.newNodeGroups(cp, nodeGroupPools(pools))
	if err != nil {
		return nil, err
	}
	outputs := pulumi.Map{}
	efsParams, autoscalerRole, err := b.newClusterAddons(cp, eksOpts, systemGroups, outputs)
	if err != nil {
		return nil, err
	}
	kc, k8s, err := b.newKubernetes(cp.cluster)
	if err != nil {
		return nil, err
	}
	if err := b.newKarpenter(cp, pools, k8s, systemGroups); err != nil {
		return nil, err
	}
	outputs["name"] = cp.cluster.Name
	outputs["endpoint"] = cp.cluster.Endpoint
	outputs["kubeconfig"] = kc
	outputs["vpcId"] = cp.network.vpcID
	outputs["oidcProviderArn"] = cp.oidc.Arn
	outputs["autoscalerRoleArn"] = autoscalerRole.Arn
	saAnnotations := map[string]pulumi.StringMapInput{
		cluster.AddonAutoscaler: pulumi.StringMap{roleARNAnnotation: autoscalerRole.Arn},
	}
	ingress, err := b.newIngressController(cp, saAnnotations)
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(b.Comp, outputs); err != nil {
		return nil, err
	}

	c := kit.Built(Describe(cfg), kc, k8s)
	if c.Storage.Shared != nil {
		c.Storage.Shared.ParameterInputs = efsParams
	}
	c.ServiceAccountAnnotations = saAnnotations
	c.IngressController = ingress
	c.NodesReady = groups
	c.WorkloadIdentity = b.workloadIdentity(cp.oidc)
	return c, nil
}

// controlPlane is what the node groups and addons of a cluster hang from.
type controlPlane struct {
	network *network
	cluster *eks.Cluster
	oidc    *iam.OpenIdConnectProvider
}

// newControlPlane creates the network, the Secrets key, the cluster with
// its admins' access entries, and the OIDC provider IRSA trusts.
func (b *builder) newControlPlane() (*controlPlane, error) {
	nw, err := b.newNetwork()
	if err != nil {
		return nil, err
	}
	key, err := b.newSecretsKey()
	if err != nil {
		return nil, err
	}
	cl, err := b.newCluster(nw, key)
	if err != nil {
		return nil, err
	}
	if err := b.newAdmins(cl); err != nil {
		return nil, err
	}
	if err := b.newTeamAccess(cl); err != nil {
		return nil, err
	}
	oidc, err := b.newOIDCProvider(cl)
	if err != nil {
		return nil, err
	}
	return &controlPlane{network: nw, cluster: cl, oidc: oidc}, nil
}

// newNodeGroups creates a node group with its scaling tags per pool. The
// untainted ones (system) are where cluster addons' pods run.
func (b *builder) newNodeGroups(cp *controlPlane, pools []config.NodePool) (groups, system []pulumi.Resource, err error) {
	for _, p := range pools {
		ng, err := b.newNodeGroup(cp.cluster, cp.network, p)
		if err != nil {
			return nil, nil, err
		}
		if _, err := b.newScalingTags(ng, p); err != nil {
			return nil, nil, err
		}
		groups = append(groups, ng)
		if len(p.Taints) == 0 {
			system = append(system, ng)
		}
	}
	return groups, system, nil
}

// newClusterAddons creates the VPC CNI, the autoscaler's role and the CSI
// drivers (EFS with its file system when asked). The EFS file system's ID
// goes to outputs and comes back as the shared class's parameter, the one
// storage value Describe cannot know.
func (b *builder) newClusterAddons(cp *controlPlane, o Options, systemGroups []pulumi.Resource, outputs pulumi.Map) (pulumi.StringMapInput, *iam.Role, error) {
	cl, oidc := cp.cluster, cp.oidc
	if _, err := b.newVPCCNI(cl); err != nil {
		return nil, nil, err
	}
	autoscalerRole, err := b.newAutoscalerRole(cl, oidc)
	if err != nil {
		return nil, nil, err
	}
	if _, err := b.newCSIAddon(cl, oidc, ebsAddon, "ebs-csi", ebsServiceAccount, policyEBSCSIDriver, systemGroups); err != nil {
		return nil, nil, err
	}
	if !o.EFS {
		return nil, autoscalerRole, nil
	}
	fs, err := b.newEFS(cl, cp.network)
	if err != nil {
		return nil, nil, err
	}
	if _, err := b.newCSIAddon(cl, oidc, efsAddon, "efs-csi", efsServiceAccount, policyEFSCSIDriver, systemGroups); err != nil {
		return nil, nil, err
	}
	outputs["efsFileSystemId"] = fs.ID()
	return pulumi.StringMap{"fileSystemId": fs.ID().ToStringOutput()}, autoscalerRole, nil
}

func nodeGroupPatterns(clusterName string, pools []config.NodePool) map[string]string {
	out := make(map[string]string, len(pools))
	for _, p := range pools {
		out[p.Name] = asgPattern(clusterName, p.Name)
	}
	return out
}

// poolsWithCloudLabels copies the pools and adds the EKS accelerator label
// (k8s.amazonaws.com/accelerator) to GPU pools: the cluster autoscaler
// reads it to wait for a new GPU node's driver instead of adding another.
func poolsWithCloudLabels(in []config.NodePool) ([]config.NodePool, error) {
	return kit.Pools(in, kit.GPULabels(acceleratorLabels))
}

// capabilities: EKS does not scale node groups itself (the cluster
// autoscaler does, through the AWS API) and serves no metrics API by
// default; GPU nodes run NVIDIA AMIs with the driver and container toolkit
// already installed.
//
// Bottlerocket NVIDIA images also run the device plugin; the capability
// holds only when every GPU pool uses them.
func capabilities(pools []config.NodePool) cluster.Capabilities {
	preinstalled, devicePlugin, gpuPools := true, true, 0
	for _, p := range pools {
		if !p.IsGPU() {
			continue
		}
		gpuPools++
		preinstalled = preinstalled && gpuImage(p)
		devicePlugin = devicePlugin && p.Image == imageBottlerocket
	}
	return cluster.Capabilities{
		ManagedAutoscaling:           false,
		AutoscalerCloudProvider:      "aws",
		GPUDriverPreinstalled:        gpuPools > 0 && preinstalled,
		ContainerToolkitPreinstalled: gpuPools > 0 && preinstalled,
		DevicePluginPreinstalled:     gpuPools > 0 && devicePlugin,
		MetricsServer:                false,
		ManagedControlPlane:          true,
		// The VPC CNI's policy agent is on (netpol.go).
		NetworkPolicyEnforced: true,
		LoadBalancers:         true,
	}
}
