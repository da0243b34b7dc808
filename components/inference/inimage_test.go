package inference

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
)

// A model baked into the image is served from the image's own path:
// nothing downloads it (no init container, no loader Job) and nothing is
// mounted over it, and MODEL_PATH names it.
func TestModelInImage(t *testing.T) {
	a := validArgs()
	a.Model = Model{InImage: true, Path: "/opt/ml/model"}
	rec := run(t, "baked", &a)
	d := mocktest.Decode[appsv1.Deployment](t, rec.One(t, tDeployment))
	spec := d.Spec.Template.Spec
	assert.Empty(t, spec.InitContainers, "nothing downloads the model")
	for _, v := range spec.Volumes {
		assert.NotEqual(t, modelVolume, v.Name, "no model volume")
	}
	require.Len(t, spec.Containers, 1)
	for _, m := range spec.Containers[0].VolumeMounts {
		assert.NotEqual(t, "/opt/ml/model", m.MountPath, "nothing is mounted over the image's model")
	}
	env := map[string]string{}
	for _, e := range spec.Containers[0].Env {
		env[e.Name] = e.Value
	}
	assert.Equal(t, "/opt/ml/model", env[ModelPathEnv])
	for _, r := range rec.All() {
		assert.NotEqual(t, "kubernetes:batch/v1:Job", r.TypeToken, "no loader Job")
	}
}

func TestModelInImageRefusesSources(t *testing.T) {
	for name, tc := range map[string]struct {
		model  Model
		canary *Canary
		want   string
	}{
		"with a source":   {model: Model{InImage: true, Source: "s3://b/m"}, want: "Model.InImage: a model baked into the image takes no Model.Source, Model.Volume or Model.CacheSize"},
		"with a volume":   {model: Model{InImage: true, Volume: "w"}, want: "Model.InImage: a model baked into the image takes no Model.Source, Model.Volume or Model.CacheSize"},
		"canary source":   {model: Model{InImage: true}, canary: &Canary{Model: Model{Source: "s3://b/m2"}, Weight: 10}, want: "Expose.Canary.Model: the stable model is baked into its image"},
		"nothing at all":  {model: Model{}, want: "Model: set Model.Source (a URI to download), Model.Volume (a model PVC) or Model.InImage"},
		"canary by image": {model: Model{InImage: true}, canary: &Canary{Image: "r/s:2.0", Weight: 10}},
	} {
		t.Run(name, func(t *testing.T) {
			a := validArgs()
			a.Model = tc.model
			if tc.canary != nil {
				a.Expose = Expose{Type: ExposeIngress, Host: "models.example.com", Canary: tc.canary, Gateway: &GatewayRef{Name: "mlkube", Namespace: "mlkube-gateway"}}
			}
			err := Validate("x", a)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
