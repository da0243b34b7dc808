// Package kubeadm builds a Kubernetes cluster with kubeadm on servers a
// team already has (bare metal or VMs), over SSH, and returns the
// cluster.Cluster contract.
//
// What it creates, all under one component (mlkube:cluster:Kubeadm):
//
//   - pki.go: the cluster CA, a bootstrap token and an admin client
//     certificate, generated in the program (nothing secret is read back
//     from a host); the CA pin workers check is computed from the CA key;
//   - hosts.go, scripts.go: per host, idempotent preparation scripts (swap,
//     kernel, containerd, pinned kubeadm packages, firewall), then kubeadm
//     init on the control plane from a generated configuration (configs.go)
//     and kubeadm join on every worker, each join waiting for the init only;
//     removing a worker drains and deletes its node before the host is
//     reset;
//   - services.go: what a cloud would give: Calico, the local-path and NFS
//     provisioners, MetalLB;
//   - kubeconfig.go: an admin kubeconfig and the Kubernetes provider.
package kubeadm

import (
	"fmt"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component type that parents a kubeadm cluster's
// resources.
const TypeToken = "mlkube:cluster:Kubeadm"

// Cluster is the component that parents everything New creates.
type Cluster struct {
	pulumi.ResourceState
}

// builder carries what every resource of one cluster shares.
type builder struct {
	ctx  *pulumi.Context
	cfg  *config.Config
	o    *Options
	name string
	comp *Cluster
}

// opts are the options of every host-side resource: a child of the
// component.
func (b *builder) opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(b.comp)}, extra...)
}

func newCluster(ctx *pulumi.Context, name string, cfg *config.Config, opts ...pulumi.ResourceOption) (*cluster.Cluster, error) {
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	o, err := decodeOptions(cfg)
	if err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, cfg: cfg, o: o, name: name, comp: &Cluster{}}
	if err := ctx.RegisterComponentResource(TypeToken, name, b.comp, opts...); err != nil {
		return nil, err
	}
	pools := map[string]*config.NodePool{}
	for i := range cfg.NodePools {
		pools[cfg.NodePools[i].Name] = &cfg.NodePools[i]
	}

	p, err := b.newPKI()
	if err != nil {
		return nil, err
	}
	cp := *o.controlPlane()
	cpPrepared, err := b.prepare(cp)
	if err != nil {
		return nil, err
	}
	init, err := b.initControlPlane(cp, cpPrepared, p, pools[cp.Pool])
	if err != nil {
		return nil, err
	}
	ready := []pulumi.Resource{init}
	for _, w := range o.workers() {
		prepared, err := b.prepare(w)
		if err != nil {
			return nil, err
		}
		node, err := b.join(w, prepared, init, p, *pools[w.Pool], cp)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", w.Name, err)
		}
		ready = append(ready, node)
	}

	kc, k8s, err := b.newKubernetes(p, init)
	if err != nil {
		return nil, err
	}
	if o.CNI == CNICalico {
		cni, err := b.newCNI(k8s)
		if err != nil {
			return nil, err
		}
		ready = append(ready, cni)
	}
	if _, err := b.newStorage(k8s, nil); err != nil {
		return nil, err
	}
	outputs := pulumi.Map{
		"name":       pulumi.String(name),
		"endpoint":   pulumi.String("https://" + o.ControlPlaneEndpoint),
		"kubeconfig": kc,
		"caCertPem":  p.caCert.CertPem,
	}
	if o.MetalLB != nil {
		if _, err := b.newMetalLB(k8s); err != nil {
			return nil, err
		}
	}
	if err := ctx.RegisterResourceOutputs(b.comp, outputs); err != nil {
		return nil, err
	}
	c := &cluster.Cluster{Shape: Describe(cfg), Kubeconfig: kc, Provider: k8s, NodesReady: ready}
	return c, nil
}

// capabilities: fixed servers (no cluster autoscaler, no cloud API to add
// nodes), the control plane is the stack's own, kubelets serve
// self-signed certificates (metrics-server must not verify them), and the
// GPU operator installs the driver and toolkit unless the stack says the
// hosts have them. Calico, the default CNI, enforces NetworkPolicy.
func capabilities(o *Options) cluster.Capabilities {
	return cluster.Capabilities{
		ManagedAutoscaling:           false,
		AutoscalerCloudProvider:      "",
		GPUDriverPreinstalled:        o.GPUDriverPreinstalled,
		ContainerToolkitPreinstalled: o.ContainerToolkitPreinstalled,
		MetricsServer:                false,
		ManagedControlPlane:          false,
		KubeletCertsUnsigned:         true,
		// Calico enforces NetworkPolicy; with cni: none the stack brings
		// a plugin mlkube cannot vouch for.
		NetworkPolicyEnforced: o.CNI == CNICalico,
		// MetalLB gives LoadBalancer Services addresses from the stack's
		// pool; without it they would wait for ever.
		LoadBalancers: o.MetalLB != nil,
	}
}
