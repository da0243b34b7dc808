package eks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/mlkube/mlkube/providers/eks/ekstest"
)

// Kind is the cluster.provider value of EKS.
const Kind = "eks"

// Provider is the EKS cluster source (providers.All lists it). It
// honours Karpenter pools, and node groups of several instance types (a
// managed node group takes a list).
var Provider = cluster.Source{
	Kind: Kind, Validate: Validate, Support: Support, Describe: Describe, New: newCluster, Offline: offline,
	PoolSupport: cluster.PoolSupport{Provisioners: []string{config.ProvisionerKarpenter}, MachineTypes: true, SoldIn: soldIn},
}

// offline tells the offline engine about AWS: what it computes for the
// resources New registers, how long they take, which of them make up a node
// pool, and which changes replace them.
//
// Durations are typical values reported by users and AWS, not guarantees:
// the EKS control plane takes 9–16 min (AWS: "9 min or less on average",
// eks-workshop PR 1101; containers-roadmap #1227), a managed node group
// 3–20 min (terraform-provider-aws PR 16510, rancher2 #966).
func offline() cluster.Offline {
	return cluster.Offline{
		Outputs:  ekstest.Outputs,
		Fallback: ekstest.Fallback,
		Seconds: map[string]int{
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
			"pulumi:providers:aws":                                0,
			// A NodePool's first node: Karpenter launches an instance for
			// the pending pods and it joins in about 100 s
			// (aws/karpenter-provider-aws #3102), and a GPU node offers its
			// GPUs about a minute after it is Ready
			// (cloudpilot-ai/karpenter-provider-gcp PR 148), instead of a
			// node group's 5 minutes. Both read 2026-12-04.
			typeKarpenterNodePool: 160,
		},
		NodePoolTypes: []string{"aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate", "aws:autoscaling/tag:Tag",
			typeKarpenterNodePool, typeKarpenterNodeClass},
		ReplaceOn: map[string][]string{
			"aws:eks/cluster:Cluster":     {"name", "vpcConfig.subnetIds", "encryptionConfig", "kubernetesNetworkConfig", "roleArn"},
			"aws:eks/nodeGroup:NodeGroup": {"nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds", "amiType", "instanceTypes", "capacityType", "diskSize", "clusterName"},
			"aws:kms/key:Key":             {"customerMasterKeySpec", "keySpec", "keyUsage"},
			"aws:ec2/vpc:Vpc":             {"cidrBlock"},
			"aws:ec2/subnet:Subnet":       {"cidrBlock", "availabilityZone", "vpcId"},
		},
		// Node groups take the cluster's version output: the engine upgrades
		// them after the control plane, in place.
		Versions:      map[string]string{clusterType: "version", "aws:eks/nodeGroup:NodeGroup": "version"},
		Stateful:      []string{"aws:eks/cluster:Cluster", "aws:kms/key:Key", "aws:efs/fileSystem:FileSystem"},
		NodeTemplates: nodeTemplates,
		Prices:        map[string]*pricing.Catalog{Kind: &prices},
	}
}
