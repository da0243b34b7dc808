package kubeadm

import (
	"fmt"
	"net"
	"strconv"

	"github.com/mlkube/mlkube/internal/config"
)

// Options is the stack file's cluster.kubeadm section.
type Options struct {
	// Hosts are the servers of the cluster: one control plane, the rest
	// workers, each in a node pool (a pool's size is its list of hosts).
	Hosts []Host `json:"hosts"`
	// ControlPlaneEndpoint is the address (host or host:port) under which
	// nodes and clients reach the API server: a DNS name or virtual IP makes
	// a later move of the control plane possible. Default: the
	// control-plane host's address and port 6443.
	ControlPlaneEndpoint string `json:"controlPlaneEndpoint"`
	// CertSANs are extra names and addresses in the API server certificate.
	CertSANs []string `json:"certSANs"`
	// PodCIDR and ServiceCIDR must not overlap each other or the hosts'
	// network.
	PodCIDR     string `json:"podCIDR"`
	ServiceCIDR string `json:"serviceCIDR"`
	// CNI is calico (default) or none (bring your own before workloads run).
	CNI string `json:"cni"`
	// MetalLB gives LoadBalancer services an address from its pool (layer
	// 2). Without it, services are reached through NodePorts.
	MetalLB *MetalLB `json:"metallb"`
	// NFS is an existing NFS export that backs ReadWriteMany volumes.
	NFS *NFS `json:"nfs"`
	// GPUDriverPreinstalled and ContainerToolkitPreinstalled say the GPU
	// hosts already carry the NVIDIA driver and container toolkit; by
	// default the GPU operator installs them.
	GPUDriverPreinstalled        bool `json:"gpuDriverPreinstalled"`
	ContainerToolkitPreinstalled bool `json:"containerToolkitPreinstalled"`
	// Firewall is the host firewall mlkube opens the cluster's ports in:
	// ufw, firewalld or none (default: the hosts' firewall is not touched).
	Firewall string `json:"firewall"`
	// FirewallAllow are the networks outside the cluster (CIDRs) that the
	// firewall lets reach the API server (6443) and the NodePorts: the
	// network `pulumi up` and kubectl run from, the services' clients. The
	// cluster's hosts reach every cluster port without being listed.
	FirewallAllow []string `json:"firewallAllow"`
}

// Host is one server.
type Host struct {
	// Name is the Kubernetes node name (default <pool>-<n>, counting the
	// pool's hosts from 0; the control plane without a pool: control-plane).
	Name string `json:"name"`
	// Address is the IP address or DNS name mlkube connects to over SSH and
	// that the other hosts reach it under.
	Address string `json:"address"`
	// SSHUser (default root) must be root or have password-less sudo.
	SSHUser string `json:"sshUser"`
	// SSHPort defaults to 22.
	SSHPort int `json:"sshPort" min:"1" max:"65535"`
	// Role is controlPlane or worker (default).
	Role string `json:"role"`
	// Pool is the node pool (nodePools[].name) the host belongs to. The
	// control plane may be in a pool; a worker must be.
	Pool string `json:"pool"`
}

// MetalLB is cluster.kubeadm.metallb.
type MetalLB struct {
	// Addresses are ranges (192.0.2.240-192.0.2.250) or CIDRs that
	// LoadBalancer services get addresses from.
	Addresses []string `json:"addresses"`
}

// NFS is cluster.kubeadm.nfs.
type NFS struct {
	Server string `json:"server"`
	Path   string `json:"path"`
}

// Roles, CNIs and firewalls.
const (
	RoleControlPlane = "controlPlane"
	RoleWorker       = "worker"
	CNICalico        = "calico"
	CNINone          = "none"
	FirewallUFW      = "ufw"
	FirewallD        = "firewalld"
	FirewallNone     = "none"
)

// Defaults.
const (
	DefaultPodCIDR     = "10.244.0.0/16"
	DefaultServiceCIDR = "10.96.0.0/12"
	DefaultSSHUser     = "root"
	DefaultSSHPort     = 22
	APIServerPort      = 6443
)

// decodeOptions decodes and defaults cluster.kubeadm.
func decodeOptions(cfg *config.Config) (*Options, error) {
	o := &Options{}
	if err := config.DecodeOptions(cfg.Cluster.Options, o); err != nil {
		return nil, err
	}
	if o.PodCIDR == "" {
		o.PodCIDR = DefaultPodCIDR
	}
	if o.ServiceCIDR == "" {
		o.ServiceCIDR = DefaultServiceCIDR
	}
	if o.CNI == "" {
		o.CNI = CNICalico
	}
	if o.Firewall == "" {
		o.Firewall = FirewallNone
	}
	counts := map[string]int{}
	for i := range o.Hosts {
		h := &o.Hosts[i]
		if h.Role == "" {
			h.Role = RoleWorker
		}
		if h.SSHUser == "" {
			h.SSHUser = DefaultSSHUser
		}
		if h.SSHPort == 0 {
			h.SSHPort = DefaultSSHPort
		}
		if h.Name == "" {
			switch {
			case h.Pool != "":
				h.Name = fmt.Sprintf("%s-%d", h.Pool, counts[h.Pool])
			case h.Role == RoleControlPlane:
				h.Name = "control-plane"
			}
		}
		counts[h.Pool]++
	}
	if o.ControlPlaneEndpoint == "" {
		if cp := o.controlPlane(); cp != nil {
			o.ControlPlaneEndpoint = net.JoinHostPort(cp.Address, strconv.Itoa(APIServerPort))
		}
	} else if _, _, err := net.SplitHostPort(o.ControlPlaneEndpoint); err != nil {
		o.ControlPlaneEndpoint = net.JoinHostPort(o.ControlPlaneEndpoint, strconv.Itoa(APIServerPort))
	}
	return o, nil
}

// controlPlane is the control-plane host, nil when there is none.
func (o *Options) controlPlane() *Host {
	for i := range o.Hosts {
		if o.Hosts[i].Role == RoleControlPlane {
			return &o.Hosts[i]
		}
	}
	return nil
}

// workers are the worker hosts in stack order.
func (o *Options) workers() []Host {
	var out []Host
	for _, h := range o.Hosts {
		if h.Role == RoleWorker {
			out = append(out, h)
		}
	}
	return out
}

// poolSize is the number of hosts in each pool.
func (o *Options) poolSize() map[string]int {
	out := map[string]int{}
	for _, h := range o.Hosts {
		if h.Pool != "" {
			out[h.Pool]++
		}
	}
	return out
}

// addresses are every host's address, in stack order.
func (o *Options) addresses() []string {
	out := make([]string, len(o.Hosts))
	for i, h := range o.Hosts {
		out[i] = h.Address
	}
	return out
}
