package inference

import (
	"slices"

	"github.com/mlkube/mlkube/components/internal/kube"
	"github.com/mlkube/mlkube/components/workload"
)

// Defaults.
const (
	DefaultReplicas                = workload.DefaultReplicas
	DefaultPort                    = 8080
	DefaultServicePort             = 80
	DefaultModelPath               = "/models"
	DefaultReadinessPath           = "/ready"
	DefaultLivenessPath            = "/healthz"
	DefaultStartupSeconds          = 600
	DefaultDrainSeconds            = 10
	DefaultGracePeriodSeconds      = 60
	DefaultMonitoringNamespace     = "monitoring"
	DefaultIngressNamespace        = "ingress-nginx"
	DefaultRolloutAllowanceSeconds = 900
	DefaultCPUPercent              = 70
	DefaultScaleDownStabilization  = 300
	DefaultScaleUpPods             = 4
	DefaultScaleDownPercent        = 10
	DefaultScaleUpPercent          = 100
	DefaultScaleDownPods           = 1
	DefaultScalingPeriodSeconds    = 60
	DefaultIngressPath             = "/"
	DefaultCanaryReplicas          = 1

	// DefaultDownloaderImage is a pinned rclone, which reads s3, gcs,
	// azureblob and https with the pod's cloud identity.
	DefaultDownloaderImage = "docker.io/rclone/rclone:1.69.1"
)

// DefaultTLSSecret is where cert-manager stores the certificate of a
// service named name when the stack names no Secret.
func DefaultTLSSecret(name string) string { return name + "-tls" }

// withDefaults returns a copy of a with every zero value defaulted.
func withDefaults(a Args) Args {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defS := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&a.Replicas, DefaultReplicas)
	def(&a.Port, DefaultPort)
	def(&a.ServicePort, DefaultServicePort)
	def(&a.DrainSeconds, DefaultDrainSeconds)
	def(&a.TerminationGracePeriodSeconds, DefaultGracePeriodSeconds)
	def(&a.RolloutAllowanceSeconds, DefaultRolloutAllowanceSeconds)
	kube.PodDefaults(&a.Pod)
	defS(&a.MonitoringNamespace, DefaultMonitoringNamespace)
	defS(&a.Model.Path, DefaultModelPath)
	if a.Model.Source != "" || (a.Canary() != nil && a.Canary().Model.Source != "") {
		defS(&a.Model.DownloaderImage, DefaultDownloaderImage)
	}
	defS(&a.Probes.ReadinessPath, DefaultReadinessPath)
	defS(&a.Probes.LivenessPath, DefaultLivenessPath)
	def(&a.Probes.Port, a.Port)
	def(&a.Probes.StartupSeconds, DefaultStartupSeconds)
	defS(&a.Expose.Type, ExposeClusterIP)
	if a.Expose.Type == ExposeIngress {
		if len(a.Expose.IngressNamespaces) == 0 {
			a.Expose.IngressNamespaces = []string{DefaultIngressNamespace}
		}
		defS(&a.Expose.Path, DefaultIngressPath)
		if a.Expose.ClusterIssuer != "" {
			defS(&a.Expose.TLSSecret, DefaultTLSSecret(a.Name))
		}
	}
	if k := a.Expose.Canary; k != nil {
		c := *k
		def(&c.Replicas, DefaultCanaryReplicas)
		a.Expose.Canary = &c
	}
	if as := a.Autoscaling; as != nil {
		c := *as
		// The fixed count is the floor: what a service needs to stay
		// available through a rolling update is what it needs at night.
		def(&c.Min, a.Replicas)
		if c.CPUPercent == 0 && c.MemoryPercent == 0 && len(c.Metrics) == 0 {
			c.CPUPercent = DefaultCPUPercent
		}
		if c.ScaleDownStabilizationSeconds == nil {
			d := DefaultScaleDownStabilization
			c.ScaleDownStabilizationSeconds = &d
		}
		c.Metrics = slices.Clone(c.Metrics)
		for i := range c.Metrics {
			defS(&c.Metrics[i].Type, MetricPods)
		}
		def(&c.ScaleUpPods, DefaultScaleUpPods)
		def(&c.ScaleDownPercent, DefaultScaleDownPercent)
		def(&c.ScaleUpPercent, DefaultScaleUpPercent)
		def(&c.ScaleDownPods, DefaultScaleDownPods)
		def(&c.ScaleUpPeriodSeconds, DefaultScalingPeriodSeconds)
		def(&c.ScaleDownPeriodSeconds, DefaultScalingPeriodSeconds)
		a.Autoscaling = &c
	}
	a.Vertical = withVerticalDefaults(a.Vertical)
	return a
}

// Canary is the canary of an ingress service, or nil.
func (a Args) Canary() *Canary {
	if a.Expose.Type != ExposeIngress {
		return nil
	}
	return a.Expose.Canary
}
