package config

import (
	"github.com/mlkube/mlkube/components/storage"
	"github.com/mlkube/mlkube/components/workload"
)

// Workloads is the `workloads` key: what ML teams run on the platform.
type Workloads struct {
	// Teams get a namespace each, with quotas, RBAC and network policy.
	Teams []Team `json:"teams"`
	// StorageClasses are created from the cluster's provisioners.
	StorageClasses StorageClasses `json:"storageClasses"`
	// Volumes are PersistentVolumeClaims for models, data and checkpoints.
	Volumes []Volume `json:"volumes"`
	// Inference services are long-running model servers.
	Inference []Inference `json:"inference"`
	// Training jobs are batch runs, one-off or scheduled.
	Training []Training `json:"training"`
}

// Team is one item of `workloads.teams`.
type Team struct {
	// Name of the team; also the namespace unless Namespace is set.
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	// Groups are bound to the team's ML-engineer Role.
	Groups []string `json:"groups"`
	// PodSecurity is the enforced Pod Security Standard: restricted (default) or baseline.
	PodSecurity string `json:"podSecurity"`
	// Quota caps what the team's namespace may request.
	Quota Quota `json:"quota"`
	// Egress opens destinations to every pod of the team's namespace
	// (which denies all egress but DNS and the namespace itself).
	Egress []Egress `json:"egress"`
}

// Quota is `workloads.teams[].quota`.
type Quota struct {
	// GPUs is the cap on requests.nvidia.com/gpu (0 forbids GPUs).
	GPUs int `json:"gpus" min:"0" max:"10000"`
	// CPU and Memory cap requests, as Kubernetes quantities ("64", "256Gi").
	CPU    string `json:"cpu"`
	Memory string `json:"memory"`
	// Storage caps requested volume capacity ("2Ti").
	Storage string `json:"storage"`
	// Pods caps the number of pods (default 200).
	Pods int `json:"pods" min:"1" max:"100000"`
}

// StorageClasses is `workloads.storageClasses`.
type StorageClasses struct {
	// Enabled creates the classes (default true).
	Enabled *bool `json:"enabled"`
}

// Volume purposes: the storage component's (one set of words).
const (
	PurposeModel      = storage.PurposeModel
	PurposeData       = storage.PurposeData
	PurposeCheckpoint = storage.PurposeCheckpoint
	PurposeScratch    = storage.PurposeScratch
)

// Volume is one item of `workloads.volumes`.
type Volume struct {
	// Name of the PVC.
	Name string `json:"name"`
	// Team owns the volume; it lives in the team's namespace.
	Team string `json:"team"`
	// Purpose is model, data, checkpoint or scratch. Models and checkpoints
	// are kept when the stack is destroyed.
	Purpose string `json:"purpose"`
	// Size is a quantity such as 500Gi.
	Size string `json:"size"`
	// AccessMode is ReadWriteOnce, ReadOnlyMany, ReadWriteMany or
	// ReadWriteOncePod; RWO, ROX, RWX and RWOP are accepted too.
	AccessMode string `json:"accessMode"`
	// Class is fast, standard, shared, models or checkpoints; by default
	// models and checkpoints go to classes that retain their disks, and
	// ReadWriteMany data to the shared class.
	Class string `json:"class"`
}

// Resources are a container's requests and limits, as Kubernetes quantities.
type Resources struct {
	Requests ResourceList `json:"requests"`
	Limits   ResourceList `json:"limits"`
}

// ResourceList names CPU and memory quantities.
type ResourceList struct {
	CPU    string `json:"cpu"`
	Memory string `json:"memory"`
}

// Workload is what an inference service and a training job have in
// common: who runs which image where, with what resources, environment
// and access. Both embed it, so its keys sit beside their own. The keys
// that mean what the components' fields mean are the components' own
// type, declared once (components/workload.Container); the rest name stack things (a team, a
// pool) that the platform turns into the components' fields.
type Workload struct {
	Name string `json:"name"`
	Team string `json:"team"`
	workload.Container
	// Pool is the node pool the pods run on.
	Pool string `json:"pool"`
	// GPU is the whole number of GPUs per pod; absent for CPU workloads.
	GPU *int `json:"gpu" min:"1" max:"16"`
	// Resources are required: requests and limits for CPU and memory.
	Resources Resources `json:"resources"`
	// Identity is the cloud identity of the pods: the object storage they
	// read (an inference service reads an object storage model.source
	// without saying so).
	Identity *Identity `json:"identity"`
	// Egress opens destinations to the workload's pods only. Reading
	// object storage (identity.read, or a model on object storage or the
	// web) opens objectStorage without saying so.
	Egress []Egress `json:"egress"`
}

// The expose types the stack's own checks name, in the inference
// component's words (components/workload).
const (
	ExposeNodePort     = workload.ExposeNodePort
	ExposeLoadBalancer = workload.ExposeLoadBalancer
	ExposeIngress      = workload.ExposeIngress
)

// Inference is one item of `workloads.inference`. Its defaults and the
// rules of each field are the inference component's
// (components/inference); the stack file adds only what needs the whole
// stack: teams, pools, volumes, quotas.
type Inference struct {
	Workload
	// Replicas when not autoscaled; the HPA minimum otherwise (default 2).
	Replicas int `json:"replicas" min:"1" max:"10000"`
	// Model says where the model comes from.
	Model Model `json:"model"`
	// Port the server listens on (default 8080).
	Port int `json:"port" min:"1" max:"65535"`
	// Probes of the model server.
	Probes Probes `json:"probes"`
	// Config goes into a ConfigMap loaded with envFrom.
	Config map[string]string `json:"config"`
	// Autoscaling adds a HorizontalPodAutoscaler.
	Autoscaling *Autoscaling `json:"autoscaling"`
	// Expose is how clients reach the service: clusterIP (default),
	// nodePort, loadBalancer, internalLoadBalancer or ingress.
	Expose Expose `json:"expose"`
	// TerminationGracePeriodSeconds lets in-flight requests finish (default 60).
	TerminationGracePeriodSeconds int `json:"terminationGracePeriodSeconds" min:"1" max:"3600"`
}

// Model is `workloads.inference[].model`.
type Model struct {
	// Source is an s3://, gs://, az:// or https:// URI, downloaded at start.
	Source string `json:"source"`
	// Volume is a model PVC (workloads.volumes) mounted read-only. The
	// stack creates it empty, so Source is required with it: a one-time
	// loader Job copies Source into the volume.
	Volume string `json:"volume"`
	// ExistingClaim is a PVC that exists already, filled by someone else,
	// mounted read-only as it is.
	ExistingClaim string `json:"existingClaim"`
	// Path where the model appears in the container (default /models).
	Path string `json:"path"`
	// Version is passed as MODEL_VERSION.
	Version string `json:"version"`
	// DownloaderImage fetches Source (default the inference component's
	// pinned rclone, inference.DefaultDownloaderImage).
	DownloaderImage string `json:"downloaderImage"`
	// InImage: the model is baked into the image at Path; nothing is
	// downloaded or mounted, and a new model is a new image tag.
	InImage bool `json:"inImage"`
}

// Probes is `workloads.inference[].probes`.
type Probes struct {
	// ReadinessPath answers 200 once the model is loaded (default /ready).
	ReadinessPath string `json:"readinessPath"`
	// LivenessPath answers 200 while the server is healthy (default /healthz).
	LivenessPath string `json:"livenessPath"`
	// Port of the probes (default the service port).
	Port int `json:"port" min:"1" max:"65535"`
	// StartupSeconds is how long a model may take to load (default 600).
	StartupSeconds int `json:"startupSeconds" min:"10" max:"7200"`
}

// Autoscaling is `workloads.inference[].autoscaling`.
type Autoscaling struct {
	Min int `json:"min" min:"1" max:"10000"`
	Max int `json:"max" min:"1" max:"10000"`
	// CPU and Memory are target average utilisation percentages.
	CPU    int `json:"cpu" min:"1" max:"100"`
	Memory int `json:"memory" min:"1" max:"100"`
	// Metrics are Pods or External metrics with an average value target.
	Metrics []Metric `json:"metrics"`
	// ScaleDownStabilizationSeconds damps scale-down (default 300); the
	// short form of scaleDown.stabilizationSeconds.
	ScaleDownStabilizationSeconds int `json:"scaleDownStabilizationSeconds" min:"0" max:"3600"`
	// ScaleUp and ScaleDown are the HPA's behaviour in each direction.
	ScaleUp   *ScalingRules `json:"scaleUp"`
	ScaleDown *ScalingRules `json:"scaleDown"`
	// Vertical adds a VerticalPodAutoscaler (the vpa addon); alone under
	// autoscaling it adds no HPA.
	Vertical *Vertical `json:"vertical"`
}

// Horizontal reports whether the stack asks for an HPA: any key but
// vertical, or no key at all (which the HPA's own rules then refuse).
func (a *Autoscaling) Horizontal() bool {
	if a == nil {
		return false
	}
	return a.Vertical == nil || a.Min != 0 || a.Max != 0 || a.CPU != 0 || a.Memory != 0 || len(a.Metrics) > 0 ||
		a.ScaleDownStabilizationSeconds != 0 || a.ScaleUp != nil || a.ScaleDown != nil
}

// Vertical is `autoscaling.vertical`: the VerticalPodAutoscaler of the
// server container. Its rules are the inference component's.
type Vertical struct {
	// UpdateMode is Off (default: recommendations only), Initial,
	// Recreate or InPlaceOrRecreate.
	UpdateMode string `json:"updateMode"`
	// ControlledResources are cpu and/or memory (default both).
	ControlledResources []string `json:"controlledResources"`
	// ControlledValues is RequestsAndLimits (default) or RequestsOnly.
	ControlledValues string `json:"controlledValues"`
	// MinAllowed and MaxAllowed bound the recommendation.
	MinAllowed ResourceList `json:"minAllowed"`
	MaxAllowed ResourceList `json:"maxAllowed"`
}

// VerticalOf is a service's autoscaling.vertical, or nil.
func VerticalOf(s *Inference) *Vertical {
	if s.Autoscaling == nil {
		return nil
	}
	return s.Autoscaling.Vertical
}

// ScalingRules is `autoscaling.scaleUp` / `autoscaling.scaleDown`: how
// fast the HPA may change the replica count. With both Pods and Percent,
// the larger change wins. The upper bounds are the inference component's
// rules (a scale-down removes at most 100%, a period is at most 1800 s);
// the decoder only refuses a 0 that would read as "unset".
type ScalingRules struct {
	// StabilizationSeconds is the window of past recommendations the HPA
	// considers (scale-up default 0, scale-down 300).
	StabilizationSeconds *int `json:"stabilizationSeconds"`
	// Pods is the most pods added or removed per period (scale-up
	// default 4, scale-down 1).
	Pods int `json:"pods" min:"1"`
	// Percent is the most change per period as a percentage of the
	// current replicas (scale-up default 100, scale-down 10).
	Percent int `json:"percent" min:"1"`
	// PeriodSeconds is the period the limits apply to (default 60).
	PeriodSeconds int `json:"periodSeconds" min:"1"`
}

// Metric is one custom autoscaling metric.
type Metric struct {
	// Type is pods (default) or external.
	Type string `json:"type"`
	// Name is the metric name: a pods metric the adapter serves
	// (gpu_utilisation, inference_queue_length, requests_per_second).
	Name string `json:"name"`
	// Target is the average value per pod, a quantity ("10", "500m").
	Target string `json:"target"`
}

// Expose is `workloads.inference[].expose`.
type Expose struct {
	// Type is clusterIP, nodePort, loadBalancer, internalLoadBalancer or ingress.
	Type string `json:"type"`
	// NodePort fixes the port every node opens for a nodePort service
	// (30000-32767); 0 lets Kubernetes pick one.
	NodePort int `json:"nodePort" min:"30000" max:"32767"`
	// SourceCIDRs may reach a load balancer; required for a public
	// loadBalancer in production.
	SourceCIDRs []string `json:"sourceCidrs"`
	// Host and Path route an ingress service: several services may share
	// a host under different paths (/models/sentiment, ...). Path
	// defaults to /.
	Host string `json:"host"`
	Path string `json:"path"`
	// IngressClass names the IngressClass (default the platform's controller).
	IngressClass string `json:"ingressClass"`
	// TLS serves the host over HTTPS.
	TLS *TLS `json:"tls"`
	// TrafficDistribution PreferClose keeps traffic in the client's zone
	// where the service has ready endpoints there.
	TrafficDistribution string `json:"trafficDistribution"`
	// Canary runs a second version beside this one and sends it a share
	// of the ingress traffic.
	Canary *Canary `json:"canary"`
}

// TLS is `expose.tls`: the certificate comes from an existing Secret or
// from cert-manager.
type TLS struct {
	// Secret is an existing kubernetes.io/tls Secret in the team namespace.
	Secret string `json:"secret"`
	// ClusterIssuer asks cert-manager (installed by you) for a certificate
	// stored in Secret (default <service>-tls).
	ClusterIssuer string `json:"clusterIssuer"`
}

// Canary is `expose.canary`: the new version and its share of traffic.
type Canary struct {
	// Image of the new version (default the stable image).
	Image string `json:"image"`
	// Model of the new version: source or existingClaim, version.
	Model CanaryModel `json:"model"`
	// Replicas of the new version (default 1).
	Replicas int `json:"replicas" min:"1" max:"1000"`
	// Weight is the percentage of requests sent to it (0-100).
	Weight *int `json:"weight" min:"0" max:"100"`
	// Header sends requests carrying it (with HeaderValue, or "always")
	// to the new version whatever the weight.
	Header      string `json:"header"`
	HeaderValue string `json:"headerValue"`
}

// CanaryModel is what the canary serves; empty keys take the stable's.
type CanaryModel struct {
	Source        string `json:"source"`
	ExistingClaim string `json:"existingClaim"`
	Version       string `json:"version"`
}

// Training is one item of `workloads.training`. Its defaults and the
// rules of each field are the training component's (components/training).
type Training struct {
	Workload
	// Schedule (cron syntax) makes this a CronJob.
	Schedule string `json:"schedule"`
	// ConcurrencyPolicy of a CronJob: Forbid (default), Replace or Allow.
	ConcurrencyPolicy string `json:"concurrencyPolicy"`
	// BackoffLimit is how many failed pods are retried (default 2).
	BackoffLimit *int `json:"backoffLimit" min:"0" max:"100"`
	// ActiveDeadlineSeconds bounds the run (default 86400).
	ActiveDeadlineSeconds int `json:"activeDeadlineSeconds" min:"60"`
	// TTLSecondsAfterFinished deletes the finished Jobs of a scheduled job
	// (default none; the CronJob keeps the last 3). A one-shot job cannot
	// set it: Pulumi would run a deleted Job again after a refresh.
	TTLSecondsAfterFinished *int `json:"ttlSecondsAfterFinished" min:"0"`
	// RestartPolicy is Never (default) or OnFailure.
	RestartPolicy string `json:"restartPolicy"`
	// Completions and Parallelism make a parallel (Indexed) batch job.
	Completions int `json:"completions" min:"1" max:"100000"`
	Parallelism int `json:"parallelism" min:"1" max:"100000"`
	// Distributed runs multi-node data-parallel training (PyTorch DDP).
	Distributed *Distributed `json:"distributed"`
	// DataVolume and CheckpointVolume name workloads.volumes entries.
	DataVolume       string `json:"dataVolume"`
	CheckpointVolume string `json:"checkpointVolume"`
	// CheckpointGraceSeconds is how long a preempted or evicted pod has
	// to write its checkpoint before it is killed (default 300 with a
	// checkpointVolume, else Kubernetes' 30).
	CheckpointGraceSeconds int `json:"checkpointGraceSeconds" min:"1" max:"3600"`
	// StageData runs an init container to copy data before training.
	StageData *Stage `json:"stageData"`
}

// Distributed is `workloads.training[].distributed`.
type Distributed struct {
	// Nodes is the number of pods (world size), one per node.
	Nodes int `json:"nodes" min:"2" max:"1024"`
	// Port of the rendezvous master (default 29500).
	Port int `json:"port" min:"1" max:"65535"`
}

// Stage is `workloads.training[].stageData`.
type Stage struct {
	Image   string   `json:"image"`
	Command []string `json:"command"`
}
