package eks

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// vpcCNIAddon is the EKS addon of the Amazon VPC CNI.
const vpcCNIAddon = "vpc-cni"

// vpcCNIConfiguration turns on the VPC CNI's network policy agent: without
// it EKS accepts NetworkPolicy objects and enforces none of them.
const vpcCNIConfiguration = `{"enableNetworkPolicy":"true"}`

// newVPCCNI takes over the VPC CNI that EKS installs with the cluster as a
// managed addon with network policy enforcement on. The CNI keeps using
// the nodes' role (AmazonEKS_CNI_Policy is among nodePolicies). Node
// groups do not wait for it: aws-node is a DaemonSet that EKS updates in
// place, so nodes that joined first get the policy agent as it rolls out.
func (b *builder) newVPCCNI(cl *eks.Cluster) (*eks.Addon, error) {
	return eks.NewAddon(b.Ctx, b.Name+"-"+vpcCNIAddon, &eks.AddonArgs{
		ClusterName:         cl.Name,
		AddonName:           pulumi.String(vpcCNIAddon),
		ConfigurationValues: pulumi.String(vpcCNIConfiguration),
		// The stack is the source of truth for the addon's configuration
		// (the self-managed aws-node that EKS installed is adopted).
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
	}, b.Opts()...)
}

// egress resolves named egress needs on AWS. S3 is reached through prefix
// lists and published IP ranges that change; a NetworkPolicy can reference
// neither, and a VPC gateway endpoint still routes to S3's public
// addresses. So objectStorage is HTTPS to public addresses (which also
// covers STS, which IRSA calls), with the VPC's private ranges and the
// instance metadata service closed.
func egress() map[string][]cluster.EgressDestination {
	return map[string][]cluster.EgressDestination{config.EgressObjectStorage: cluster.PublicHTTPS()}
}
