package plan

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
)

func TestSecretsAreRedactedKeepingMapKeys(t *testing.T) {
	secretMap := resource.MakeSecret(resource.NewObjectProperty(resource.PropertyMap{
		"alertmanager.yaml": resource.NewStringProperty("route: {receiver: oncall}"),
	}))
	for _, tt := range []struct {
		name string
		in   resource.PropertyValue
		want any
	}{
		{"secret string", resource.MakeSecret(resource.NewStringProperty("hunter2")), Secret},
		{"secret map keeps its keys", secretMap, map[string]any{"alertmanager.yaml": Secret}},
		{"secret output map", resource.NewOutputProperty(resource.Output{Element: secretMap.SecretValue().Element, Known: true, Secret: true}),
			map[string]any{"alertmanager.yaml": Secret}},
		{"plain map with a secret entry", resource.NewObjectProperty(resource.PropertyMap{
			"user": resource.NewStringProperty("admin"), "password": resource.MakeSecret(resource.NewStringProperty("x")),
		}), map[string]any{"user": "admin", "password": Secret}},
	} {
		assert.Equal(t, tt.want, plainValue(tt.in), tt.name)
	}
}
