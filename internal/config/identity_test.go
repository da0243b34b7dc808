package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The canary runs under the stable's service account: its source is read
// with the same identity, so the identity must be allowed to read it.
func TestCanarySourceIsReadWithTheServiceIdentity(t *testing.T) {
	s := Inference{Model: Model{Source: "gs://models/llm/v7/"}}
	s.Expose.Canary = &Canary{Model: CanaryModel{Source: "gs://models/llm/v8/"}}
	assert.Equal(t, []string{"gs://models/llm/v7/", "gs://models/llm/v8/"}, s.ReadURIs())

	s.Identity = &Identity{Read: []string{"gs://models/llm/"}}
	assert.Equal(t, []string{"gs://models/llm/", "gs://models/llm/v8/"}, s.ReadURIs())

	s.Expose.Canary.Model.Source = "https://models.example.com/v8.onnx"
	assert.Equal(t, []string{"gs://models/llm/"}, s.ReadURIs(), "a web download needs no identity")
}
