// Package addontest is what the addons' tests share: a Cluster fixture of
// each kind with the pools every cloud fixture has, the stack defaults of
// the addons config, a run of addons.Install under the mock recorder, the
// house checks of one addon run on its own, and readers of plain values.
package addontest

import (
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type tokens the addons' tests look up.
const (
	ReleaseType        = "kubernetes:helm.sh/v3:Release"
	ServiceMonitorType = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"
	RandomPasswordType = "random:index/randomPassword:RandomPassword"
	// NodeGroupType is the stand-in for a cloud's node group the fixture
	// registers per pool (named ml-<pool>).
	NodeGroupType = "test:cloud:NodeGroup"
	// ProviderName is the logical name of the fixture's kubernetes provider.
	ProviderName = "k8s"
)

// Clouds are the cluster kinds the fixture builds.
var Clouds = []string{"eks", "gke", "aks", config.ProviderKubeadm, config.ProviderExisting}

// ExtraTaint is a second taint on the A100 pool: operands must tolerate
// every GPU pool taint, not only nvidia.com/gpu.
var ExtraTaint = cluster.Taint{Key: "mlkube.io/dedicated", Value: "training", Effect: "NoExecute"}

// GPUTaint is the taint of every GPU pool.
func GPUTaint() config.Taint {
	return config.Taint{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect}
}

// Pools are the pools every cloud fixture has: on-demand and spot CPU
// pools, a T4 pool time-sliced 4 ways and an A100 pool partitioned by MIG.
func Pools() []cluster.Pool {
	t4 := config.NodePool{Name: "gpu", MachineType: "g4dn.xlarge", Min: 0, Max: 4, Labels: gpu.PoolLabels("gpu", "t4"),
		GPU:    &config.GPU{Model: "t4", Count: 1, Sharing: config.Sharing{Mode: gpu.SharingTimeSlicing, Replicas: 4}},
		Taints: []config.Taint{GPUTaint()}}
	a100 := config.NodePool{Name: "a100", MachineType: "p4d.24xlarge", Min: 0, Max: 2, Spot: true, Labels: gpu.PoolLabels("a100", "a100"),
		GPU:    &config.GPU{Model: "a100", Count: 8, Sharing: config.Sharing{Mode: gpu.SharingMIG, MIGStrategy: "single", MIGProfile: "all-1g.5gb"}},
		Taints: []config.Taint{GPUTaint(), config.Taint(ExtraTaint)}}
	return cluster.PoolsFrom([]config.NodePool{
		{Name: "system", MachineType: "m6i.xlarge", Min: 2, Max: 4, Labels: gpu.PoolLabels("system", "")},
		{Name: "batch", MachineType: "m6i.4xlarge", Min: 0, Max: 10, Spot: true, Labels: gpu.PoolLabels("batch", "")},
		t4, a100,
	})
}

// Capabilities are what each provider describes for the shipped stack of
// its kind (dev-eks, dev-gke, dev-aks, onprem-kubeadm, local);
// TestFixtureCapabilitiesAreTheProviders holds them to the providers.
func Capabilities(kind string) cluster.Capabilities {
	switch kind {
	case "eks": // EKS AL2023 NVIDIA AMIs, the VPC CNI's policy agent
		return cluster.Capabilities{AutoscalerCloudProvider: "aws", GPUDriverPreinstalled: true, ContainerToolkitPreinstalled: true,
			ManagedControlPlane: true, LoadBalancers: true, NetworkPolicyEnforced: true}
	case "gke": // COS with the GKE-installed driver and device plugin, Dataplane V2
		return cluster.Capabilities{ManagedAutoscaling: true, GPUDriverPreinstalled: true, ContainerToolkitPreinstalled: true,
			DevicePluginPreinstalled: true, GPUDriverHostPath: "/home/kubernetes/bin/nvidia", GPUSharingByCloud: true,
			LoadBalancers: true, MetricsServer: true, ManagedControlPlane: true, NetworkPolicyEnforced: true}
	case "aks": // AKS GPU pools with the managed driver
		return cluster.Capabilities{ManagedAutoscaling: true, GPUDriverPreinstalled: true, ContainerToolkitPreinstalled: true,
			LoadBalancers: true, MetricsServer: true, ManagedControlPlane: true, NetworkPolicyEnforced: true}
	case config.ProviderKubeadm: // own servers: nothing preinstalled, self-signed kubelet certificates, Calico, MetalLB
		return cluster.Capabilities{KubeletCertsUnsigned: true, NetworkPolicyEnforced: true, LoadBalancers: true}
	case config.ProviderExisting: // a laptop cluster as the local stack describes it
		return cluster.Capabilities{NetworkPolicyEnforced: true}
	}
	panic(kind)
}

// Fixture is a Cluster of a kind, built inside the program so that its
// provider and node groups are registered resources.
type Fixture struct {
	Kind    string
	Version string
	Pools   []cluster.Pool
	Caps    *cluster.Capabilities
	Storage bool
}

// Build registers the fixture's provider (and node groups on clouds) and
// returns its Cluster.
func (f Fixture) Build(ctx *pulumi.Context) (*cluster.Cluster, error) {
	provider, err := kubernetes.NewProvider(ctx, ProviderName, &kubernetes.ProviderArgs{ClusterIdentifier: pulumi.String("ml")})
	if err != nil {
		return nil, err
	}
	pools := f.Pools
	if pools == nil {
		pools = Pools()
	}
	cl := &cluster.Cluster{Provider: provider, Shape: cluster.Shape{
		Name: "ml", Kind: f.Kind, KubernetesVersion: f.Version, Pools: pools,
		Capabilities: Capabilities(f.Kind),
	}}
	if cl.KubernetesVersion == "" {
		cl.KubernetesVersion = "1.33"
	}
	if f.Caps != nil {
		cl.Capabilities = *f.Caps
	}
	if f.Storage {
		cl.Storage.Standard = cluster.StorageClass{Provisioner: "ebs.csi.aws.com"}
	}
	if f.Kind == "eks" {
		cl.Region = "us-east-1"
		cl.ServiceAccountAnnotations = map[string]pulumi.StringMapInput{
			cluster.AddonAutoscaler: pulumi.StringMap{"eks.amazonaws.com/role-arn": pulumi.String("arn:aws:iam::123456789012:role/ml-cluster-autoscaler")},
		}
		cl.NodeGroupPatterns = map[string]string{}
		for _, p := range pools {
			cl.NodeGroupPatterns[p.Name] = "^eks-ml-" + p.Name + "-[0-9a-f]{26}-"
		}
	}
	if f.Kind == "eks" || f.Kind == "gke" || f.Kind == "aks" {
		for _, p := range pools {
			ng, err := StandIn(ctx, NodeGroupType, "ml-"+p.Name)
			if err != nil {
				return nil, err
			}
			cl.NodesReady = append(cl.NodesReady, ng)
		}
	}
	return cl, nil
}

type standIn struct{ pulumi.CustomResourceState }

// StandIn registers a custom resource of a test type that stands for what
// the cloud or another addon registers (a node group, the release that
// installs a CRD).
func StandIn(ctx *pulumi.Context, typ, name string) (pulumi.Resource, error) {
	r := &standIn{}
	return r, ctx.RegisterResource(typ, name, pulumi.Map{}, r)
}

// Defaults are the stack defaults of the addons config (every addon on).
func Defaults() config.Addons {
	return config.Addons{
		GPUOperator: config.GPUOperator{TimeoutMinutes: config.DefaultGPUOperatorTimeout},
		Autoscaler:  config.Autoscaler{ScaleDownUnneededTime: "10m", ScaleDownDelayAfterAdd: "5m"},
		Monitoring:  config.Monitoring{RetentionDays: 15, StorageGB: 50, GrafanaAdminPassword: "s3cret"},
		Logging:     config.Logging{RetentionDays: 7, StorageGB: 100, Nodes: 1},
	}
}

// Off is a pointer to false, for an addon's enabled switch.
func Off() *bool { b := false; return &b }

// Recorder returns a recorder that answers as the addons' providers do:
// pulumi-random reports a secret result.
func Recorder() *mocktest.Recorder {
	return mocktest.WithOutputs(map[string]cluster.OutputsFunc{
		RandomPasswordType: func(args pulumi.MockResourceArgs) resource.PropertyMap {
			return resource.PropertyMap{"result": resource.MakeSecret(resource.NewProperty("generated-" + args.Name))}
		},
	})
}

// Run runs program on the fixture's Cluster under a new Recorder and
// fails the test on error.
func Run(t *testing.T, f Fixture, program func(ctx *pulumi.Context, cl *cluster.Cluster) error) *mocktest.Recorder {
	t.Helper()
	r := Recorder()
	r.Run(t, func(ctx *pulumi.Context) error {
		cl, err := f.Build(ctx)
		if err != nil {
			return err
		}
		return program(ctx, cl)
	})
	return r
}

// Install installs the addons on the fixture and returns the recorder.
func Install(t *testing.T, f Fixture, cfg config.Addons, o ...addons.Options) *mocktest.Recorder {
	t.Helper()
	var opts addons.Options
	if len(o) > 0 {
		opts = o[0]
	}
	return Run(t, f, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := addons.Install(ctx, cl, cfg, opts)
		return err
	})
}

// Release returns a Helm release's inputs, or nil when not registered.
func Release(r *mocktest.Recorder, name string) map[string]any {
	for _, a := range r.ByType(ReleaseType) {
		if a.Name == name {
			return mocktest.Plain(a)
		}
	}
	return nil
}

// Get walks nested maps of plain values (nil where a key is missing).
func Get(v any, path ...string) any { return policy.Get(v, path...) }

// Tolerates reports whether a list of tolerations (plain values, nil when
// the chart values have none) tolerates a taint, by the schedulable
// policy's rule.
func Tolerates(tolerations any, t cluster.Taint) bool {
	list, _ := tolerations.([]any)
	return policy.Tolerated(t, list)
}
