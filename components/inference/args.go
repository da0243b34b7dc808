package inference

import (
	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/mlkube/mlkube/components/workload"
)

// Resources are a container's cpu/memory requests and limits (quantities).
type Resources = kube.Resources

// Toleration lets pods onto nodes with a matching taint.
type Toleration = kube.Toleration

// FieldError is one invalid argument, named by its Args field path.
type FieldError = kube.FieldError

// EgressRule opens an address block (minus exceptions) on some ports.
type EgressRule = kube.EgressRule

// Expose types (workload's).
const (
	ExposeClusterIP            = workload.ExposeClusterIP
	ExposeNodePort             = workload.ExposeNodePort
	ExposeLoadBalancer         = workload.ExposeLoadBalancer
	ExposeInternalLoadBalancer = workload.ExposeInternalLoadBalancer
	ExposeIngress              = workload.ExposeIngress
)

// Metric types for Autoscaling.Metrics.
const (
	MetricPods     = "pods"
	MetricExternal = "external"
)

// Pod is what a service's pods share with a training job's: image,
// command, environment, resources, placement, identity, egress, priority.
type Pod = workload.Pod

// Args configures an InferenceService. Zero values take the documented defaults.
type Args struct {
	// Pod is the servers' pods. Their TerminationGracePeriodSeconds
	// (default 60) must exceed DrainSeconds; the model loader Job keeps no
	// PriorityClassName: it runs once, and its immutable template would
	// make it copy again.
	Pod
	// Replicas is the fixed replica count without Autoscaling (default 2).
	Replicas int
	// Port the server listens on inside the container (default 8080).
	Port int
	// ServicePort is the port of the Service (default 80).
	ServicePort int
	// Model says where the model comes from and where it is mounted.
	Model Model
	// Config is stored in the ConfigMap N-config and loaded with envFrom.
	Config map[string]string
	// Probes configures the readiness, liveness and startup probes.
	Probes Probes
	// DrainSeconds is how long the preStop hook sleeps so that endpoints
	// and load balancers stop sending traffic before the server is
	// signalled (default 10).
	DrainSeconds int
	// Autoscaling adds a HorizontalPodAutoscaler; nil keeps Replicas fixed.
	Autoscaling *Autoscaling
	// Vertical adds a VerticalPodAutoscaler (recommendations by default);
	// nil adds none.
	Vertical *Vertical
	// Expose says how clients reach the service (default ClusterIP).
	Expose Expose
	// MonitoringNamespace may scrape the pods (default "monitoring").
	MonitoringNamespace string
	// RolloutAllowanceSeconds is added to Probes.StartupSeconds for the
	// rollout deadline: node scale-up, image pull and model download
	// (default 900).
	RolloutAllowanceSeconds int
	// Scrape adds a PodMonitor so Prometheus scrapes the server (needed
	// for Pods metrics such as inference_queue_length in Autoscaling).
	Scrape *Scrape
}

// SecretKeyRef names a key of an existing Secret.
type SecretKeyRef = kube.SecretKeyRef

// Model says where the served model comes from: Source alone (downloaded
// by each pod), Volume alone (a claim that holds the model already), or
// both (a one-time loader Job copies Source into Volume).
type Model struct {
	// Source is an s3://, gs://, az://<account>/<container>/<path> or
	// https:// URI. Without Volume an init container downloads it into an
	// emptyDir; with Volume the loader Job copies it there once.
	Source string
	// Volume is the name of a model PVC, mounted read-only.
	Volume string
	// SharedVolume: Volume attaches to many nodes at once (ReadWriteMany),
	// so the loader runs on any untainted node rather than on the
	// servers' (GPU) pool, which a ReadWriteOnce volume requires.
	SharedVolume bool
	// Path where the model appears in the server container (default
	// /models); passed as MODEL_PATH unless Env sets MODEL_PATH to a file
	// or directory inside it.
	Path string
	// Version is passed as MODEL_VERSION.
	Version string
	// DownloaderImage fetches Source (default DefaultDownloaderImage).
	DownloaderImage string
	// CacheSize caps the emptyDir the model is downloaded into (e.g. 50Gi);
	// empty leaves it unbounded except by the node's ephemeral storage.
	CacheSize string
	// InImage: the model is baked into Image at Path. Nothing is
	// downloaded or mounted (Source, Volume and CacheSize stay empty), so
	// the pod starts as soon as the image is pulled; a new model is a new
	// image tag, and a canary tries one with Canary.Image.
	InImage bool
}

// Probes configures the server's health checks.
type Probes struct {
	// ReadinessPath answers 200 once the model is loaded (default /ready).
	ReadinessPath string
	// LivenessPath answers 200 while the server is healthy (default /healthz).
	LivenessPath string
	// Port of the probes (default Args.Port).
	Port int
	// StartupSeconds is how long a model may take to load before liveness
	// checks start (default 600); it sets the startupProbe failureThreshold.
	StartupSeconds int
}

// Autoscaling configures the HorizontalPodAutoscaler. With no metric at all
// the HPA targets 70% CPU.
type Autoscaling struct {
	// Min and Max bound the replica count (Min default Args.Replicas,
	// Max >= Min).
	Min int
	Max int
	// CPUPercent and MemoryPercent are target average utilisations of the
	// requests (0 leaves the metric out).
	CPUPercent    int
	MemoryPercent int
	// Metrics are custom Pods or External metrics (served by an adapter
	// such as prometheus-adapter).
	Metrics []Metric
	// ScaleUpStabilizationSeconds damps scale-up (default 0: react at once).
	ScaleUpStabilizationSeconds int
	// ScaleDownStabilizationSeconds damps scale-down (default 300); nil
	// takes the default, a pointer to 0 scales down at once.
	ScaleDownStabilizationSeconds *int
	// ScaleUpPods is the most pods added per minute (default 4); scale-up
	// also allows doubling per minute, whichever is more.
	ScaleUpPods int
	// ScaleDownPercent is the most pods removed per minute, as a
	// percentage of the current count (default 10).
	ScaleDownPercent int
	// ScaleUpPercent is the most pods added per period as a percentage
	// (default 100: doubling); ScaleDownPods the most removed (default 1).
	ScaleUpPercent int
	ScaleDownPods  int
	// ScaleUpPeriodSeconds and ScaleDownPeriodSeconds are the periods
	// the limits apply to (default 60).
	ScaleUpPeriodSeconds   int
	ScaleDownPeriodSeconds int
}

// Metric is a custom autoscaling metric with an average-value target.
type Metric struct {
	// Type is "pods" (per-pod metric, e.g. inference_queue_length; the
	// default) or "external" (a metric not tied to a Kubernetes object).
	Type string
	// Name of the metric.
	Name string
	// Target is the average value per pod, a quantity ("10", "500m").
	Target string
	// Selector narrows the metric's series by label (optional).
	Selector map[string]string
}

// Expose says how clients reach the service.
type Expose struct {
	// Type is clusterIP (default), nodePort, loadBalancer,
	// internalLoadBalancer or ingress.
	Type string
	// NodePort fixes the node port of a nodePort service (30000-32767;
	// 0: Kubernetes picks one).
	NodePort int
	// Path routes an ingress service under Host (Prefix match, default /),
	// so several services share a host.
	Path string
	// ClusterIssuer asks cert-manager for Host's certificate, stored in
	// TLSSecret (default <name>-tls).
	ClusterIssuer string
	// TrafficDistribution on the Service ("PreferClose": endpoints in the
	// client's zone first).
	TrafficDistribution string
	// IngressAnnotations go on the Ingress (the controller's own, such as
	// its load balancer's scheme).
	IngressAnnotations map[string]string
	// IngressPeerCIDRs may reach the pods on behalf of the ingress
	// controller (a cloud load balancer sending to pod IPs).
	IngressPeerCIDRs []string
	// CanaryAnnotations: the controller of IngressClass splits traffic
	// through a second Ingress with ingress-nginx's canary annotations.
	// Canary needs it.
	CanaryAnnotations bool
	// Canary runs a second version beside this one (ingress only).
	Canary *Canary
	// Gateway attaches an ingress service to a Gateway through an
	// HTTPRoute on Host and Path, a canary as a weighted backend of it;
	// nil gives it an Ingress instead.
	Gateway *GatewayRef
	// KeepIngress keeps the Ingress (and the canary's) beside the route
	// while clients move to the Gateway; it needs Gateway.
	KeepIngress bool
	// Annotations are added to the Service (load balancer) or the Ingress.
	// What makes a load balancer internal is the cloud's to say: callers
	// pass the cluster's annotations for it here.
	Annotations map[string]string
	// SourceCIDRs may reach a load balancer (default: anyone who can
	// reach it; an internal one only inside its network).
	SourceCIDRs []string
	// Host is the Ingress host name (empty matches every host).
	Host string
	// IngressClass names the IngressClass (empty: the cluster default).
	IngressClass string
	// TLSSecret names a TLS Secret for Host (optional).
	TLSSecret string
	// IngressNamespaces run the ingress controller and may reach the pods
	// (default ["ingress-nginx"]).
	IngressNamespaces []string
}

// Canary is a second version of the service that gets a share of the
// ingress traffic: its own Deployment and Service (N-canary), and a second
// Ingress on the same host and path that the controller sends Weight
// percent of the requests to, and every request carrying Header.
type Canary struct {
	// Image of the new version (default the stable image).
	Image string
	// Model of the new version; empty fields take the stable's.
	Model Model
	// Replicas of the new version (default 1); never autoscaled.
	Replicas int
	// Weight is the percentage of requests (0-100).
	Weight int
	// Header routes requests carrying it to the canary: those whose value
	// is HeaderValue, or "always" when HeaderValue is empty.
	Header      string
	HeaderValue string
}
