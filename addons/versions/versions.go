// Package versions is the one place that pins what the addons install:
// every Helm chart (repository, name, version) and every image whose
// version must follow the cluster (the cluster autoscaler's minor must
// match the Kubernetes minor). Stacks may override a chart version with
// addons.<addon>.version; nothing else spells a chart version.
//
// Pins were checked against the charts' upstream repositories
// (tags and Chart.yaml) in August 2026.
package versions

import (
	"fmt"
	"sort"
	"strings"
)

// Chart is a Helm chart in a repository.
type Chart struct {
	// Repo is the chart repository URL (index.yaml lives under it).
	Repo string
	// Name is the chart name in the repository.
	Name string
	// Version is the chart version.
	Version string
}

// With returns the chart with its version replaced by override, when the
// stack sets one (addons.<addon>.version).
func (c Chart) With(override string) Chart {
	if override != "" {
		c.Version = override
	}
	return c
}

// String is name@version.
func (c Chart) String() string { return c.Name + "@" + c.Version }

// The pinned charts. Release names equal chart names.
var (
	// GPUOperator is NVIDIA's GPU operator (driver, toolkit, device plugin,
	// GPU feature discovery, MIG manager, DCGM exporter).
	GPUOperator = Chart{Repo: "https://helm.ngc.nvidia.com/nvidia", Name: "gpu-operator", Version: "v26.3.3"}
	// ClusterAutoscaler is the Kubernetes cluster autoscaler; its image
	// tag is chosen per Kubernetes minor by AutoscalerImage.
	ClusterAutoscaler = Chart{Repo: "https://kubernetes.github.io/autoscaler", Name: "cluster-autoscaler", Version: "9.59.0"}
	// MetricsServer serves metrics.k8s.io (kubectl top, CPU/memory HPAs).
	MetricsServer = Chart{Repo: "https://kubernetes-sigs.github.io/metrics-server/", Name: "metrics-server", Version: "3.13.1"}
	// PrometheusAdapter serves custom.metrics.k8s.io from Prometheus.
	PrometheusAdapter = Chart{Repo: "https://prometheus-community.github.io/helm-charts", Name: "prometheus-adapter", Version: "5.3.0"}
	// KubePrometheusStack is the Prometheus operator, Prometheus,
	// Alertmanager, Grafana, node exporter and kube-state-metrics.
	KubePrometheusStack = Chart{Repo: "https://prometheus-community.github.io/helm-charts", Name: "kube-prometheus-stack", Version: "88.5.3"}
	// ECKOperator is Elastic Cloud on Kubernetes (Elasticsearch and Kibana
	// as custom resources; the old elastic/elasticsearch charts are
	// unmaintained).
	ECKOperator = Chart{Repo: "https://helm.elastic.co", Name: "eck-operator", Version: "3.5.0"}
	// FluentBit ships container logs from every node.
	FluentBit = Chart{Repo: "https://fluent.github.io/helm-charts", Name: "fluent-bit", Version: "0.58.1"}

	// What a cloud gives and own servers need (the kubeadm provider installs
	// them): Calico through its operator, MetalLB for LoadBalancer
	// services, and NFS-backed ReadWriteMany volumes.
	TigeraOperator = Chart{Repo: "https://docs.tigera.io/calico/charts", Name: "tigera-operator", Version: "v3.30.3"}
	MetalLB        = Chart{Repo: "https://metallb.github.io/metallb", Name: "metallb", Version: "0.15.2"}
	NFSSubdir      = Chart{Repo: "https://kubernetes-sigs.github.io/nfs-subdir-external-provisioner/", Name: "nfs-subdir-external-provisioner", Version: "4.0.18"}
	// IngressNginx serves Ingress objects where the cloud has no ingress
	// controller of its own that fits (controller v1.14.1). The project
	// stopped taking changes in March 2026: this is its last line.
	// Retired (see IngressNginxArchived): installed only when a stack asks
	// for it, with a warning.
	IngressNginx = Chart{Repo: "https://kubernetes.github.io/ingress-nginx", Name: "ingress-nginx", Version: "4.14.1"}
	// LoadBalancerController is the AWS Load Balancer Controller (v2.14.1),
	// installed where the cluster names it as its ingress controller.
	LoadBalancerController = Chart{Repo: "https://aws.github.io/eks-charts", Name: "aws-load-balancer-controller", Version: "1.14.1"}
	// EnvoyGateway is the in-cluster Gateway API implementation where the
	// cloud has no Gateway controller of its own (v1.9.0, released
	// 2026-08-15, built against Gateway API v1.6.1; tag v1.9.0 of
	// envoyproxy/gateway, read 2026-12-04). The project publishes the
	// chart only to an OCI registry.
	EnvoyGateway = Chart{Repo: "oci://docker.io/envoyproxy", Name: "gateway-helm", Version: "v1.9.0"}
	// VPA is the Vertical Pod Autoscaler (VPA v1.7.1: recommender, updater,
	// admission controller, and its CRD). kubernetes/autoscaler publishes
	// it with its chart-releaser to the same repository as the cluster
	// autoscaler (.github/workflows/chart-release.yaml, job vpa-release);
	// tag vertical-pod-autoscaler-chart-0.11.0 of 2026-07-26, read
	// 2026-12-04.
	VPA = Chart{Repo: "https://kubernetes.github.io/autoscaler", Name: "vertical-pod-autoscaler", Version: "0.11.0"}
	// Karpenter provisions the EKS pools that ask for it (controller
	// v1.14.1, released 2026-08-20; the chart as aws/karpenter-provider-aws
	// stamped it at 1d927085, 2026-08-21). Its compatibility matrix
	// (website/content/en/docs/upgrading/compatibility.md at 1d927085,
	// read 2026-12-04) asks for >= 1.13 on Kubernetes 1.36. Published
	// only to an OCI registry.
	Karpenter = Chart{Repo: "oci://public.ecr.aws/karpenter", Name: "karpenter", Version: "1.14.1"}
	// Kueue queues batch jobs: quotas per team, all-or-nothing admission
	// (controller v0.17.0, chart charts/kueue of tag v0.17.0 of
	// kubernetes-sigs/kueue). Published only to an OCI registry
	// (charts/kueue/README.md of v0.17.0: helm install kueue
	// oci://registry.k8s.io/kueue/charts/kueue --version 0.17.0; read
	// 2026-12-04). Newer patches (v0.17.1 to v0.17.8) are tagged; v0.17.0
	// is the version the e2e test builds from the Go module proxy.
	Kueue = Chart{Repo: "oci://registry.k8s.io/kueue/charts", Name: "kueue", Version: "0.17.0"}
)

// EnvoyGatewayImage is the Envoy Gateway controller image of a chart
// version. The project's release pushes docker.io/envoyproxy/gateway:<tag>
// and stamps it, with pull policy IfNotPresent, into the published chart's
// values.yaml from values.tmpl.yaml (.github/workflows/release.yaml and
// tools/make/helm.mk at tag v1.9.0 of envoyproxy/gateway, read
// 2026-12-04); mlkube passes both itself, so the chart built from its
// source renders and installs the same.
func EnvoyGatewayImage(chartVersion string) string {
	return "docker.io/envoyproxy/gateway:" + chartVersion
}

// EnvoyGatewayPullPolicy is the pull policy the release stamps.
const EnvoyGatewayPullPolicy = "IfNotPresent"

// KueueImage is the Kueue controller image. The chart in the source
// repository names a staging image; the release script
// (hack/helm-chart-package.sh of v0.17.0) rewrites a released version's
// chart to registry.k8s.io/kueue/kueue:<tag>, which the values pin here
// so the cached source chart and the published one run the same image
// (read 2026-12-04).
const KueueImage = "registry.k8s.io/kueue/kueue"

// KueueVersion is KueueImage's tag and the sigs.k8s.io/kueue module the
// e2e test runs.
const KueueVersion = "v0.17.0"

// KueueExistingMinimum is the oldest Kueue whose API serves the version
// mlkube's Kueue objects are written in (kueue.x-k8s.io/v1beta2), for a
// cluster whose own Kueue admits the jobs (addons.kueue.install: false):
// v0.15 exposed v1beta2 for serving (CHANGELOG/CHANGELOG-0.15.md of
// sigs.k8s.io/kueue v0.17.0, read 2026-12-04).
const KueueExistingMinimum = "v0.15.0"

// IngressNginxArchived is the day kubernetes/ingress-nginx was archived
// (kubernetes.io/blog/2025/11/11/ingress-nginx-retirement: retirement
// announced 2025-11-11, final release 2026-03-19; read 2026-12-04).
const IngressNginxArchived = "2026-03-24"

// LocalPathProvisionerImage is the local-path provisioner (ReadWriteOnce
// volumes on a node's disk) that the kubeadm provider deploys from its own
// manifest: the project publishes no chart repository.
const LocalPathProvisionerImage = "docker.io/rancher/local-path-provisioner:v0.0.32"

// LocalPathHelperImage creates and removes the provisioner's directories.
const LocalPathHelperImage = "docker.io/library/busybox:1.37.0"

// GatewayAPI is the Gateway API release whose standard-channel CRDs the
// gateway addon applies (sigs.k8s.io/gateway-api v1.6.3, config/crd/standard
// of its module zip, read from the Go module proxy 2026-12-04).
const GatewayAPI = "v1.6.3"

// OCI reports whether the chart lives in an OCI registry, where Helm takes
// the chart's full reference instead of a repository and a name.
func (c Chart) OCI() bool { return strings.HasPrefix(c.Repo, "oci://") }

// Charts lists every pinned chart, sorted by name.
func Charts() []Chart {
	all := []Chart{GPUOperator, ClusterAutoscaler, MetricsServer, PrometheusAdapter, KubePrometheusStack, ECKOperator, FluentBit,
		TigeraOperator, MetalLB, NFSSubdir, IngressNginx, LoadBalancerController, EnvoyGateway, VPA, Karpenter, Kueue}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return all
}

// Lookup returns the pinned chart called name.
func Lookup(name string) (Chart, bool) {
	for _, c := range Charts() {
		if c.Name == name {
			return c, true
		}
	}
	return Chart{}, false
}

// ElasticStack is the Elasticsearch and Kibana version the ECK operator
// runs (the version ECK 3.5.0 is tested with).
const ElasticStack = "9.4.3"

// ElasticsearchImage is the Elasticsearch image; the logging addon's
// retention Job uses it for curl, so no other image needs pinning.
const ElasticsearchImage = "docker.elastic.co/elasticsearch/elasticsearch:" + ElasticStack

// AutoscalerRepository is the cluster autoscaler image repository.
const AutoscalerRepository = "registry.k8s.io/autoscaling/cluster-autoscaler"

// autoscalerTags are the newest cluster-autoscaler patch releases per
// Kubernetes minor (tags cluster-autoscaler-1.N.P of kubernetes/autoscaler).
// The autoscaler is tested only against its own minor: never mix them.
var autoscalerTags = map[string]string{
	"1.29": "v1.29.5",
	"1.30": "v1.30.7",
	"1.31": "v1.31.5",
	"1.32": "v1.32.7",
	"1.33": "v1.33.6",
	"1.34": "v1.34.5",
	"1.35": "v1.35.2",
	"1.36": "v1.36.1",
}

// AutoscalerMinors lists the Kubernetes minors with a pinned autoscaler
// image, in version order.
func AutoscalerMinors() []string {
	out := make([]string, 0, len(autoscalerTags))
	for m := range autoscalerTags {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return minorNumber(out[i]) < minorNumber(out[j]) })
	return out
}

// AutoscalerTag returns the cluster autoscaler image tag for a Kubernetes
// minor version such as "1.33" (a patch, "1.33.4", is accepted too).
func AutoscalerTag(kubernetesVersion string) (string, error) {
	minor := kubernetesVersion
	if parts := strings.SplitN(strings.TrimPrefix(kubernetesVersion, "v"), ".", 3); len(parts) >= 2 {
		minor = parts[0] + "." + parts[1]
	}
	tag, ok := autoscalerTags[minor]
	if !ok {
		ms := AutoscalerMinors()
		return "", fmt.Errorf("cluster.kubernetesVersion: no cluster-autoscaler image is pinned for Kubernetes %q (pinned: %s to %s); the autoscaler must match the cluster's minor version", kubernetesVersion, ms[0], ms[len(ms)-1])
	}
	return tag, nil
}

func minorNumber(v string) int {
	n := 0
	if _, after, ok := strings.Cut(v, "."); ok {
		fmt.Sscanf(after, "%d", &n)
	}
	return n
}
