package netpol

// NamespaceNameLabel is set by the API server on every namespace; a policy
// that selects a namespace by name uses it.
const NamespaceNameLabel = "kubernetes.io/metadata.name"

// Protocols a NetworkPolicy port names; TCP is the default.
const (
	TCP  = "TCP"
	UDP  = "UDP"
	SCTP = "SCTP"
)

// Selector is a label selector: every MatchLabels entry and every
// expression must hold. The zero Selector matches everything.
type Selector struct {
	MatchLabels      map[string]string
	MatchExpressions []Expression
}

// Expression is one matchExpressions requirement.
type Expression struct {
	Key string
	// Operator is In, NotIn, Exists or DoesNotExist.
	Operator string
	Values   []string
}

// Namespace is a namespace with its labels (the name label is implied).
type Namespace struct {
	Name   string
	Labels map[string]string
}

// ContainerPort is a port a container of a pod declares.
type ContainerPort struct {
	Name     string
	Port     int
	Protocol string
}

// Pod is a pod as its template describes it.
type Pod struct {
	// Name identifies the pod in verdicts (e.g. "Deployment ml/embedder").
	Name      string
	Namespace string
	Labels    map[string]string
	Ports     []ContainerPort
}

// Policy is one NetworkPolicy.
type Policy struct {
	Name, Namespace string
	PodSelector     Selector
	// PolicyTypes as written; empty means the specification's default.
	PolicyTypes []string
	Ingress     []Rule
	Egress      []Rule
}

// Rule is one ingress or egress rule: a flow matches when it matches one
// of Peers (every peer when none) and one of Ports (every port when none).
type Rule struct {
	Peers []Peer
	Ports []Port
}

// Peer is one from/to entry. PodSelector and NamespaceSelector are nil when
// absent; IPBlock is exclusive with them.
type Peer struct {
	PodSelector       *Selector
	NamespaceSelector *Selector
	IPBlock           *IPBlock
}

// IPBlock is a CIDR with exceptions inside it.
type IPBlock struct {
	CIDR   string
	Except []string
}

// Port is one ports entry: Port 0 with Name "" means every port of the
// protocol; Name is a container port name of the destination pod; EndPort
// (with a numeric Port) extends it to a range.
type Port struct {
	Protocol string
	Port     int
	Name     string
	EndPort  int
}

// Endpoint is one end of a flow: a pod, or addresses outside the cluster
// (CIDR minus Except).
type Endpoint struct {
	Pod    *Pod
	CIDR   string
	Except []string
}

// Flow is a connection from From to To on Protocol and the ports
// Port..EndPort (EndPort 0: Port alone).
type Flow struct {
	From, To Endpoint
	Protocol string
	Port     int
	EndPort  int
}

// Side is what one direction decided.
type Side struct {
	// Isolated: some policy selects the pod for this direction.
	Isolated bool
	// Allowed: not isolated, or the flow matches a rule of those policies.
	Allowed bool
	// Policies are namespace/name of the policies that isolate the pod.
	Policies []string
}

// Verdict is the decision on one flow. A side that does not apply (the
// egress of an external source, the ingress of an external destination)
// is allowed and not isolated.
type Verdict struct {
	Allowed bool
	Egress  Side
	Ingress Side
}
