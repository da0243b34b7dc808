package addons_test

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
	"github.com/stretchr/testify/require"
)

const (
	releaseType        = "kubernetes:helm.sh/v3:Release"
	serviceMonitorType = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"
	randomPasswordType = "random:index/randomPassword:RandomPassword"
)

// extraTaint is a second taint on the A100 pool: operands must tolerate
// every GPU pool taint, not only nvidia.com/gpu.
var extraTaint = cluster.Taint{Key: "mlkube.io/dedicated", Value: "training", Effect: "NoExecute"}

func gpuTaint() config.Taint {
	return config.Taint{Key: gpu.TaintKey, Value: gpu.TaintValue, Effect: gpu.TaintEffect}
}

// testPools are the pools every cloud fixture has: on-demand and spot CPU
// pools, a T4 pool time-sliced 4 ways and an A100 pool partitioned by MIG.
func testPools() []cluster.Pool {
	t4 := config.NodePool{Name: "gpu", MachineType: "g4dn.xlarge", Min: 0, Max: 4, Labels: gpu.PoolLabels("gpu", "t4"),
		GPU:    &config.GPU{Model: "t4", Count: 1, Sharing: config.Sharing{Mode: gpu.SharingTimeSlicing, Replicas: 4}},
		Taints: []config.Taint{gpuTaint()}}
	a100 := config.NodePool{Name: "a100", MachineType: "p4d.24xlarge", Min: 0, Max: 2, Spot: true, Labels: gpu.PoolLabels("a100", "a100"),
		GPU:    &config.GPU{Model: "a100", Count: 8, Sharing: config.Sharing{Mode: gpu.SharingMIG, MIGStrategy: "single", MIGProfile: "all-1g.5gb"}},
		Taints: []config.Taint{gpuTaint(), config.Taint(extraTaint)}}
	return cluster.PoolsFrom([]config.NodePool{
		{Name: "system", MachineType: "m6i.xlarge", Min: 2, Max: 4, Labels: gpu.PoolLabels("system", "")},
		{Name: "batch", MachineType: "m6i.4xlarge", Min: 0, Max: 10, Spot: true, Labels: gpu.PoolLabels("batch", "")},
		t4, a100,
	})
}

// capabilitiesOf are what each cloud's provider says of itself.
func capabilitiesOf(kind string) cluster.Capabilities {
	switch kind {
	case "eks": // EKS AL2023 NVIDIA AMIs
		return cluster.Capabilities{AutoscalerCloudProvider: "aws", GPUDriverPreinstalled: true, ContainerToolkitPreinstalled: true, ManagedControlPlane: true}
	case "gke": // COS with the GKE-installed driver
		return cluster.Capabilities{ManagedAutoscaling: true, GPUDriverPreinstalled: true, GPUDriverHostPath: "/home/kubernetes/bin/nvidia", MetricsServer: true, ManagedControlPlane: true}
	case "aks": // AKS GPU pools with the managed driver
		return cluster.Capabilities{ManagedAutoscaling: true, GPUDriverPreinstalled: true, ContainerToolkitPreinstalled: true, MetricsServer: true, ManagedControlPlane: true}
	case config.ProviderKubeadm: // own servers, nothing preinstalled, self-signed kubelet certificates
		return cluster.Capabilities{KubeletCertsUnsigned: true}
	case config.ProviderExisting: // a laptop cluster as the local stack describes it
		return cluster.Capabilities{}
	}
	panic(kind)
}

// fixture is a Cluster of a kind, built inside the program so that its
// provider and node groups are registered resources.
type fixture struct {
	kind    string
	version string
	pools   []cluster.Pool
	caps    *cluster.Capabilities
	storage bool
}

func (f fixture) build(ctx *pulumi.Context) (*cluster.Cluster, error) {
	provider, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{ClusterIdentifier: pulumi.String("ml")})
	if err != nil {
		return nil, err
	}
	pools := f.pools
	if pools == nil {
		pools = testPools()
	}
	cl := &cluster.Cluster{
		Name: "ml", Kind: f.kind, KubernetesVersion: f.version, Provider: provider, Pools: pools,
		Capabilities: capabilitiesOf(f.kind),
	}
	if cl.KubernetesVersion == "" {
		cl.KubernetesVersion = "1.33"
	}
	if f.caps != nil {
		cl.Capabilities = *f.caps
	}
	if f.storage {
		cl.Storage.Standard = cluster.StorageClass{Provisioner: "ebs.csi.aws.com"}
	}
	if f.kind == "eks" {
		cl.Region = "us-east-1"
		cl.ServiceAccountAnnotations = map[string]pulumi.StringMapInput{
			cluster.AddonAutoscaler: pulumi.StringMap{"eks.amazonaws.com/role-arn": pulumi.String("arn:aws:iam::123456789012:role/ml-cluster-autoscaler")},
		}
		cl.NodeGroupPatterns = map[string]string{}
		for _, p := range pools {
			cl.NodeGroupPatterns[p.Name] = "^eks-ml-" + p.Name + "-[0-9a-f]{26}-"
		}
	}
	if f.kind == "eks" || f.kind == "gke" || f.kind == "aks" {
		for _, p := range pools {
			var ng nodeGroup
			if err := ctx.RegisterResource("test:cloud:NodeGroup", "ml-"+p.Name, pulumi.Map{}, &ng); err != nil {
				return nil, err
			}
			cl.NodesReady = append(cl.NodesReady, &ng)
		}
	}
	return cl, nil
}

type nodeGroup struct{ pulumi.CustomResourceState }

// defaults are the stack defaults of the addons config (every addon on).
func defaults() config.Addons {
	return config.Addons{
		GPUOperator: config.GPUOperator{TimeoutMinutes: config.DefaultGPUOperatorTimeout},
		Autoscaler:  config.Autoscaler{ScaleDownUnneededTime: "10m", ScaleDownDelayAfterAdd: "5m"},
		Monitoring:  config.Monitoring{RetentionDays: 15, StorageGB: 50, GrafanaAdminPassword: "s3cret"},
		Logging:     config.Logging{RetentionDays: 7, StorageGB: 100, Nodes: 1},
	}
}

func off() *bool { b := false; return &b }

// run installs the addons on the fixture and returns the recorder.
func run(t *testing.T, f fixture, cfg config.Addons) *mocktest.Recorder {
	t.Helper()
	r := mocktest.WithOutputs(map[string]cluster.OutputsFunc{
		// What pulumi-random reports: a secret result.
		randomPasswordType: func(args pulumi.MockResourceArgs) resource.PropertyMap {
			return resource.PropertyMap{"result": resource.MakeSecret(resource.NewProperty("generated-" + args.Name))}
		},
	})
	r.Run(t, func(ctx *pulumi.Context) error {
		cl, err := f.build(ctx)
		if err != nil {
			return err
		}
		_, err = addons.Install(ctx, cl, cfg, addons.Options{})
		return err
	})
	return r
}

// release returns a Helm release's inputs, or nil when not registered.
func release(r *mocktest.Recorder, name string) map[string]any {
	for _, a := range r.ByType(releaseType) {
		if a.Name == name {
			return mocktest.Plain(a)
		}
	}
	return nil
}

func registration(t *testing.T, r *mocktest.Recorder, typ, name string) pulumi.MockResourceArgs {
	t.Helper()
	return r.One(t, typ, name)
}

// get walks nested maps of plain values.
func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// policyResources turn the registrations into what the policy set reads.
func policyResources(r *mocktest.Recorder) []policy.Resource {
	var out []policy.Resource
	for _, a := range r.All() {
		if a.RegisterRPC == nil {
			continue
		}
		out = append(out, policy.Resource{
			URN: mocktest.URN(a), Type: a.TypeToken, Name: a.Name, Parent: a.RegisterRPC.GetParent(),
			Custom: a.Custom, Inputs: mocktest.Plain(a), DependsOn: mocktest.Waits(a),
		})
	}
	return out
}

// tolerates reports whether a list of tolerations (plain values) tolerates a taint.
func tolerates(tolerations any, t cluster.Taint) bool {
	list, _ := tolerations.([]any)
	for _, x := range list {
		key, _ := get(x, "key").(string)
		op, _ := get(x, "operator").(string)
		effect, _ := get(x, "effect").(string)
		value, _ := get(x, "value").(string)
		if effect != "" && effect != t.Effect {
			continue
		}
		if op == "Exists" && (key == "" || key == t.Key) {
			return true
		}
		if (op == "" || op == "Equal") && key == t.Key && value == t.Value {
			return true
		}
	}
	return false
}

func requireNoErrors(t *testing.T, findings []policy.Finding) {
	t.Helper()
	for _, f := range findings {
		require.NotEqual(t, policy.SeverityError, f.Severity, "%s %s: %s", f.Policy, f.URN, f.Message)
	}
}
