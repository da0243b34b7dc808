package kubeadm

import "slices"

// step is one host-preparation script, registered as <host>-<Name>.
type step struct {
	Name   string
	Script string
}

// TokenTTL is how long the bootstrap token stays valid after the control
// plane's command last ran.
const TokenTTL = "24h0m0s"

// Ports kubeadm documents for control plane and workers (kubeadm
// "Ports and Protocols"), and those of the add-ons mlkube installs.
var (
	kubeadmTCPPorts = []string{"6443", "2379:2380", "10250", "10257", "10259", "30000:32767"}
	calicoTCPPorts  = []string{"5473"} // Typha
	calicoUDPPorts  = []string{"4789"} // VXLAN
	metalLBPorts    = []string{"7946"} // memberlist, TCP and UDP
	// clientTCPPorts are what firewallAllow's networks reach: the API
	// server and the NodePort range.
	clientTCPPorts = []string{"6443", "30000:32767"}
)

// prepSteps are the scripts that prepare a host for kubeadm, in order.
func prepSteps(o *Options, kubernetesMinor string) []step {
	version := patchVersion(kubernetesMinor)
	steps := []step{
		{"swap", render("swap off", swapTmpl, nil)},
		{"kernel", render("kernel modules and sysctls", kernelTmpl, nil)},
		{"containerd", render("containerd with the systemd cgroup driver", containerdTmpl, nil)},
		{"packages", render("kubeadm, kubelet, kubectl "+version, packagesTmpl, map[string]string{
			"Minor": "v" + kubernetesMinor, "Version": version,
		})},
	}
	if o.Firewall != FirewallNone {
		steps = append(steps, step{"firewall", firewallScript(o)})
	}
	return steps
}

// firewallScript opens kubeadm's ports (and the add-ons') to every host of
// the cluster.
func firewallScript(o *Options) string {
	tcp, udp := slices.Clone(kubeadmTCPPorts), []string(nil)
	extra := ""
	if o.CNI == CNICalico {
		tcp = append(tcp, calicoTCPPorts...)
		udp = append(udp, calicoUDPPorts...)
		extra = "Calico's VXLAN and Typha"
	}
	if o.MetalLB != nil {
		tcp = append(tcp, metalLBPorts...)
		udp = append(udp, metalLBPorts...)
		if extra != "" {
			extra += ", "
		}
		extra += "MetalLB's memberlist"
	}
	return render("firewall ("+o.Firewall+")", firewallTmpl, map[string]any{
		"Firewall": o.Firewall, "Peers": o.addresses(), "TCP": tcp, "UDP": udp, "Extra": extra,
		"Clients": o.FirewallAllow, "ClientTCP": clientTCPPorts,
	})
}

func pkiScript(caCert string) string {
	return render("cluster CA", pkiTmpl, map[string]string{"CACert": caCert})
}

func initScript() string {
	return render("kubeadm init", initTmpl, map[string]string{"TokenTTL": TokenTTL})
}

func joinScript() string { return render("kubeadm join", joinTmpl, nil) }

func resetScript() string { return render("kubeadm reset", resetTmpl, nil) }

func nodeReadyScript(node string) string {
	return render("wait for node "+node, nodeReadyTmpl, map[string]string{"Node": node})
}

func drainScript(node string) string {
	return render("drain and delete node "+node, drainTmpl, map[string]string{"Node": node})
}
