package promql

import "regexp"

var (
	// legendLabel is a Grafana legend's {{label}}.
	legendLabel = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)
	// ruleLabel is an alert template's $labels.name.
	ruleLabel = regexp.MustCompile(`\$labels\.([A-Za-z_][A-Za-z0-9_]*)`)
	// labelValues is a Grafana variable query label_values(metric, label).
	labelValues = regexp.MustCompile(`label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)`)
)

// TemplateLabels are the label names a Grafana legend ({{pod}}) or an
// alert's summary ({{ $labels.pod }}) prints.
func TemplateLabels(text string) []string {
	seen := map[string]bool{}
	for _, m := range legendLabel.FindAllStringSubmatch(text, -1) {
		seen[m[1]] = true
	}
	for _, m := range ruleLabel.FindAllStringSubmatch(text, -1) {
		seen[m[1]] = true
	}
	return sorted(seen)
}

// LabelValues reads a Grafana label_values(metric, label) query; ok is
// false for any other query.
func LabelValues(query string) (metric, label string, ok bool) {
	m := labelValues.FindStringSubmatch(query)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}
