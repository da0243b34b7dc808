package kubeadm

import (
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/helmrelease"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	yamlv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/yaml/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NFSProvisioner is the provisioner name of the NFS subdir provisioner;
// the shared (ReadWriteMany) class names it.
const NFSProvisioner = "mlkube.io/nfs-subdir"

// Namespaces of what the provider installs in the cluster.
const (
	calicoNamespace  = "tigera-operator"
	metalLBNamespace = "metallb-system"
	nfsNamespace     = "nfs-provisioner"
)

// Release timeouts (seconds): one operator or controller each.
const (
	cniTimeout     = 600
	serviceTimeout = 300
)

// k8sOpts are the options of a Kubernetes object of the cluster.
func (b *builder) k8sOpts(k8s *kubernetes.Provider, deps ...pulumi.Resource) []pulumi.ResourceOption {
	return []pulumi.ResourceOption{pulumi.Parent(b.comp), pulumi.Provider(k8s), pulumi.DependsOn(deps)}
}

// namespace creates a namespace with its Pod Security level (and, for
// privileged ones, why).
func (b *builder) namespace(k8s *kubernetes.Provider, name, level, reason string) (*corev1.Namespace, error) {
	md := &metav1.ObjectMetaArgs{
		Name:   pulumi.String(name),
		Labels: pulumi.StringMap{labels.PodSecurityEnforce: pulumi.String(level)},
	}
	if reason != "" {
		md.Annotations = pulumi.StringMap{labels.PrivilegedReason: pulumi.String(reason)}
	}
	return corev1.NewNamespace(b.ctx, b.name+"-"+name, &corev1.NamespaceArgs{Metadata: md}, b.k8sOpts(k8s)...)
}

// release installs a chart the way the addons do (internal/helmrelease),
// under a logical name prefixed by the cluster's.
func (b *builder) release(k8s *kubernetes.Provider, c versions.Chart, ns *corev1.Namespace, values map[string]any, timeout int) (*helmv3.Release, error) {
	return helmrelease.New(b.ctx, helmrelease.Release{
		Chart: c, Resource: b.name + "-" + c.Name, Namespace: ns, Values: values, TimeoutSeconds: timeout,
	}, b.k8sOpts(k8s)...)
}

// newCNI installs Calico through the Tigera operator: VXLAN between nodes
// (no BGP peering to set up in the server room), the stack's pod network.
// The operator tolerates every taint, so it starts on the control plane
// before any worker has joined.
func (b *builder) newCNI(k8s *kubernetes.Provider) (*helmv3.Release, error) {
	ns, err := b.namespace(k8s, calicoNamespace, "privileged", "the Tigera operator runs on the host network to install the CNI")
	if err != nil {
		return nil, err
	}
	return b.release(k8s, versions.TigeraOperator, ns, CalicoValues(b.o.PodCIDR), cniTimeout)
}

// CalicoValues are the tigera-operator chart values.
func CalicoValues(podCIDR string) map[string]any {
	return map[string]any{
		"installation": map[string]any{
			"cni": map[string]any{"type": "Calico"},
			"calicoNetwork": map[string]any{
				"bgp": "Disabled",
				"ipPools": []any{map[string]any{
					"cidr":          podCIDR,
					"encapsulation": "VXLAN",
					"natOutgoing":   "Enabled",
					"nodeSelector":  "all()",
					"blockSize":     26,
				}},
			},
		},
	}
}

// newStorage deploys the local-path provisioner (ReadWriteOnce, the
// default class) and, with an NFS export, the NFS subdir provisioner
// (ReadWriteMany). mlkube's storage classes name these provisioners.
func (b *builder) newStorage(k8s *kubernetes.Provider, after []pulumi.Resource) ([]pulumi.Resource, error) {
	local, err := yamlv2.NewConfigGroup(b.ctx, b.name+"-local-path", &yamlv2.ConfigGroupArgs{
		Yaml: pulumi.String(localPathManifest(helmrelease.SourcesOf(b.ctx).ImageRegistry)),
	}, b.k8sOpts(k8s, after...)...)
	if err != nil {
		return nil, err
	}
	out := []pulumi.Resource{local}
	if b.o.NFS == nil {
		return out, nil
	}
	// NFS volumes are not allowed under restricted Pod Security.
	ns, err := b.namespace(k8s, nfsNamespace, "baseline", "")
	if err != nil {
		return nil, err
	}
	nfs, err := b.release(k8s, versions.NFSSubdir, ns, NFSValues(b.o.NFS), serviceTimeout)
	if err != nil {
		return nil, err
	}
	return append(out, nfs), nil
}

// NFSValues are the nfs-subdir-external-provisioner chart values: the
// export, and no class of its own (the shared class is mlkube's).
func NFSValues(n *NFS) map[string]any {
	return map[string]any{
		"nfs": map[string]any{"server": n.Server, "path": n.Path},
		"storageClass": map[string]any{
			"create":          false,
			"provisionerName": NFSProvisioner,
		},
	}
}

// storage maps the provisioners onto the cluster contract.
func storage(o *Options) cluster.Storage {
	s := cluster.Storage{
		Fast:     cluster.StorageClass{Provisioner: LocalPathProvisioner},
		Standard: cluster.StorageClass{Provisioner: LocalPathProvisioner},
	}
	if o.NFS != nil {
		s.Shared = &cluster.StorageClass{Provisioner: NFSProvisioner}
	}
	return s
}

// newMetalLB gives LoadBalancer services addresses from the stack's pool,
// announced on the hosts' network (layer 2). The pool and advertisement
// are custom resources: they wait for the release that installs the CRDs.
func (b *builder) newMetalLB(k8s *kubernetes.Provider) ([]pulumi.Resource, error) {
	ns, err := b.namespace(k8s, metalLBNamespace, "privileged", "MetalLB's speakers answer ARP for service addresses on the host network")
	if err != nil {
		return nil, err
	}
	rel, err := b.release(k8s, versions.MetalLB, ns, MetalLBValues(), serviceTimeout)
	if err != nil {
		return nil, err
	}
	md := &metav1.ObjectMetaArgs{Name: pulumi.String("mlkube"), Namespace: pulumi.String(metalLBNamespace)}
	pool, err := apiextensions.NewCustomResource(b.ctx, b.name+"-address-pool", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String("metallb.io/v1beta1"),
		Kind:        pulumi.String("IPAddressPool"),
		Metadata:    md,
		OtherFields: kubernetes.UntypedArgs{"spec": map[string]any{"addresses": b.o.MetalLB.Addresses}},
	}, b.k8sOpts(k8s, rel)...)
	if err != nil {
		return nil, err
	}
	adv, err := apiextensions.NewCustomResource(b.ctx, b.name+"-l2-advertisement", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String("metallb.io/v1beta1"),
		Kind:        pulumi.String("L2Advertisement"),
		Metadata:    md,
		OtherFields: kubernetes.UntypedArgs{"spec": map[string]any{"ipAddressPools": []string{"mlkube"}}},
	}, b.k8sOpts(k8s, rel, pool)...)
	if err != nil {
		return nil, err
	}
	return []pulumi.Resource{rel, pool, adv}, nil
}

// MetalLBValues let the speaker run on GPU servers too: in L2 mode a
// service with externalTrafficPolicy Local is announced only from nodes
// that run both its endpoints and a speaker, and inference endpoints run on
// the GPU servers.
func MetalLBValues() map[string]any {
	return map[string]any{"speaker": map[string]any{"tolerations": []any{
		map[string]any{"key": gpu.TaintKey, "operator": "Exists", "effect": gpu.TaintEffect},
	}}}
}
