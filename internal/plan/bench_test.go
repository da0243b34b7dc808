package plan

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/require"
)

// syntheticStack is a stack with n inference services (the richest workload
// component) spread over teams of 25, on an adopted cluster.
func syntheticStack(n int) *config.StackFile {
	teams := []map[string]any{}
	services := []map[string]any{}
	for i := 0; i < n; i++ {
		team := fmt.Sprintf("team-%d", i/25)
		if i%25 == 0 {
			teams = append(teams, map[string]any{"name": team, "quota": map[string]any{"gpus": 25 * 4}})
		}
		services = append(services, map[string]any{
			"name": fmt.Sprintf("svc-%d", i), "team": team, "image": "ghcr.io/acme/server:1.0.0", "pool": "gpu", "gpu": 1,
			"resources":   map[string]any{"requests": map[string]any{"cpu": "1", "memory": "4Gi"}, "limits": map[string]any{"cpu": "2", "memory": "8Gi"}},
			"model":       map[string]any{"source": "s3://models/svc", "version": "1"},
			"autoscaling": map[string]any{"min": 2, "max": 4, "metrics": []any{map[string]any{"type": "pods", "name": "inference_queue_length", "target": "10"}}},
		})
	}
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	return &config.StackFile{Project: "mlkube", Stack: fmt.Sprintf("bench-%d", n), Values: map[string]string{
		"mlkube:cluster":   `{"provider": "existing", "name": "bench"}`,
		"mlkube:nodePools": `[{"name": "cpu", "max": 10, "nodeSelector": {"kubernetes.io/os": "linux"}}, {"name": "gpu", "max": 100, "nodeSelector": {"nvidia.com/gpu.present": "true"}, "gpu": {"model": "a100", "count": 8}}]`,
		"mlkube:workloads": js(map[string]any{"teams": teams, "inference": services}),
	}}
}

// BenchmarkPlan measures the offline engine end to end (parse, validate,
// run the program under mocks, policies, estimate, JSON). Cost per resource
// should stay flat as the stack grows.
func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("workloads=%d", n), func(b *testing.B) {
			sf := syntheticStack(n)
			resources := 0
			for i := 0; i < b.N; i++ {
				p, err := Build(sf)
				require.NoError(b, err)
				if _, err := p.JSON(); err != nil {
					b.Fatal(err)
				}
				resources = len(p.Resources)
			}
			b.ReportMetric(float64(resources), "resources")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(resources)/1e3, "µs/resource")
		})
	}
}
