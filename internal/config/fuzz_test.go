package config

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary stack files to the loader: bad input must come
// back as config.Errors (or a YAML error), never as a panic.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"config:\n  mlkube:cluster: {provider: existing, name: a}\n  mlkube:nodePools: [{name: cpu, max: 1}]\n",
		"config:\n  mlkube:nodePools: [{name: g, max: 1, gpu: {model: a100, count: 0.5, sharing: {mig: {strategy: x}}}}]\n",
		"config:\n  mlkube:workloads: {inference: [{name: a, gpu: 1e300, autoscaling: {max: -1}}], training: [{distributed: {nodes: 1}}]}\n",
		"config:\n  mlkube:cluster: [1, 2]\n  mlkube:nodePools: {a: b}\n",
		"config:\n  mlkube:workloads: {teams: [{name: ml}], volumes: [{name: v, team: ml, size: 1Gi, purpose: model}]}\n",
		"config: 7\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := ParseStackFile("mlkube", "fuzz", data)
		if err != nil {
			return
		}
		c, err := Parse(sf.Project, sf.Stack, sf.Values)
		if err != nil {
			var list Errors
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty config.Errors: %T %v", err, err)
			}
			for _, e := range list {
				if e.Message == "" {
					t.Fatalf("empty message at %q", e.Path)
				}
			}
			return
		}
		if c == nil {
			t.Fatal("nil config without error")
		}
	})
}
