package versions

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/mlkube/mlkube/internal/datatable"
)

// ImageValue is one Helm value through which a pinned chart names an
// image (images.csv).
type ImageValue struct {
	// Chart is the chart's name.
	Chart string
	// Path is the value's dotted path, e.g. image.repository.
	Path []string
	// Form is what the value holds: FormRegistry, FormRegistrySlash or
	// FormRepository.
	Form string
	// Default is the chart's own value at Path.
	Default string
}

// Forms of an image value.
const (
	// FormRegistry is a registry host; the mirror replaces it.
	FormRegistry = "registry"
	// FormRegistrySlash is a registry host ending in "/".
	FormRegistrySlash = "registry/"
	// FormRepository is host/path[:tag]; the mirror replaces the host.
	FormRepository = "repository"
)

//go:embed images.csv
var imagesCSV []byte

var imageSpec = datatable.Spec{
	Columns:  []string{"chart", "value", "form", "default", "source", "date"},
	Key:      []string{"chart", "value"},
	Optional: []string{"default"},
}

var imageValues = parseImages()

func parseImages() map[string][]ImageValue {
	out := map[string][]ImageValue{}
	datatable.MustParse("addons/versions/images.csv", imagesCSV, imageSpec, func(r datatable.Row) error {
		v := ImageValue{Chart: r.Text("chart"), Path: strings.Split(r.Text("value"), "."), Form: r.Text("form"), Default: r.Text("default")}
		if _, ok := Lookup(v.Chart); !ok {
			return fmt.Errorf("chart %q is not pinned", v.Chart)
		}
		switch v.Form {
		case FormRegistry, FormRegistrySlash:
		case FormRepository:
			if v.Default == "" {
				return fmt.Errorf("a repository value needs the chart's default")
			}
		default:
			return fmt.Errorf("form must be %s, %s or %s, got %q", FormRegistry, FormRegistrySlash, FormRepository, v.Form)
		}
		out[v.Chart] = append(out[v.Chart], v)
		return nil
	})
	return out
}

// ImageValues are the values through which the pinned chart called chart
// names its images, in the table's order.
func ImageValues(chart string) []ImageValue { return imageValues[chart] }

// Mirrored is the value that points this image value at registry, given
// the value the release's values already hold ("" when they leave it to
// the chart), and whether to set it. A value other than the chart's
// default was chosen by the stack (addons.<addon>.values): it is kept.
func (v ImageValue) Mirrored(current, registry string) (string, bool) {
	if current != "" && current != v.Default {
		return current, false
	}
	switch v.Form {
	case FormRegistry:
		return registry, true
	case FormRegistrySlash:
		return registry + "/", true
	}
	return MirrorImage(v.Default, registry), true
}

// MirrorImage is image ref pulled from registry (host[/path]) instead: the
// ref keeps its path and loses its registry host
// (quay.io/prometheus/prometheus:v3 becomes <registry>/prometheus/prometheus:v3;
// a Docker Hub short name keeps all of it). An empty registry keeps ref.
func MirrorImage(ref, registry string) string {
	if registry == "" {
		return ref
	}
	if first, rest, ok := strings.Cut(ref, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		ref = rest
	}
	return registry + "/" + ref
}
