package charts_test

import (
	"testing"

	"github.com/mlkube/mlkube/internal/charts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// templated is a chart as Envoy Gateway's source keeps it: no values.yaml,
// only the template its release turns into one.
var templated = map[string]string{
	"Chart.yaml": "apiVersion: v2\nname: gw\nversion: 1.0.0\n",
	"values.tmpl.yaml": `deployment:
  replicas: 1
  image: ${GatewayImage}
`,
	"templates/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gw
spec:
  replicas: {{ .Values.deployment.replicas }}
  selector: {matchLabels: {app: gw}}
  template:
    metadata: {labels: {app: gw}}
    spec:
      containers:
        - name: gw
          image: {{ .Values.deployment.image }}
`,
}

// TestValuesTemplate: a chart with only a values template renders with
// the template's defaults once the caller sets its placeholders, and is
// refused, naming the placeholder, when it does not.
func TestValuesTemplate(t *testing.T) {
	dir := writeChart(t, templated)
	objs, err := charts.RenderPath(dir, map[string]any{"deployment": map[string]any{"image": "docker.io/r/gw:1.0.0"}}, charts.Options{Namespace: "gw"})
	require.NoError(t, err)
	require.Len(t, objs, 1)
	spec := objs[0]["spec"].(map[string]any)
	assert.EqualValues(t, 1, spec["replicas"], "the template's default")
	c := spec["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)
	assert.Equal(t, "docker.io/r/gw:1.0.0", c["image"])

	_, err = charts.RenderPath(dir, nil, charts.Options{Namespace: "gw"})
	assert.ErrorContains(t, err, "Deployment/gw keeps ${GatewayImage} of values.tmpl.yaml")

}
