package policy

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/labels"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pools() []config.NodePool {
	return []config.NodePool{
		{Name: "cpu", Min: 1, Max: 3, Labels: map[string]string{"mlkube.io/pool": "cpu"}},
		{Name: "gpu", Min: 0, Max: 2, Labels: map[string]string{"mlkube.io/pool": "gpu", "mlkube.io/accelerator": "nvidia"},
			Taints: []config.Taint{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}},
			GPU:    &config.GPU{Model: "a100", Count: 4}},
	}
}

var gpuToleration = map[string]any{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}

func deployment(name string, selector map[string]any, tolerations []any, gpus string) Resource {
	res := map[string]any{"requests": map[string]any{"cpu": "1"}, "limits": map[string]any{"cpu": "1"}}
	if gpus != "" {
		res["limits"].(map[string]any)["nvidia.com/gpu"] = gpus
		res["requests"].(map[string]any)["nvidia.com/gpu"] = gpus
	}
	spec := map[string]any{"containers": []any{map[string]any{"name": "c", "image": "r/i:1.0", "resources": res,
		"readinessProbe": map[string]any{"httpGet": map[string]any{"path": "/ready"}}}}}
	if selector != nil {
		spec["nodeSelector"] = selector
	}
	if tolerations != nil {
		spec["tolerations"] = tolerations
	}
	return Resource{URN: "urn:" + name, Type: "kubernetes:apps/v1:Deployment", Name: name, Custom: true, Inputs: map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": name, "namespace": "ml"},
		"spec":     map[string]any{"replicas": 1.0, "template": map[string]any{"spec": spec}},
	}}
}

func findings(rs ...Resource) []Finding {
	return check(&config.Config{}, pools(), rs)
}

func only(fs []Finding, policy string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Policy == policy {
			out = append(out, f)
		}
	}
	return out
}

func TestSchedulable(t *testing.T) {
	gpuSel := map[string]any{"mlkube.io/pool": "gpu"}
	tests := []struct {
		name    string
		r       Resource
		wantErr string // substring of the finding, "" for none
	}{
		{"cpu pod on cpu pool", deployment("a", map[string]any{"mlkube.io/pool": "cpu"}, nil, ""), ""},
		{"gpu pod with toleration on gpu pool (min 0)", deployment("b", gpuSel, []any{gpuToleration}, "2"), ""},
		{"gpu pod without toleration", deployment("c", gpuSel, nil, "1"), "pool gpu: no toleration for taint nvidia.com/gpu=present:NoSchedule"},
		{"gpu pod without selector or toleration", deployment("d", nil, nil, "1"), "pool cpu: asks for 1 nvidia.com/gpu, a node offers no GPUs"},
		{"too many gpus", deployment("e", gpuSel, []any{gpuToleration}, "8"), "pool gpu: asks for 8 nvidia.com/gpu, a node has 4"},
		{"unknown pool", deployment("f", map[string]any{"mlkube.io/pool": "tpu"}, nil, ""), "nodeSelector {mlkube.io/pool=tpu} does not match"},
		{"linux nodes (the kubelet's label, never sent)", deployment("h", map[string]any{"kubernetes.io/os": "linux", "mlkube.io/pool": "cpu"}, nil, ""), ""},
		{"arm64 nodes on amd64 pools", deployment("i", map[string]any{"kubernetes.io/arch": "arm64"}, nil, ""), "nodeSelector {kubernetes.io/arch=arm64} does not match"},
		{"wrong toleration value", deployment("g", gpuSel, []any{map[string]any{"key": "nvidia.com/gpu", "value": "absent"}}, "1"), "no toleration for taint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := only(findings(tt.r), "schedulable")
			var errs []Finding
			for _, f := range fs {
				if f.Severity == SeverityError {
					errs = append(errs, f)
				}
			}
			if tt.wantErr == "" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Message, tt.wantErr)
			assert.Contains(t, errs[0].Message, "Deployment ml/"+tt.r.Name)
			assert.Equal(t, tt.r.URN, errs[0].URN)
		})
	}
}

// TestSchedulableComparesGPUResource: a mixed-MIG pool's nodes offer
// nvidia.com/mig-<profile>, not nvidia.com/gpu; a pod must ask for what the
// pool offers, and the finding names both.
func TestSchedulableComparesGPUResource(t *testing.T) {
	mig := []config.NodePool{{Name: "mig", Max: 1, Labels: map[string]string{"mlkube.io/pool": "mig"},
		GPU: &config.GPU{Model: "a100", Count: 1, Sharing: config.Sharing{Mode: gpu.SharingMIG, MIGStrategy: gpu.MIGMixed, MIGProfile: "all-1g.10gb"}}}}
	asking := func(resource, n string) Resource {
		r := deployment("m", map[string]any{"mlkube.io/pool": "mig"}, nil, "")
		c := r.Inputs["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0]
		for _, side := range []string{"requests", "limits"} {
			c.(map[string]any)["resources"].(map[string]any)[side].(map[string]any)[resource] = n
		}
		return r
	}
	errors := func(r Resource) []string {
		var out []string
		for _, f := range only(check(&config.Config{}, mig, []Resource{r}), "schedulable") {
			if f.Severity == SeverityError {
				out = append(out, f.Message)
			}
		}
		return out
	}
	assert.Empty(t, errors(asking("nvidia.com/mig-1g.10gb", "7")))
	assert.Equal(t, []string{"Deployment ml/m fits no node pool: pool mig: asks for 1 nvidia.com/gpu, a node offers 7 nvidia.com/mig-1g.10gb"},
		errors(asking("nvidia.com/gpu", "1")))
	assert.Equal(t, []string{"Deployment ml/m fits no node pool: pool mig: asks for 8 nvidia.com/mig-1g.10gb, a node has 7"},
		errors(asking("nvidia.com/mig-1g.10gb", "8")))
}

func TestCPUPodOnlyOnGPUPoolWarns(t *testing.T) {
	fs := only(findings(deployment("x", map[string]any{"mlkube.io/pool": "gpu"}, []any{gpuToleration}, "")), "schedulable")
	require.Len(t, fs, 1)
	assert.Equal(t, SeverityWarning, fs[0].Severity)
}

func daemonSet(tolerations []any) Resource {
	return Resource{URN: "urn:ds", Type: "kubernetes:apps/v1:DaemonSet", Custom: true, Inputs: map[string]any{
		"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": map[string]any{"name": "fluent-bit", "namespace": "logging"},
		"spec": map[string]any{"template": map[string]any{"spec": map[string]any{"tolerations": tolerations,
			"containers": []any{map[string]any{"name": "c", "image": "fluent/fluent-bit:3.1.9"}}}}},
	}}
}

func TestDaemonSetCoverage(t *testing.T) {
	fs := only(findings(daemonSet(nil)), "gpu-daemonset-coverage")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "gpu (nvidia.com/gpu=present:NoSchedule)")
	assert.Empty(t, only(findings(daemonSet([]any{map[string]any{"operator": "Exists"}})), "gpu-daemonset-coverage"))
}

func TestImagesMustBePinned(t *testing.T) {
	r := deployment("a", map[string]any{"mlkube.io/pool": "cpu"}, nil, "")
	r.Inputs["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)["image"] = "r/i:latest"
	fs := only(findings(r), "image-pinned")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, `mutable tag "latest"`)
}

func namespace(labels, annotations map[string]any) Resource {
	return Resource{URN: "urn:ns", Type: "kubernetes:core/v1:Namespace", Custom: true, Inputs: map[string]any{
		"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": "x", "labels": labels, "annotations": annotations}}}
}

func TestNamespaceLabels(t *testing.T) {
	assert.Len(t, only(findings(namespace(nil, nil)), "pod-security-labels"), 1)
	assert.Empty(t, only(findings(namespace(map[string]any{labels.PodSecurityEnforce: "restricted"}, nil)), "pod-security-labels"))
	priv := map[string]any{labels.PodSecurityEnforce: "privileged"}
	assert.Len(t, only(findings(namespace(priv, nil)), "pod-security-labels"), 1)
	assert.Empty(t, only(findings(namespace(priv, map[string]any{labels.PrivilegedReason: "GPU driver on the host"})), "pod-security-labels"))
}

func TestCustomResourceWaitsForItsRelease(t *testing.T) {
	release := Resource{URN: "urn:release", Type: "kubernetes:helm.sh/v3:Release", Custom: true, Inputs: map[string]any{}}
	component := Resource{URN: "urn:comp", Type: "mlkube:addons:Monitoring"}
	child := Resource{URN: "urn:rel2", Type: "kubernetes:helm.sh/v3:Release", Parent: "urn:comp", Custom: true, Inputs: map[string]any{}}
	sm := func(deps ...string) Resource {
		return Resource{URN: "urn:sm", Type: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", Custom: true, DependsOn: deps,
			Inputs: map[string]any{"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": map[string]any{"name": "m", "namespace": "ml"}}}
	}
	assert.Len(t, only(findings(release, sm()), "crd-after-owner"), 1)
	assert.Empty(t, only(findings(release, sm("urn:release")), "crd-after-owner"))
	assert.Empty(t, only(findings(component, child, sm("urn:comp")), "crd-after-owner"), "a component that installs the CRD counts")

	cc := Resource{URN: "urn:cc", Type: "kubernetes:cloud.google.com/v1:ComputeClass", Custom: true,
		Inputs: map[string]any{"apiVersion": "cloud.google.com/v1", "kind": "ComputeClass", "metadata": map[string]any{"name": "mlkube-gpu"}}}
	served := func(kinds ...string) []Finding {
		return only(Check(Input{Config: &config.Config{}, Pools: cluster.PoolsFrom(pools()), Resources: []Resource{cc}, ServedKinds: kinds}), "crd-after-owner")
	}
	assert.Len(t, served(), 1, "a kind the cluster does not serve waits for its CRD")
	assert.Len(t, served("BackendConfig.cloud.google.com"), 1, "another kind of the same group is no excuse")
	assert.Empty(t, served("ComputeClass.cloud.google.com"), "a kind the cloud installs itself waits for nothing")
}

func pvc(purpose string, retain, protect bool) Resource {
	return Resource{URN: "urn:pvc", Type: "kubernetes:core/v1:PersistentVolumeClaim", Custom: true, Safeguards: Safeguards{RetainOnDelete: retain, Protect: protect},
		Inputs: map[string]any{"apiVersion": "v1", "kind": "PersistentVolumeClaim",
			"metadata": map[string]any{"name": "w", "namespace": "ml", "labels": map[string]any{labels.Purpose: purpose}}}}
}

func TestStatefulVolumesRetained(t *testing.T) {
	prod := &config.Config{Environment: config.EnvProduction}
	assert.Len(t, only(check(&config.Config{}, nil, []Resource{pvc("model", false, false)}), "stateful-retained"), 1)
	assert.Empty(t, only(check(&config.Config{}, nil, []Resource{pvc("model", true, false)}), "stateful-retained"))
	assert.Empty(t, only(check(&config.Config{}, nil, []Resource{pvc("data", false, false)}), "stateful-retained"))
	assert.Len(t, only(check(prod, nil, []Resource{pvc("checkpoint", true, false)}), "stateful-retained"), 1)
	assert.Empty(t, only(check(prod, nil, []Resource{pvc("checkpoint", true, true)}), "stateful-retained"))
	cl := Resource{URN: "urn:cluster", Type: testClusterType, Custom: true}
	assert.Len(t, only(check(prod, nil, []Resource{cl}), "stateful-retained"), 1)
}

func TestOpenEndpoint(t *testing.T) {
	c := &config.Config{Cluster: config.Cluster{Endpoint: config.Endpoint{Public: true, PublicCIDRs: []string{"203.0.113.0/24", "0.0.0.0/0"}}}}
	fs := only(check(c, nil, []Resource{{URN: "urn:eks", Type: "aws:eks/cluster:Cluster", Custom: true}}), "endpoint-open")
	require.Len(t, fs, 1)
	assert.Equal(t, "urn:eks", fs[0].URN)
	assert.Equal(t, SeverityError, fs[0].Severity)
}

func TestAvailability(t *testing.T) {
	d := deployment("a", map[string]any{"mlkube.io/pool": "cpu"}, nil, "")
	d.Inputs["spec"].(map[string]any)["replicas"] = 3.0
	d.Inputs["spec"].(map[string]any)["template"].(map[string]any)["metadata"] = map[string]any{"labels": map[string]any{"app": "a"}}
	fs := only(findings(d), "probes-and-pdb")
	require.Len(t, fs, 1)
	assert.True(t, strings.Contains(fs[0].Message, "without a PodDisruptionBudget"))
	pdb := Resource{URN: "urn:pdb", Type: "kubernetes:policy/v1:PodDisruptionBudget", Custom: true, Inputs: map[string]any{
		"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": map[string]any{"name": "a", "namespace": "ml"},
		"spec": map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"app": "a"}}}}}
	assert.Empty(t, only(findings(d, pdb), "probes-and-pdb"))
}

// A budget that allows no eviction at the Deployment's size stalls every
// node drain; the rule the inference component uses (maxUnavailable 1)
// never does.
func TestBudgetThatBlocksDrains(t *testing.T) {
	for _, tc := range []struct {
		name     string
		replicas any // nil: left to an HPA with minReplicas 1
		spec     map[string]any
		blocks   bool
	}{
		{"minAvailable 1 of 1", 1.0, map[string]any{"minAvailable": 1.0}, true},
		{"minAvailable 1 of 1 under an HPA", nil, map[string]any{"minAvailable": 1.0}, true},
		{"minAvailable 100%", 3.0, map[string]any{"minAvailable": "100%"}, true},
		{"maxUnavailable 0", 3.0, map[string]any{"maxUnavailable": 0.0}, true},
		{"maxUnavailable 1 of 1", 1.0, map[string]any{"maxUnavailable": 1.0}, false},
		{"maxUnavailable 1 under an HPA", nil, map[string]any{"maxUnavailable": 1.0}, false},
		{"minAvailable 1 of 2", 2.0, map[string]any{"minAvailable": 1.0}, false},
		{"maxUnavailable 10% of 3 rounds up", 3.0, map[string]any{"maxUnavailable": "10%"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := deployment("a", map[string]any{"mlkube.io/pool": "cpu"}, nil, "")
			spec := d.Inputs["spec"].(map[string]any)
			spec["template"].(map[string]any)["metadata"] = map[string]any{"labels": map[string]any{"app": "a"}}
			rs := []Resource{d}
			if tc.replicas == nil {
				delete(spec, "replicas")
				rs = append(rs, Resource{URN: "urn:hpa", Type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", Custom: true, Inputs: map[string]any{
					"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": map[string]any{"name": "a", "namespace": "ml"},
					"spec": map[string]any{"minReplicas": 1.0, "maxReplicas": 4.0, "scaleTargetRef": map[string]any{"kind": "Deployment", "name": "a"}}}})
			} else {
				spec["replicas"] = tc.replicas
			}
			pdbSpec := map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"app": "a"}}}
			for k, v := range tc.spec {
				pdbSpec[k] = v
			}
			rs = append(rs, Resource{URN: "urn:pdb", Type: "kubernetes:policy/v1:PodDisruptionBudget", Custom: true, Inputs: map[string]any{
				"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": map[string]any{"name": "a", "namespace": "ml"}, "spec": pdbSpec}})
			fs := only(findings(rs...), "probes-and-pdb")
			if !tc.blocks {
				assert.Empty(t, fs)
				return
			}
			require.Len(t, fs, 1)
			assert.Equal(t, "urn:pdb", fs[0].URN)
			assert.Contains(t, fs[0].Message, "allows no eviction")
		})
	}
}

func TestFindingsSortedErrorsFirst(t *testing.T) {
	fs := findings(daemonSet(nil), deployment("c", map[string]any{"mlkube.io/pool": "gpu"}, nil, "1"))
	require.GreaterOrEqual(t, len(fs), 2)
	assert.Equal(t, SeverityError, fs[0].Severity)
	assert.Equal(t, SeverityWarning, fs[len(fs)-1].Severity)
}

func TestNamespaceFirst(t *testing.T) {
	ns := namespace(map[string]any{labels.PodSecurityEnforce: "restricted"}, nil)
	ns.Inputs["metadata"].(map[string]any)["name"] = "ml"
	d := deployment("a", map[string]any{"mlkube.io/pool": "cpu"}, nil, "")
	fs := only(findings(ns, d), "namespace-first")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "Deployment ml/a does not wait for its Namespace ml")

	sa := Resource{URN: "urn:sa", Type: "kubernetes:core/v1:ServiceAccount", Custom: true, DependsOn: []string{"urn:ns"},
		Inputs: map[string]any{"kind": "ServiceAccount", "metadata": map[string]any{"name": "a", "namespace": "ml"}}}
	d.DependsOn = []string{"urn:sa"}
	assert.Empty(t, only(findings(ns, sa, d), "namespace-first"), "a transitive dependency counts")
}

func TestVolumeClass(t *testing.T) {
	class := func(name, provisioner string) Resource {
		return Resource{URN: "urn:sc-" + name, Type: "kubernetes:storage.k8s.io/v1:StorageClass", Custom: true,
			Inputs: map[string]any{"kind": "StorageClass", "metadata": map[string]any{"name": name}, "provisioner": provisioner}}
	}
	claim := func(class, mode string) Resource {
		r := pvc("data", false, false)
		r.Inputs["spec"] = map[string]any{"storageClassName": class, "accessModes": []any{mode}}
		return r
	}
	assert.Empty(t, only(findings(class("mlkube-standard", testBlockProvisioner), claim("mlkube-standard", "ReadWriteOnce")), "volume-class"))
	assert.Len(t, only(findings(class("mlkube-standard", testBlockProvisioner), claim("mlkube-standard", "ReadWriteMany")), "volume-class"), 1)
	assert.Empty(t, only(findings(class("mlkube-shared", "shared.csi.example.com"), claim("mlkube-shared", "ReadWriteMany")), "volume-class"))
	fs := only(findings(claim("mlkube-shared", "ReadWriteMany")), "volume-class")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "does not create")
}

// testClusterType stands for a provider's stateful cluster type.
const testClusterType = "test:index:Cluster"

// testBlockProvisioner attaches a volume to one node at a time.
const testBlockProvisioner = "block.csi.example.com"

func check(cfg *config.Config, pools []config.NodePool, rs []Resource) []Finding {
	return Check(Input{Config: cfg, Pools: cluster.PoolsFrom(pools), Resources: rs, Stateful: []string{testClusterType}, BlockProvisioners: []string{testBlockProvisioner}})
}
