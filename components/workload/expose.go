package workload

// How clients reach an inference service (its expose.type), spelled once
// for the stack file and the component.
const (
	ExposeClusterIP            = "clusterIP"
	ExposeNodePort             = "nodePort"
	ExposeLoadBalancer         = "loadBalancer"
	ExposeInternalLoadBalancer = "internalLoadBalancer"
	ExposeIngress              = "ingress"
)
