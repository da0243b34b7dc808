package promql

import (
	"fmt"
	"slices"
)

// Target labels the Prometheus operator's generated scrape configuration
// puts on every target of a ServiceMonitor or PodMonitor endpoint, besides
// the relabelings' own (prometheus-operator pkg/prometheus/promcfg.go; the
// PodMonitor has no service. Read 2026-12-04).
var (
	serviceTargetLabels = []string{"container", "endpoint", "instance", "job", "namespace", "pod", "service"}
	podTargetLabels     = []string{"container", "endpoint", "instance", "job", "namespace", "pod"}
)

// ExportedPrefix is what Prometheus puts before a scraped label that clashes
// with a target label when honor_labels is false (prometheus.io/docs/
// prometheus/latest/configuration/configuration/#scrape_config, read
// 2026-12-04); with honor_labels true the scraped label keeps its name.
const ExportedPrefix = "exported_"

// Scrape is one endpoint of a ServiceMonitor or PodMonitor.
type Scrape struct {
	HonorLabels bool
	// Targets are the labels every target has: the operator's and those
	// its relabelings write.
	Targets []string
}

// ScrapesOf reads the endpoints of a ServiceMonitor (spec.endpoints) or a
// PodMonitor (spec.podMetricsEndpoints) spec, as plain values.
func ScrapesOf(kind string, spec map[string]any) ([]Scrape, error) {
	key, targets := "endpoints", serviceTargetLabels
	switch kind {
	case "ServiceMonitor":
	case "PodMonitor":
		key, targets = "podMetricsEndpoints", podTargetLabels
	default:
		return nil, fmt.Errorf("%s is not a ServiceMonitor or PodMonitor", kind)
	}
	eps, _ := spec[key].([]any)
	if len(eps) == 0 {
		return nil, fmt.Errorf("%s has no %s", kind, key)
	}
	out := make([]Scrape, 0, len(eps))
	for _, e := range eps {
		ep, _ := e.(map[string]any)
		s := Scrape{Targets: slices.Clone(targets)}
		s.HonorLabels, _ = ep["honorLabels"].(bool)
		rels, _ := ep["relabelings"].([]any)
		for _, r := range rels {
			rel, _ := r.(map[string]any)
			action, _ := rel["action"].(string)
			if t, _ := rel["targetLabel"].(string); t != "" && (action == "" || action == "replace") && !slices.Contains(s.Targets, t) {
				s.Targets = append(s.Targets, t)
			}
		}
		slices.Sort(s.Targets)
		out = append(out, s)
	}
	return out, nil
}

// SeriesLabels are the label names a series that the exporter exposes
// with exposed labels has once stored: the target labels, and the
// exposed ones, renamed exported_<name> where they clash with a target
// label unless the scrape honours them.
func (s Scrape) SeriesLabels(exposed []string) []string {
	seen := map[string]bool{}
	for _, t := range s.Targets {
		seen[t] = true
	}
	for _, l := range exposed {
		if slices.Contains(s.Targets, l) && !s.HonorLabels {
			seen[ExportedPrefix+l] = true
			continue
		}
		seen[l] = true
	}
	return sorted(seen)
}
