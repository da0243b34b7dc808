package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRetiredChartWarns: a release of ingress-nginx (by name or full
// reference) is a warning naming the archive date; other releases and
// objects rendered from a chart are not.
func TestRetiredChartWarns(t *testing.T) {
	release := func(name, chart string, rendered bool) Resource {
		return Resource{URN: "urn:" + name, Type: "kubernetes:helm.sh/v3:Release", Name: name, Custom: true, Rendered: rendered,
			Inputs: map[string]any{"chart": chart}}
	}
	var got []Finding
	for _, f := range Check(Input{Resources: []Resource{
		release("ingress-nginx", "ingress-nginx", false),
		release("nginx-oci", "oci://registry.example.com/charts/ingress-nginx", false),
		release("gateway-helm", "oci://docker.io/envoyproxy/gateway-helm", false),
		release("rendered", "ingress-nginx", true),
	}}) {
		if f.Policy == "retired-chart" {
			got = append(got, f)
		}
	}
	if assert.Len(t, got, 2) {
		assert.Equal(t, []string{"urn:ingress-nginx", "urn:nginx-oci"}, []string{got[0].URN, got[1].URN})
		assert.Equal(t, SeverityWarning, got[0].Severity)
		assert.Contains(t, got[0].Message, "archived on 2026-03-24")
	}
}
