package inference

import (
	"net"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/components/internal/kube"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

// reservedEnv are set by the component. MODEL_PATH is not: a server may
// point it at one file inside Model.Path (see modelPath).
var reservedEnv = []string{"MODEL_VERSION"}

// validate checks defaulted Args and returns every problem at once.
func validate(name string, a Args) error {
	var errs kube.Errors
	kube.ValidatePod(&errs, name, a.Pod, reservedEnv...)
	kube.ValidateEnv(&errs, "Config", a.Config, reservedEnv...)
	if p, ok := a.Env[ModelPathEnv]; ok && !insideDir(p, a.Model.Path) {
		errs.Add(kube.Quote("Env", ModelPathEnv), "%q must be the model path (%s) or a file or directory inside it, where the model is mounted or downloaded", p, a.Model.Path)
	}
	for _, f := range []struct {
		field string
		v     int
	}{{"Replicas", a.Replicas}, {"Port", a.Port}, {"ServicePort", a.ServicePort}, {"Probes.Port", a.Probes.Port}} {
		if f.v < 0 || (f.field != "Replicas" && f.v > 65535) {
			errs.Add(f.field, "%d is out of range", f.v)
		}
	}
	if a.Probes.StartupSeconds < 0 {
		errs.Add("Probes.StartupSeconds", "%d must not be negative", a.Probes.StartupSeconds)
	}
	for _, p := range []struct{ field, v string }{{"Probes.ReadinessPath", a.Probes.ReadinessPath}, {"Probes.LivenessPath", a.Probes.LivenessPath}} {
		if !strings.HasPrefix(p.v, "/") {
			errs.Add(p.field, "%q must start with /", p.v)
		}
	}
	if a.DrainSeconds < 0 {
		errs.Add("DrainSeconds", "%d must not be negative", a.DrainSeconds)
	}
	if a.TerminationGracePeriodSeconds >= 0 && a.TerminationGracePeriodSeconds <= a.DrainSeconds {
		errs.Add("TerminationGracePeriodSeconds", "%d must exceed %s (%d) so requests can finish after the drain", a.TerminationGracePeriodSeconds, kube.Ref("DrainSeconds"), a.DrainSeconds)
	}
	validateModel(&errs, a.Model)
	validateAutoscaling(&errs, a.Autoscaling)
	validateVertical(&errs, a)
	validateExpose(&errs, a.Expose)
	validateCanary(&errs, a)
	return errs.Err(TypeToken, name)
}

func validateModel(errs *kube.Errors, m Model) {
	switch {
	case m.InImage:
		if m.Source != "" || m.Volume != "" || m.CacheSize != "" {
			errs.Add("Model.InImage", "a model baked into the image takes no %s, %s or %s: the image's %s is the model", kube.Ref("Model.Source"), kube.Ref("Model.Volume"), kube.Ref("Model.CacheSize"), kube.Ref("Model.Path"))
		}
	case m.Source == "" && m.Volume == "":
		errs.Add("Model", "set %s (a URI to download), %s (a model PVC) or %s (a model baked into the image)", kube.Ref("Model.Source"), kube.Ref("Model.Volume"), kube.Ref("Model.InImage"))
	case m.Source != "":
		if _, err := parseSource(m.Source); err != nil {
			errs.Add("Model.Source", "%v", err)
		}
		kube.ValidateImage(errs, "Model.DownloaderImage", m.DownloaderImage)
	}
	if !strings.HasPrefix(m.Path, "/") || m.Path == "/" || m.Path == "/tmp" {
		errs.Add("Model.Path", "%q must be an absolute path other than / and /tmp", m.Path)
	}
	if m.CacheSize != "" {
		if _, err := resource.ParseQuantity(m.CacheSize); err != nil {
			errs.Add("Model.CacheSize", "%q is not a Kubernetes quantity", m.CacheSize)
		}
	}
}

func validateAutoscaling(errs *kube.Errors, as *Autoscaling) {
	if as == nil {
		return
	}
	if as.Min < 1 {
		errs.Add("Autoscaling.Min", "%d must be at least 1", as.Min)
	}
	if as.Max < as.Min {
		errs.Add("Autoscaling.Max", "%d must be at least %s (%d)", as.Max, kube.Ref("Autoscaling.Min"), as.Min)
	}
	for _, p := range []struct {
		field string
		v     int
	}{{"Autoscaling.CPUPercent", as.CPUPercent}, {"Autoscaling.MemoryPercent", as.MemoryPercent}} {
		if p.v < 0 || p.v > 100 {
			errs.Add(p.field, "%d must be between 1 and 100 (0 leaves it out)", p.v)
		}
	}
	if *as.ScaleDownStabilizationSeconds < 0 || *as.ScaleDownStabilizationSeconds > 3600 {
		errs.Add("Autoscaling.ScaleDownStabilizationSeconds", "%d must be between 0 and 3600", *as.ScaleDownStabilizationSeconds)
	}
	if as.ScaleUpStabilizationSeconds < 0 || as.ScaleUpStabilizationSeconds > 3600 {
		errs.Add("Autoscaling.ScaleUpStabilizationSeconds", "%d must be between 0 and 3600", as.ScaleUpStabilizationSeconds)
	}
	if as.ScaleUpPods < 1 {
		errs.Add("Autoscaling.ScaleUpPods", "%d must be at least 1", as.ScaleUpPods)
	}
	if as.ScaleDownPercent < 1 || as.ScaleDownPercent > 100 {
		errs.Add("Autoscaling.ScaleDownPercent", "%d must be between 1 and 100", as.ScaleDownPercent)
	}
	for _, p := range []struct {
		field string
		v     int
	}{
		{"Autoscaling.ScaleUpPercent", as.ScaleUpPercent}, {"Autoscaling.ScaleDownPods", as.ScaleDownPods},
		{"Autoscaling.ScaleUpPeriodSeconds", as.ScaleUpPeriodSeconds}, {"Autoscaling.ScaleDownPeriodSeconds", as.ScaleDownPeriodSeconds},
	} {
		if p.v < 1 {
			errs.Add(p.field, "%d must be at least 1", p.v)
		}
	}
	for field, v := range map[string]int{"Autoscaling.ScaleUpPeriodSeconds": as.ScaleUpPeriodSeconds, "Autoscaling.ScaleDownPeriodSeconds": as.ScaleDownPeriodSeconds} {
		if v > 1800 {
			errs.Add(field, "%d must be at most 1800 seconds (the HPA's limit)", v)
		}
	}
	for i, m := range as.Metrics {
		f := "Autoscaling.Metrics[" + strconv.Itoa(i) + "]"
		if m.Type != MetricPods && m.Type != MetricExternal {
			errs.Add(f+".Type", "%q must be %q or %q", m.Type, MetricPods, MetricExternal)
		}
		if m.Name == "" {
			errs.Add(f+".Name", "is required")
		}
		if q, err := resource.ParseQuantity(m.Target); err != nil || q.Sign() <= 0 {
			errs.Add(f+".Target", "%q must be a positive quantity", m.Target)
		}
	}
}

func validateExpose(errs *kube.Errors, e Expose) {
	switch e.Type {
	case ExposeClusterIP, ExposeNodePort, ExposeLoadBalancer, ExposeInternalLoadBalancer, ExposeIngress:
	default:
		errs.Add("Expose.Type", "%q must be %s, %s, %s, %s or %s", e.Type, ExposeClusterIP, ExposeNodePort, ExposeLoadBalancer, ExposeInternalLoadBalancer, ExposeIngress)
	}
	if e.Type != ExposeIngress {
		for _, f := range []struct{ field, v string }{{"Expose.Host", e.Host}, {"Expose.Path", e.Path}, {"Expose.IngressClass", e.IngressClass}, {"Expose.TLSSecret", e.TLSSecret}, {"Expose.ClusterIssuer", e.ClusterIssuer}} {
			if f.v != "" {
				errs.Add(f.field, "applies only to type %s", ExposeIngress)
			}
		}
	}
	if len(e.SourceCIDRs) > 0 && e.Type != ExposeLoadBalancer && e.Type != ExposeInternalLoadBalancer {
		errs.Add("Expose.SourceCIDRs", "apply only to types %s and %s", ExposeLoadBalancer, ExposeInternalLoadBalancer)
	}
	if (e.TLSSecret != "" || e.ClusterIssuer != "") && e.Host == "" {
		errs.Add("Expose.TLSSecret", "needs %s", kube.Ref("Expose.Host"))
	}
	if e.Type == ExposeIngress && (!strings.HasPrefix(e.Path, "/") || strings.ContainsAny(e.Path, " ?#*") || strings.Contains(e.Path, "//")) {
		errs.Add("Expose.Path", "%q must be an HTTP path such as /models/sentiment", e.Path)
	}
	if e.NodePort != 0 && (e.Type != ExposeNodePort || e.NodePort < 30000 || e.NodePort > 32767) {
		errs.Add("Expose.NodePort", "%d must be in 30000-32767 and needs type %s", e.NodePort, ExposeNodePort)
	}
	if e.TrafficDistribution != "" && e.TrafficDistribution != "PreferClose" {
		errs.Add("Expose.TrafficDistribution", "%q must be PreferClose or empty", e.TrafficDistribution)
	}
	for i, c := range e.SourceCIDRs {
		if _, _, err := net.ParseCIDR(c); err != nil {
			errs.Add("Expose.SourceCIDRs["+strconv.Itoa(i)+"]", "%q is not a CIDR", c)
		}
	}
	for i, c := range e.IngressPeerCIDRs {
		if _, _, err := net.ParseCIDR(c); err != nil {
			errs.Add("Expose.IngressPeerCIDRs["+strconv.Itoa(i)+"]", "%q is not a CIDR", c)
		}
	}
	if g := e.Gateway; g != nil {
		if e.Type != ExposeIngress {
			errs.Add("Expose.Gateway", "applies only to type %s", ExposeIngress)
		}
		kube.ValidateNamespace(errs, "Expose.Gateway.Namespace", g.Namespace)
		if len(validation.IsDNS1123Subdomain(g.Name)) > 0 {
			errs.Add("Expose.Gateway.Name", "%q must be the name of a Gateway", g.Name)
		}
	}
	if e.KeepIngress && e.Gateway == nil {
		errs.Add("Expose.KeepIngress", "needs %s: it keeps the Ingress beside the route", kube.Ref("Expose.Gateway"))
	}
	for i, ns := range e.IngressNamespaces {
		kube.ValidateNamespace(errs, "Expose.IngressNamespaces["+strconv.Itoa(i)+"]", ns)
	}
}

// validateCanary: the canary rides on the stable's route (an HTTPRoute's
// weights, or an Ingress controller that splits traffic).
func validateCanary(errs *kube.Errors, a Args) {
	k := a.Expose.Canary
	if k == nil {
		return
	}
	switch {
	case a.Expose.Type != ExposeIngress:
		errs.Add("Expose.Canary", "needs %s %s: the ingress controller splits the traffic", kube.Ref("Expose.Type"), ExposeIngress)
	case a.Expose.Gateway == nil && !a.Expose.CanaryAnnotations:
		errs.Add("Expose.Canary", "the ingress controller of class %q does not split traffic by weight or header; serve the service through ingress-nginx (addons.ingress.controller: nginx)", a.Expose.IngressClass)
	}
	if k.Image != "" {
		kube.ValidateImage(errs, "Expose.Canary.Image", k.Image)
	}
	if k.Weight < 0 || k.Weight > 100 {
		errs.Add("Expose.Canary.Weight", "%d must be a percentage from 0 to 100", k.Weight)
	}
	if k.Replicas < 1 {
		errs.Add("Expose.Canary.Replicas", "%d must be at least 1", k.Replicas)
	}
	if a.Model.InImage && (k.Model.Source != "" || k.Model.Volume != "") {
		errs.Add("Expose.Canary.Model", "the stable model is baked into its image: a canary tries a new model with %s, not %s or %s", kube.Ref("Expose.Canary.Image"), kube.Ref("Expose.Canary.Model.Source"), kube.Ref("Expose.Canary.Model.Volume"))
	}
	if k.Model.Source != "" && k.Model.Volume != "" {
		errs.Add("Expose.Canary.Model", "set only one of %s and %s", kube.Ref("Expose.Canary.Model.Source"), kube.Ref("Expose.Canary.Model.Volume"))
	}
	if k.Model.Source != "" {
		if _, err := parseSource(k.Model.Source); err != nil {
			errs.Add("Expose.Canary.Model.Source", "%v", err)
		}
	}
	if k.Image == "" && k.Model.Source == "" && k.Model.Volume == "" && k.Model.Version == "" {
		errs.Add("Expose.Canary", "must change something: set %s or %s (the version to try)", kube.Ref("Expose.Canary.Image"), kube.Ref("Expose.Canary.Model"))
	}
	if k.HeaderValue != "" && k.Header == "" {
		errs.Add("Expose.Canary.HeaderValue", "needs %s", kube.Ref("Expose.Canary.Header"))
	}
	if k.Header != "" && len(validation.IsHTTPHeaderName(k.Header)) > 0 {
		errs.Add("Expose.Canary.Header", "%q must be an HTTP header name such as X-Canary", k.Header)
	}
}
