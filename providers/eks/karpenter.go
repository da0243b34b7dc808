package eks

import (
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/helmrelease"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Karpenter provisions the pools that say provisioner: karpenter; the
// others stay managed node groups, which the cluster autoscaler scales
// (Karpenter's nodes belong to no Auto Scaling group, so it never sees
// them). The controller runs on the system node group, in kube-system,
// with its AWS role through EKS Pod Identity.
const (
	karpenterNamespace      = systemNamespace
	karpenterServiceAccount = "karpenter"
	// podIdentityAddon runs the agent that hands pods the credentials of
	// their Pod Identity association.
	podIdentityAddon = "eks-pod-identity-agent"
	// accessEntryEC2Linux lets nodes of a role join the cluster.
	accessEntryEC2Linux = "EC2_LINUX"
	// karpenterTimeout bounds the chart's install: two controller pods on
	// nodes that exist already.
	karpenterTimeout = 600
)

// newKarpenter creates, when a pool asks for it, everything Karpenter
// needs: the discovery tags, the nodes' role and access entry, the
// interruption queue with its rules, the controller's role and Pod
// Identity association, the controller release, then an EC2NodeClass per
// node class and the NodePools of every Karpenter pool. The controller
// waits for the system node groups it runs on.
func (b *builder) newKarpenter(cp *controlPlane, pools []config.NodePool, k8s *kubernetes.Provider, systemGroups []pulumi.Resource) error {
	if len(karpenterPools(pools)) == 0 {
		return nil
	}
	tags, err := b.newDiscoveryTags(cp)
	if err != nil {
		return err
	}
	nodeRole, nodeAccess, err := b.newKarpenterNodeRole(cp.cluster)
	if err != nil {
		return err
	}
	q, err := b.newInterruptionQueue()
	if err != nil {
		return err
	}
	identity, err := b.newKarpenterControllerRole(cp.cluster, q, nodeRole)
	if err != nil {
		return err
	}
	deps := append([]pulumi.Resource{identity, nodeAccess}, tags...)
	deps = append(deps, systemGroups...)
	release, err := helmrelease.New(b.Ctx, helmrelease.Release{
		Chart:         versions.Karpenter,
		Resource:      b.Name + "-karpenter",
		NamespaceName: karpenterNamespace,
		Values:        karpenterValues(cp.cluster.Name, q.queue.Name),
		// The controller reads its queue and role at start.
		TimeoutSeconds: karpenterTimeout,
		DependsOn:      deps,
	}, pulumi.Parent(b.Comp), pulumi.Provider(k8s))
	if err != nil {
		return err
	}
	classes := map[string]pulumi.Resource{}
	for _, c := range nodeClasses(pools) {
		nc, err := b.customResource(k8s, "karpenter.k8s.aws/v1", "EC2NodeClass", c.Name, nodeClassSpec(c, b.Name, nodeRole.Name), release)
		if err != nil {
			return err
		}
		classes[c.Name] = nc
	}
	for _, p := range karpenterPools(pools) {
		nps, err := nodePools(p, b.Cfg.Addons.Autoscaler.ScaleDownUnneededTime)
		if err != nil {
			return err
		}
		for _, np := range nps {
			if _, err := b.customResource(k8s, "karpenter.sh/v1", "NodePool", np.Name, np.Spec, release, classes[nodeClassName(p)]); err != nil {
				return err
			}
		}
	}
	return nil
}

// The plan's types of Karpenter's objects.
const (
	typeKarpenterNodePool  = "kubernetes:karpenter.sh/v1:NodePool"
	typeKarpenterNodeClass = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass"
)

// karpenterValues are the chart values: which cluster and queue the
// controller serves, and the service account the Pod Identity association
// names. The chart keeps the controller off the nodes it manages.
func karpenterValues(clusterName, queueName pulumi.StringOutput) map[string]any {
	return map[string]any{
		"serviceAccount": map[string]any{"name": karpenterServiceAccount},
		"settings": map[string]any{
			"clusterName":       clusterName,
			"interruptionQueue": queueName,
		},
		"controller": map[string]any{"resources": map[string]any{
			"requests": map[string]any{"cpu": "1", "memory": "1Gi"},
			"limits":   map[string]any{"memory": "1Gi"},
		}},
	}
}

// customResource registers one cluster-scoped Karpenter object after the
// release that installs its CRD.
func (b *builder) customResource(k8s *kubernetes.Provider, apiVersion, kind, name string, spec map[string]any, deps ...pulumi.Resource) (*apiextensions.CustomResource, error) {
	return apiextensions.NewCustomResource(b.Ctx, b.Name+"-"+kindSlug(kind)+"-"+name, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(apiVersion),
		Kind:       pulumi.String(kind),
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(name),
			Labels: pulumi.StringMap{
				labels.PartOf:    pulumi.String(labels.PartOfValue),
				labels.ManagedBy: pulumi.String(labels.ManagedByValue),
			},
		},
		OtherFields: kubernetes.UntypedArgs{"spec": spec},
	}, pulumi.Parent(b.Comp), pulumi.Provider(k8s), pulumi.DependsOn(deps))
}

func kindSlug(kind string) string {
	if kind == "EC2NodeClass" {
		return "nodeclass"
	}
	return "nodepool"
}

// newDiscoveryTags put karpenter.sh/discovery on the private subnets and on
// the cluster security group (the one managed nodes use), which the node
// classes select. Tags on resources the stack may not own (adopted
// subnets, the SG EKS creates) are separate resources, so destroying the
// stack removes only the tag.
func (b *builder) newDiscoveryTags(cp *controlPlane) ([]pulumi.Resource, error) {
	var out []pulumi.Resource
	for _, s := range cp.network.private {
		t, err := ec2.NewTag(b.Ctx, b.Name+"-discovery-"+s.key, &ec2.TagArgs{
			ResourceId: s.id, Key: pulumi.String(discoveryTag), Value: pulumi.String(b.Name),
		}, b.Opts()...)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	t, err := ec2.NewTag(b.Ctx, b.Name+"-discovery-cluster-sg", &ec2.TagArgs{
		ResourceId: cp.cluster.VpcConfig.ClusterSecurityGroupId().Elem(),
		Key:        pulumi.String(discoveryTag), Value: pulumi.String(b.Name),
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	return append(out, t), nil
}

// newKarpenterNodeRole is the role of every node Karpenter launches (the
// node groups' policies: join, CNI, ECR), allowed to join the cluster by
// an EC2_LINUX access entry.
func (b *builder) newKarpenterNodeRole(cl *eks.Cluster) (*iam.Role, pulumi.Resource, error) {
	name := b.Name + "-karpenter-node"
	role, attached, err := b.newRole(name, name, pulumi.String(serviceTrust("ec2.amazonaws.com")), nodePolicies)
	if err != nil {
		return nil, nil, err
	}
	entry, err := eks.NewAccessEntry(b.Ctx, name, &eks.AccessEntryArgs{
		ClusterName:  cl.Name,
		PrincipalArn: role.Arn,
		Type:         pulumi.String(accessEntryEC2Linux),
	}, b.Opts(pulumi.DependsOn(attached))...)
	return role, entry, err
}

// newKarpenterControllerRole is the controller's role, which only the
// karpenter service account may assume (EKS Pod Identity), with the policy
// of karpenterPolicy.
func (b *builder) newKarpenterControllerRole(cl *eks.Cluster, q *interruptionQueue, nodeRole *iam.Role) (pulumi.Resource, error) {
	name := b.Name + "-karpenter"
	role, _, err := b.newRole(name, name, pulumi.String(podIdentityTrust()), nil)
	if err != nil {
		return nil, err
	}
	policy := pulumi.All(cl.Arn, q.queue.Arn, nodeRole.Arn).ApplyT(func(v []any) string {
		return karpenterPolicy(b.Name, b.Cfg.Cluster.Region, v[0].(string), v[1].(string), v[2].(string))
	}).(pulumi.StringOutput)
	inline, err := iam.NewRolePolicy(b.Ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	agent, err := eks.NewAddon(b.Ctx, b.Name+"-"+podIdentityAddon, &eks.AddonArgs{
		ClusterName:              cl.Name,
		AddonName:                pulumi.String(podIdentityAddon),
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	assoc, err := eks.NewPodIdentityAssociation(b.Ctx, name, &eks.PodIdentityAssociationArgs{
		ClusterName:    cl.Name,
		Namespace:      pulumi.String(karpenterNamespace),
		ServiceAccount: pulumi.String(karpenterServiceAccount),
		RoleArn:        role.Arn,
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{inline, agent}))...)
	return assoc, err
}
