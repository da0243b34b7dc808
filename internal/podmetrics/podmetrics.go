// Package podmetrics names the per-pod metrics that horizontal pod
// autoscalers can read through the platform's prometheus-adapter, and the
// Prometheus series each one comes from. The adapter's rules
// (addons/metrics) are rendered from this table and the stack's
// autoscaling.metrics are checked against it, so an HPA never asks for a
// metric nobody serves.
package podmetrics

import "sort"

// Names of the served metrics (workloads.inference[].autoscaling.metrics[].name).
const (
	// QueueLength is the inference server's own gauge of requests waiting.
	QueueLength = "inference_queue_length"
	// RequestsPerSecond is the rate of the server's request counter.
	RequestsPerSecond = "requests_per_second"
	// GPUUtilisation is the percentage of time the pod's GPU was busy,
	// from the DCGM exporter the GPU operator runs.
	GPUUtilisation = "gpu_utilisation"
)

// RequestsCounter is the counter of requests served that inference servers
// expose on their metrics endpoint; requests_per_second is its rate.
const RequestsCounter = "inference_requests_total"

// DCGMGPUUtil is the DCGM exporter's GPU utilisation gauge (0-100). With
// Kubernetes pod mapping on (the GPU operator's default) every series
// carries the pod, namespace and container that hold the GPU; the
// exporter's scrape keeps those labels (honorLabels), so they name the
// inference pod and not the exporter's.
const DCGMGPUUtil = "DCGM_FI_DEV_GPU_UTIL"

// The labels that tie a series to its pod, as both the inference servers'
// scrape and the DCGM exporter write them.
const (
	PodLabel       = "pod"
	NamespaceLabel = "namespace"
)

// Metric is one served metric.
type Metric struct {
	// Name is what an HPA asks for.
	Name string
	// Series is the Prometheus series it is computed from.
	Series string
	// Query is the adapter's metricsQuery template: how the series of
	// one pod become one value.
	Query string
	// NeedsGPU: only pods holding a GPU have the series.
	NeedsGPU bool
	// Source says where the series comes from, for error messages.
	Source string
}

// All are the served metrics, sorted by name.
var All = []Metric{
	{
		Name:     GPUUtilisation,
		Series:   DCGMGPUUtil,
		Query:    "avg(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
		NeedsGPU: true,
		Source:   "the GPU operator's DCGM exporter",
	},
	{
		Name:   QueueLength,
		Series: QueueLength,
		Query:  "avg(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
		Source: "the server's " + QueueLength + " gauge",
	},
	{
		Name:   RequestsPerSecond,
		Series: RequestsCounter,
		Query:  "sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)",
		Source: "the server's " + RequestsCounter + " counter",
	},
}

// Lookup returns the served metric called name.
func Lookup(name string) (Metric, bool) {
	for _, m := range All {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// Names lists the served metric names, sorted.
func Names() []string {
	out := make([]string, len(All))
	for i, m := range All {
		out[i] = m.Name
	}
	sort.Strings(out)
	return out
}
