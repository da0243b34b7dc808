package imageref

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProblem(t *testing.T) {
	for _, tt := range []struct {
		image, want string
	}{
		{"docker.io/rclone/rclone:1.69.1", ""},
		{"registry.local:5000/team/server:2.3", ""},
		{"nvcr.io/nvidia/tritonserver:25.01-py3", ""},
		{"ghcr.io/x/y@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ""},
		{"", "is required"},
		{"trainer:latest", `"trainer:latest" uses the mutable tag "latest"`},
		{"trainer:stable", `uses the mutable tag "stable"`},
		{"trainer:prod", `uses the mutable tag "prod"`},
		{"trainer", `"trainer" has no tag`},
		{"registry.local:5000/trainer", "has no tag"},
		{"ghcr.io/x/y@sha256:abc", "malformed digest"},
		{"ghcr.io/x/y:1.0 ", "contains whitespace"},
		{"repo/model:main", `uses the mutable tag "main"`},
		{"ghcr.io/org/model:cuda-ubuntu", "uses the mutable tag"},
		{"repo/model@sha256:0123456789abcdef", "malformed digest"}, // a sha256 digest has 64 hex digits
	} {
		got := Problem(tt.image)
		if tt.want == "" {
			assert.Empty(t, got, tt.image)
		} else {
			assert.Contains(t, got, tt.want, tt.image)
		}
	}
}
