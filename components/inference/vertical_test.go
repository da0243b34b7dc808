package inference

import (
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tVPA = "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler"

// The VPA targets the service's Deployment, recommends only by default,
// sizes the server container within the stack's bounds and leaves the
// other containers alone; it waits for the Deployment and for whatever
// installs its CRD.
func TestVerticalPodAutoscaler(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Vertical
		want map[string]any
	}{
		{"defaults: recommendations only", Vertical{}, map[string]any{
			"targetRef":    map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": "sentiment"},
			"updatePolicy": map[string]any{"updateMode": "Off"},
			"resourcePolicy": map[string]any{"containerPolicies": []any{
				map[string]any{"containerName": "server", "mode": "Auto", "controlledResources": []any{"cpu", "memory"}, "controlledValues": "RequestsAndLimits"},
				map[string]any{"containerName": "*", "mode": "Off"},
			}},
		}},
		{"bounds, memory only, requests only", Vertical{
			UpdateMode: UpdateInitial, ControlledResources: []string{"memory"}, ControlledValues: ControlRequestsOnly,
			MinAllowed: map[string]string{"memory": "1Gi"}, MaxAllowed: map[string]string{"memory": "16Gi"},
		}, map[string]any{
			"targetRef":    map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": "sentiment"},
			"updatePolicy": map[string]any{"updateMode": "Initial"},
			"resourcePolicy": map[string]any{"containerPolicies": []any{
				map[string]any{"containerName": "server", "mode": "Auto", "controlledResources": []any{"memory"}, "controlledValues": "RequestsOnly",
					"minAllowed": map[string]any{"memory": "1Gi"}, "maxAllowed": map[string]any{"memory": "16Gi"}},
				map[string]any{"containerName": "*", "mode": "Off"},
			}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := validArgs()
			a.Name = "sentiment"
			a.Vertical = &tc.v
			rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
				crds, err := corev1.NewConfigMap(ctx, "vpa-crds", &corev1.ConfigMapArgs{}, pulumi.Provider(p))
				if err != nil {
					return err
				}
				a.Vertical.After = []pulumi.Resource{crds}
				_, err = NewInferenceService(ctx, "team-sentiment", &a, pulumi.Provider(p))
				return err
			})
			require.NoError(t, err)
			vpa := rec.One(t, tVPA)
			plain := mocktest.Plain(vpa)
			assert.Equal(t, tc.want, plain["spec"])
			assert.Equal(t, "sentiment", mocktest.Get(t, plain, "metadata", "name"))
			assert.Equal(t, "team-a", mocktest.Get(t, plain, "metadata", "namespace"))
			assert.True(t, mocktest.WaitsFor(vpa, tDeployment, "team-sentiment-deployment"), "the VPA waits for its Deployment")
			assert.True(t, mocktest.WaitsFor(vpa, "kubernetes:core/v1:ConfigMap", "vpa-crds"), "and for its CRD")
		})
	}
	rec := run(t, "plain", ptr(validArgs()))
	assert.Empty(t, rec.ByType(tVPA), "no VPA unless asked")
}

func ptr[T any](v T) *T { return &v }

// Every malformed key of Vertical is refused with its field, and an
// updating VPA never sits beside an HPA on a resource it resizes.
func TestVerticalRefused(t *testing.T) {
	hpa := func(cpu, mem int, metrics ...Metric) *Autoscaling {
		return &Autoscaling{Min: 2, Max: 4, CPUPercent: cpu, MemoryPercent: mem, Metrics: metrics}
	}
	queue := Metric{Type: MetricPods, Name: "inference_queue_length", Target: "10"}
	for _, tc := range []struct {
		name  string
		v     Vertical
		as    *Autoscaling
		repl  int
		field string // "" accepts
	}{
		{"recommendations only", Vertical{}, nil, 0, ""},
		{"recommendations beside a CPU HPA", Vertical{}, hpa(70, 0), 0, ""},
		{"unknown mode", Vertical{UpdateMode: "Auto"}, nil, 0, "Vertical.UpdateMode: "},
		{"lower-case mode", Vertical{UpdateMode: "off"}, nil, 0, "Vertical.UpdateMode: "},
		{"controlled gpu", Vertical{ControlledResources: []string{"nvidia.com/gpu"}}, nil, 0, "Vertical.ControlledResources[0]: "},
		{"controlled twice", Vertical{ControlledResources: []string{"cpu", "cpu"}}, nil, 0, "Vertical.ControlledResources[1]: "},
		{"controlled values", Vertical{ControlledValues: "Limits"}, nil, 0, "Vertical.ControlledValues: "},
		{"bad min quantity", Vertical{MinAllowed: map[string]string{"cpu": "lots"}}, nil, 0, `Vertical.MinAllowed["cpu"]: `},
		{"zero max", Vertical{MaxAllowed: map[string]string{"memory": "0"}}, nil, 0, `Vertical.MaxAllowed["memory"]: `},
		{"gpu bound", Vertical{MaxAllowed: map[string]string{"nvidia.com/gpu": "1"}}, nil, 0, `Vertical.MaxAllowed["nvidia.com/gpu"]: `},
		{"min above max", Vertical{MinAllowed: map[string]string{"cpu": "4"}, MaxAllowed: map[string]string{"cpu": "2"}}, nil, 0, `Vertical.MinAllowed["cpu"]: `},
		{"recreate beside a CPU HPA", Vertical{UpdateMode: UpdateRecreate}, hpa(70, 0), 0, "Vertical.UpdateMode: Recreate changes the cpu requests"},
		{"initial beside a memory HPA", Vertical{UpdateMode: UpdateInitial}, hpa(0, 80), 0, "Vertical.UpdateMode: Initial changes the memory requests"},
		{"in place beside the default CPU HPA", Vertical{UpdateMode: UpdateInPlaceOrRecreate}, &Autoscaling{Max: 4}, 0, "Vertical.UpdateMode: InPlaceOrRecreate changes the cpu requests"},
		{"recreate beside a queue-length HPA", Vertical{UpdateMode: UpdateRecreate}, hpa(0, 0, queue), 0, ""},
		{"memory VPA beside a CPU HPA", Vertical{UpdateMode: UpdateRecreate, ControlledResources: []string{"memory"}}, hpa(70, 0), 0, ""},
		{"recreate on one replica", Vertical{UpdateMode: UpdateRecreate}, nil, 1, "Vertical.UpdateMode: Recreate evicts pods"},
		{"initial on one replica", Vertical{UpdateMode: UpdateInitial}, nil, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := validArgs()
			a.Vertical, a.Autoscaling, a.Replicas = &tc.v, tc.as, tc.repl
			err := Validate("x", a)
			if tc.field == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
}
