package autoscaler_test

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/autoscaler"
	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAutoscalerPerCloud(t *testing.T) {
	for _, kind := range addontest.Clouds {
		t.Run(kind, func(t *testing.T) {
			r := addontest.Install(t, addontest.Fixture{Kind: kind}, addontest.Defaults())
			rel := addontest.Release(r, "cluster-autoscaler")
			if kind != "eks" {
				// GKE and AKS scale their pools; kubeadm and adopted
				// clusters have no cloud API to add nodes.
				assert.Nil(t, rel)
				return
			}
			require.NotNil(t, rel)
			v := rel["values"]
			assert.Equal(t, "v1.33.6", addontest.Get(v, "image", "tag"))
			assert.Equal(t, versions.AutoscalerRepository, addontest.Get(v, "image", "repository"))
			assert.Equal(t, "aws", addontest.Get(v, "cloudProvider"))
			assert.Equal(t, "us-east-1", addontest.Get(v, "awsRegion"))
			assert.Equal(t, "ml", addontest.Get(v, "autoDiscovery", "clusterName"))
			assert.Equal(t, cluster.AutoscalerServiceAccount, addontest.Get(v, "rbac", "serviceAccount", "name"))
			assert.Equal(t, map[string]any{"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/ml-cluster-autoscaler"},
				addontest.Get(v, "rbac", "serviceAccount", "annotations"))
			args := addontest.Get(v, "extraArgs").(map[string]any)
			assert.Equal(t, true, args["balance-similar-node-groups"])
			assert.Equal(t, "priority,least-waste", args["expander"])
			assert.Equal(t, false, args["skip-nodes-with-local-storage"])
			assert.Equal(t, "10m", args["scale-down-unneeded-time"])
			assert.Equal(t, "5m", args["scale-down-delay-after-add"])
			prios := addontest.Get(v, "expanderPriorities").(string)
			assert.Less(t, strings.Index(prios, "ml-batch"), strings.Index(prios, "ml-system"), "spot CPU before on-demand CPU")
			assert.Less(t, strings.Index(prios, "ml-system"), strings.Index(prios, "ml-a100"), "CPU before GPU")
			assert.Less(t, strings.Index(prios, "ml-a100"), strings.Index(prios, "ml-gpu"), "spot GPU before on-demand GPU")
			assert.Equal(t, cluster.AutoscalerNamespace, rel["namespace"])
			assert.Equal(t, float64(300), rel["timeout"])
			assert.Equal(t, true, rel["cleanupOnFail"])
			assert.True(t, mocktest.WaitsFor(r.One(t, addontest.ReleaseType, "cluster-autoscaler"), "test:cloud:NodeGroup", "ml-system"))
		})
	}
}

func TestAutoscalerImageFollowsKubernetes(t *testing.T) {
	for minor, tag := range map[string]string{"1.29": "v1.29.5", "1.31": "v1.31.5", "1.34": "v1.34.5"} {
		r := addontest.Install(t, addontest.Fixture{Kind: "eks", Version: minor}, addontest.Defaults())
		assert.Equal(t, tag, addontest.Get(addontest.Release(r, "cluster-autoscaler")["values"], "image", "tag"), minor)
	}
	r := &mocktest.Recorder{}
	err := r.RunErr(func(ctx *pulumi.Context) error {
		cl, err := addontest.Fixture{Kind: "eks", Version: "1.28"}.Build(ctx)
		if err != nil {
			return err
		}
		_, err = addons.Install(ctx, cl, addontest.Defaults(), addons.Options{})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cluster.kubernetesVersion")
}

func TestAutoscalerDecisions(t *testing.T) {
	for _, tc := range []struct {
		caps cluster.Capabilities
		want bool
		why  string
	}{
		{cluster.Capabilities{AutoscalerCloudProvider: "aws"}, true, ""},
		{cluster.Capabilities{ManagedAutoscaling: true}, false, "scales its node pools itself"},
		{cluster.Capabilities{ManagedAutoscaling: true, AutoscalerCloudProvider: "aws"}, false, "scales its node pools itself"},
		{cluster.Capabilities{}, false, "no cloud API to add nodes"},
	} {
		ok, why := autoscaler.Applies(&cluster.Cluster{Shape: cluster.Shape{Kind: "x", Capabilities: tc.caps}})
		assert.Equal(t, tc.want, ok)
		assert.Contains(t, why, tc.why)
	}
	for _, tc := range []struct {
		p    cluster.Pool
		want int
	}{
		{cluster.Pool{Spot: true}, autoscaler.PriorityCPUSpot},
		{cluster.Pool{}, autoscaler.PriorityCPUOnDemand},
		{cluster.Pool{Spot: true, GPU: &cluster.PoolGPU{}}, autoscaler.PriorityGPUSpot},
		{cluster.Pool{GPU: &cluster.PoolGPU{}}, autoscaler.PriorityGPUOnDemand},
	} {
		assert.Equal(t, tc.want, autoscaler.PoolPriority(tc.p))
	}
	assert.Greater(t, autoscaler.PriorityCPUOnDemand, autoscaler.PriorityGPUSpot, "every CPU pool beats every GPU pool")

	pools := addontest.Pools()
	cl := &cluster.Cluster{Shape: cluster.Shape{Name: "ml", Pools: pools, NodeGroupPatterns: map[string]string{}}}
	for _, p := range pools {
		cl.NodeGroupPatterns[p.Name] = "^ng-" + p.Name + "$" // the provider's to decide
	}
	want := `50:
  - "^ng-batch$"
40:
  - "^ng-system$"
20:
  - "^ng-a100$"
10:
  - "^ng-gpu$"
`
	assert.Equal(t, want, autoscaler.Priorities(cl))
	cl.Pools = []cluster.Pool{pools[3], pools[1], pools[2], pools[0]}
	assert.Equal(t, want, autoscaler.Priorities(cl), "pool order does not matter")
	delete(cl.NodeGroupPatterns, "gpu")
	assert.NotContains(t, autoscaler.Priorities(cl), "ng-gpu", "a pool the provider names no pattern for is left out")

	_, err := autoscaler.Values(&cluster.Cluster{Shape: cluster.Shape{KubernetesVersion: "1.27"}}, config.Autoscaler{})
	assert.ErrorContains(t, err, "cluster.kubernetesVersion")
}

// TestHouse runs the house checks on the autoscaler alone, where the
// cloud has an API to add nodes and does not scale pools itself.
func TestHouse(t *testing.T) {
	addontest.House(t, addontest.Addon{Type: autoscaler.TypeToken, Name: "cluster-autoscaler", Kinds: []string{"eks"}}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := autoscaler.New(ctx, "cluster-autoscaler", &autoscaler.Args{Cluster: cl, Config: addontest.Defaults().Autoscaler})
		return err
	})
}
