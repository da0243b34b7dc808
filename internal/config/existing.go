package config

// Existing is the `cluster.existing` key: how to reach an adopted cluster.
type Existing struct {
	// Kubeconfig is a path to a kubeconfig file. Leave empty to use the
	// secret `kubeconfig` key or the ambient KUBECONFIG.
	Kubeconfig string `json:"kubeconfig"`
	// Context selects a context in the kubeconfig.
	Context string `json:"context"`
	// BlockProvisioner is the CSI provisioner for RWO volumes.
	BlockProvisioner string `json:"blockProvisioner"`
	// SharedProvisioner is the CSI provisioner for RWX volumes, if any.
	SharedProvisioner string `json:"sharedProvisioner"`
	// ManagedAutoscaling says the cluster already scales its own nodes.
	ManagedAutoscaling bool `json:"managedAutoscaling"`
	// GPUDriverPreinstalled says GPU nodes already carry the NVIDIA driver.
	GPUDriverPreinstalled bool `json:"gpuDriverPreinstalled"`
	// ContainerToolkitPreinstalled says GPU nodes already carry the NVIDIA container toolkit.
	ContainerToolkitPreinstalled bool `json:"containerToolkitPreinstalled"`
	// MetricsServer says the cluster already serves the metrics API.
	MetricsServer bool `json:"metricsServer"`
	// LoadBalancers says Services of type LoadBalancer get an address
	// (a cloud, or MetalLB); without it the ingress controller is reached
	// through a node port.
	LoadBalancers bool `json:"loadBalancers"`
	// ManagedControlPlane says a cloud runs the control plane (an adopted
	// EKS, GKE or AKS cluster): it is not scraped.
	ManagedControlPlane bool `json:"managedControlPlane"`
	// NetworkPolicyEnforced says the cluster's network plugin enforces
	// NetworkPolicy (Calico, Cilium, kindnet in kind v0.24.0 and later, the
	// VPC CNI with its policy agent on). Without it the plan warns that the
	// teams' network isolation is not enforced.
	NetworkPolicyEnforced bool `json:"networkPolicyEnforced"`
}
