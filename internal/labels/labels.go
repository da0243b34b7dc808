// Package labels is the one vocabulary of the label and annotation keys
// mlkube writes and its policies read, so that a writer and a checker can
// never spell a key two ways. GPU and pool labels (mlkube.io/pool, the
// accelerator and GPU model labels) are GPU facts and live in internal/gpu.
// It imports nothing: components, addons, providers and policies all use it.
package labels

// Recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels)
// and the values every object mlkube creates directly carries. Objects a
// Helm chart renders carry the chart's own.
const (
	Name      = "app.kubernetes.io/name"
	Component = "app.kubernetes.io/component"
	PartOf    = "app.kubernetes.io/part-of"
	ManagedBy = "app.kubernetes.io/managed-by"

	// PartOfValue is the part-of value of every mlkube object.
	PartOfValue = "mlkube"
	// ManagedByValue is the managed-by value of every object mlkube
	// applies itself: the engine that applies and diffs it.
	ManagedByValue = "pulumi"
)

// mlkube's own keys.
const (
	// Addon names the addon that owns an object.
	Addon = "mlkube.io/addon"
	// Team names the team a namespace belongs to; TeamNamespace marks a
	// team's namespace (network policies select them by it).
	Team          = "mlkube.io/team"
	TeamNamespace = "mlkube.io/team-namespace"
	// Purpose marks volumes by purpose (model, data, checkpoint, scratch).
	Purpose = "mlkube.io/purpose"
	// PrivilegedReason must explain a namespace that enforces privileged
	// (node agents such as the GPU operator, Fluent Bit, node exporter).
	PrivilegedReason = "mlkube.io/privileged-reason"
	// Cluster and Environment tag a cluster's cloud resources, for cost
	// and ownership.
	Cluster     = "mlkube.io/cluster"
	Environment = "mlkube.io/environment"
	// ConfigHash annotates an inference pod template with a hash of its
	// ConfigMap data, so that a config change rolls the pods (envFrom is
	// read only when a container starts).
	ConfigHash = "mlkube.io/config-hash"
	// Track tells an inference service's canary pods from the stable ones
	// in metrics and dashboards (their app.kubernetes.io/name differs too:
	// N-canary).
	Track = "mlkube.io/track"
)

// Pod Security admission labels of a namespace.
// A mode's key is the prefix and the mode (enforce, audit, warn); its
// "-version" key pins the policy version.
const (
	PodSecurityPrefix         = "pod-security.kubernetes.io/"
	PodSecurityEnforce        = PodSecurityPrefix + "enforce"
	PodSecurityEnforceVersion = PodSecurityEnforce + "-version"
	PodSecurityWarn           = PodSecurityPrefix + "warn"
	PodSecurityAudit          = PodSecurityPrefix + "audit"
)

// Well-known node labels (kubernetes.io/docs/reference/labels-annotations-taints/,
// read 2026-12-04). The kubelet sets the hostname, OS and architecture on
// every node; a cloud's node controller adds the instance type, region and
// zone. mlkube never sends them: the kubelet may set only its own, and the
// cloud owns the rest. Charts select nodes by them (kubernetes.io/os: linux
// on nearly every operator), so the policies must know them.
const (
	NodeHostname     = "kubernetes.io/hostname"
	NodeOS           = "kubernetes.io/os"
	NodeArch         = "kubernetes.io/arch"
	NodeInstanceType = "node.kubernetes.io/instance-type"
	NodeRegion       = "topology.kubernetes.io/region"
	NodeZone         = "topology.kubernetes.io/zone"
)

// The cluster DNS. Every distribution mlkube supports runs it (CoreDNS, or
// kube-dns before it) in DNSNamespace, with pods labelled DNSAppKey:
// DNSAppValue: CoreDNS kept kube-dns's label so that the kube-dns Service
// selects it (kubernetes/kubernetes cluster/addons/dns/coredns and
// kubeadm's CoreDNS manifest, read 2026-12-04).
const (
	DNSNamespace = "kube-system"
	DNSAppKey    = "k8s-app"
	DNSAppValue  = "kube-dns"
)

// ModelLoaderComponent is the component label of the Job that fills an
// inference service's model volume from its source: the reachability
// check knows that pod by it.
const ModelLoaderComponent = "model-loader"

// NeedsEgress annotates a workload object (Deployment, Job, CronJob; not
// its pod template, so that adding it restarts nothing) with the named
// egress destinations its pods need, comma-separated (objectStorage: a
// model download, a data read). The reachability policy resolves each
// name as the cluster does and proves the pods may reach it.
const NeedsEgress = "mlkube.io/needs-egress"

// KueueQueue puts a job into a Kueue LocalQueue of its namespace
// (kueue.x-k8s.io/queue-name; the job is admitted through it).
const KueueQueue = "kueue.x-k8s.io/queue-name"
