package kubeadm

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/helmrelease"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/mlkube/mlkube/providers/kubeadm/kubeadmtest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-test-key\n-----END OPENSSH PRIVATE KEY-----\n"

const (
	testCluster = `{"provider":"kubeadm","name":"lab","kubernetesVersion":"1.33","kubeadm":{
		"firewall":"ufw","metallb":{"addresses":["192.0.2.240-192.0.2.250"]},"nfs":{"server":"192.0.2.5","path":"/exports/ml"},
		"hosts":[
			{"name":"cp-0","address":"192.0.2.10","role":"controlPlane"},
			{"address":"192.0.2.21","pool":"system","sshUser":"ubuntu"},
			{"address":"192.0.2.22","pool":"system"},
			{"address":"192.0.2.31","pool":"gpu","sshPort":2222},
			{"address":"192.0.2.32","pool":"gpu"}]}}`
	testPools = `[{"name":"system","machineType":"onprem-cpu-32","min":2,"max":2},
		{"name":"gpu","machineType":"onprem-gpu-l40s-4","min":2,"max":2,"gpu":{"model":"l40s","count":4}}]`
	// Two servers: the control plane runs system pods (no untainted worker pool).
	twoServers = `{"provider":"kubeadm","name":"duo","kubeadm":{"hosts":[
			{"name":"cp","address":"192.0.2.10","role":"controlPlane","pool":"system"},
			{"address":"192.0.2.31","pool":"gpu"}]}}`
	twoPools = `[{"name":"system","machineType":"onprem-cpu-32","min":1,"max":1},
		{"name":"gpu","machineType":"onprem-gpu-l40s-4","min":1,"max":1,"gpu":{"model":"l40s","count":4}}]`
)

func parse(t *testing.T, clusterJSON, poolsJSON, key string) *config.Config {
	t.Helper()
	raw := map[string]string{"mlkube:cluster": clusterJSON, "mlkube:nodePools": poolsJSON}
	if key != "" {
		raw["mlkube:sshPrivateKey"] = key
	}
	cfg, err := config.Parse("mlkube", "test", raw)
	require.NoError(t, err)
	return cfg
}

type run = mocktest.ClusterRun

func runNew(t *testing.T, cfg *config.Config) *run {
	t.Helper()
	r := mocktest.RunCluster(t, mocktest.New(Provider.Offline()), func(ctx *pulumi.Context) (*cluster.Cluster, error) {
		return Provider.New(ctx, cfg.Cluster.Name, cfg)
	})
	require.NoError(t, r.Err)
	return r
}

// deps are the URNs a registration waits for: explicit and through inputs.
var deps = mocktest.Waits

func waitsFor(a pulumi.MockResourceArgs, name string) bool {
	for _, d := range deps(a) {
		if strings.HasSuffix(d, "::"+name) {
			return true
		}
	}
	return false
}

// Every worker joins as soon as the control plane is up: its join waits
// for the init and its own host's preparation, never for another worker.
func TestJoinsWaitForInitOnly(t *testing.T) {
	r := runNew(t, parse(t, testCluster, testPools, testKey))
	joins := r.Rec.ByType(CommandType)
	var names []string
	for _, c := range joins {
		if strings.HasSuffix(c.Name, "-join") {
			names = append(names, c.Name)
		}
	}
	require.Equal(t, []string{"gpu-0-join", "gpu-1-join", "system-0-join", "system-1-join"}, names)
	workers := []string{"system-0", "system-1", "gpu-0", "gpu-1"}
	for _, w := range workers {
		j := r.Rec.One(t, CommandType, w+"-join")
		assert.True(t, waitsFor(j, "cp-0-init"), "%s waits for kubeadm init", w)
		assert.True(t, waitsFor(j, w+"-firewall"), "%s waits for its own host's last preparation step", w)
		for _, d := range deps(j) {
			if !strings.Contains(d, "::"+CommandType+"::") {
				continue // the generated CA and token
			}
			name := d[strings.LastIndex(d, "::")+2:]
			assert.True(t, name == "cp-0-init" || strings.HasPrefix(name, w+"-"), "%s join waits for command %s", w, name)
		}
		for _, other := range workers {
			if other != w {
				for _, d := range deps(j) {
					assert.NotContains(t, d, "::"+other+"-", "%s must not wait for worker %s", w, other)
				}
			}
		}
		// The node command on the control plane drains before the reset.
		n := r.Rec.One(t, CommandType, w+"-node")
		assert.True(t, waitsFor(n, w+"-join"), "the drain command depends on the join, so it is deleted (drains) first")
		assert.Equal(t, "192.0.2.10", plainObject(n.Inputs["connection"])["host"].StringValue(), "drain runs on the control plane")
		assert.Contains(t, n.Inputs["delete"].StringValue(), "kubectl drain")
		assert.Contains(t, j.Inputs["delete"].StringValue(), "kubeadm reset")
	}
	// Host preparation is a chain per host; the control plane's init waits
	// for the CA on the host, which waits for the preparation.
	assert.True(t, waitsFor(r.Rec.One(t, CommandType, "gpu-1-packages"), "gpu-1-containerd"))
	assert.True(t, waitsFor(r.Rec.One(t, CommandType, "cp-0-init"), "cp-0-pki"))
	assert.True(t, waitsFor(r.Rec.One(t, CommandType, "cp-0-pki"), "cp-0-firewall"))
	assert.True(t, waitsFor(r.Rec.One(t, "pulumi:providers:kubernetes", "lab"), "cp-0-init"), "the Kubernetes provider waits for the API server")
	assert.Equal(t, 2222.0, plainObject(r.Rec.One(t, CommandType, "gpu-0-join").Inputs["connection"])["port"].NumberValue())
}

// plainObject is an object input, unwrapped when it is secret.
func plainObject(v resource.PropertyValue) resource.PropertyMap {
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v.ObjectValue()
}

// plainStrings are every string in v outside secrets.
func plainStrings(v resource.PropertyValue, out *[]string) {
	switch {
	case v.IsSecret():
		return
	case v.IsString():
		*out = append(*out, v.StringValue())
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			plainStrings(e, out)
		}
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			plainStrings(e, out)
		}
	}
}

// No secret appears in plain text in any input: the SSH key, the
// bootstrap token, the CA key (and the admin key).
func TestNoSecretInPlainText(t *testing.T) {
	r := runNew(t, parse(t, testCluster, testPools, testKey))
	caKey := kubeadmtest.FakePEM("RSA PRIVATE KEY", "lab-ca")
	adminKey := kubeadmtest.FakePEM("RSA PRIVATE KEY", "lab-admin")
	var id, sec string
	for _, a := range r.Rec.ByType("random:index/randomString:RandomString") {
		res := kubeadmtest.Outputs[a.TypeToken](a)["result"].StringValue()
		if strings.HasSuffix(a.Name, "token-id") {
			id = res
		} else {
			sec = res
		}
	}
	require.Len(t, id, 6)
	require.Len(t, sec, 16)
	token := id + "." + sec
	secrets := map[string]string{"ssh key": strings.TrimSpace(testKey), "token": token, "token secret": sec,
		"CA key": strings.TrimSpace(caKey), "admin key": strings.TrimSpace(adminKey)}

	sawSecret := map[string]bool{}
	for _, a := range r.Rec.All() {
		var plain []string
		plainStrings(resource.NewObjectProperty(a.Inputs), &plain)
		for _, s := range plain {
			for what, secret := range secrets {
				assert.NotContains(t, s, secret, "%s %s has the %s in plain text", a.TypeToken, a.Name, what)
			}
		}
		for k, v := range a.Inputs {
			if v.IsSecret() {
				sawSecret[a.Name+"."+string(k)] = true
			}
		}
	}
	// The secrets are there, as secrets.
	for _, k := range []string{"cp-0-pki.stdin", "cp-0-init.stdin", "gpu-0-join.stdin", "gpu-0-swap.connection", "lab-admin.caPrivateKeyPem", "lab.kubeconfig"} {
		assert.True(t, sawSecret[k], "%s is a secret input", k)
	}
	join := r.Rec.One(t, CommandType, "gpu-0-join").Inputs["stdin"].SecretValue().Element.StringValue()
	assert.Contains(t, join, "token: "+token)
	assert.Contains(t, join, "sha256:")
	init := r.Rec.One(t, CommandType, "cp-0-init").Inputs["stdin"].SecretValue().Element.StringValue()
	assert.Contains(t, init, "token: "+token)
	assert.Contains(t, r.Rec.One(t, CommandType, "cp-0-init").RegisterRPC.GetAdditionalSecretOutputs(), "stdout", "kubeadm init prints the token")
	assert.True(t, pulumi.IsSecret(r.Cluster.Kubeconfig))
}

// The CA pin in every join is the hash of the CA's public key, computed in
// the program from the generated key.
func TestCAHashPin(t *testing.T) {
	r := runNew(t, parse(t, testCluster, testPools, ""))
	want, err := CAHash(kubeadmtest.FakePEM("PUBLIC KEY", "lab-ca"))
	require.NoError(t, err)
	require.Regexp(t, `^sha256:[0-9a-f]{64}$`, want)
	for _, w := range []string{"system-0", "gpu-1"} {
		join := r.Rec.One(t, CommandType, w+"-join").Inputs["stdin"].SecretValue().Element.StringValue()
		assert.Contains(t, join, want, w)
	}
	_, err = CAHash("not a pem")
	assert.Error(t, err)
	// Without a key the SSH agent is used: no privateKey input at all.
	conn := plainObject(r.Rec.One(t, CommandType, "cp-0-swap").Inputs["connection"])
	_, has := conn["privateKey"]
	assert.False(t, has)
}

func TestClusterContract(t *testing.T) {
	r := runNew(t, parse(t, testCluster, testPools, testKey))
	c := r.Cluster
	assert.Equal(t, "kubeadm", c.Kind)
	assert.False(t, c.Capabilities.ManagedAutoscaling)
	assert.Empty(t, c.Capabilities.AutoscalerCloudProvider, "fixed pools: no cluster autoscaler")
	assert.False(t, c.Capabilities.GPUDriverPreinstalled, "the GPU operator installs the driver by default")
	assert.False(t, c.Capabilities.ContainerToolkitPreinstalled)
	assert.True(t, c.Capabilities.KubeletCertsUnsigned)
	assert.False(t, c.Capabilities.ManagedControlPlane)
	assert.True(t, c.Capabilities.NetworkPolicyEnforced, "Calico enforces NetworkPolicy")
	assert.False(t, capabilities(&Options{CNI: "none"}).NetworkPolicyEnforced, "a CNI of the stack's own is not vouched for")
	assert.Equal(t, LocalPathProvisioner, c.Storage.Standard.Provisioner)
	require.NotNil(t, c.Storage.Shared)
	assert.Equal(t, NFSProvisioner, c.Storage.Shared.Provisioner)
	assert.Len(t, c.NodesReady, 6, "init, four node registrations, Calico")

	assert.Contains(t, r.Kubeconfig, "server: https://192.0.2.10:6443")
	assert.Contains(t, r.Kubeconfig, "client-certificate-data:")
	csr := r.Rec.One(t, "tls:index/certRequest:CertRequest", "lab-admin")
	assert.Equal(t, AdminGroup, csr.Inputs["subject"].ObjectValue()["organization"].StringValue())
	ca := r.Rec.One(t, "tls:index/selfSignedCert:SelfSignedCert", "lab-ca")
	assert.True(t, ca.Inputs["isCaCertificate"].BoolValue())

	rel := r.Rec.One(t, "kubernetes:helm.sh/v3:Release", "lab-tigera-operator")
	pools := rel.Inputs["values"].ObjectValue()["installation"].ObjectValue()["calicoNetwork"].ObjectValue()["ipPools"].ArrayValue()
	assert.Equal(t, DefaultPodCIDR, pools[0].ObjectValue()["cidr"].StringValue())
	pool := r.Rec.One(t, "kubernetes:metallb.io/v1beta1:IPAddressPool", "lab-address-pool")
	assert.True(t, waitsFor(pool, "lab-metallb"), "the address pool waits for the release that installs its CRD")
	metallb := r.Rec.One(t, "kubernetes:helm.sh/v3:Release", "lab-metallb")
	tol := metallb.Inputs["values"].ObjectValue()["speaker"].ObjectValue()["tolerations"].ArrayValue()
	require.Len(t, tol, 1)
	assert.Equal(t, "nvidia.com/gpu", tol[0].ObjectValue()["key"].StringValue(), "the speaker announces from GPU servers too")
	assert.Equal(t, "192.0.2.240-192.0.2.250", pool.Inputs["spec"].ObjectValue()["addresses"].ArrayValue()[0].StringValue())
	nfs := r.Rec.One(t, "kubernetes:helm.sh/v3:Release", "lab-nfs-subdir-external-provisioner")
	assert.Equal(t, "192.0.2.5", nfs.Inputs["values"].ObjectValue()["nfs"].ObjectValue()["server"].StringValue())
	// The provider's releases are built as the addons' are (internal/helmrelease).
	for _, rel := range r.Rec.ByType("kubernetes:helm.sh/v3:Release") {
		in := rel.Inputs
		assert.Equal(t, float64(helmrelease.MaxHistory), in["maxHistory"].NumberValue(), rel.Name)
		assert.False(t, in["atomic"].BoolValue(), rel.Name)
		assert.True(t, in["cleanupOnFail"].BoolValue(), rel.Name)
		assert.False(t, in["skipAwait"].BoolValue(), rel.Name)
		assert.False(t, in["createNamespace"].BoolValue(), rel.Name)
		assert.Equal(t, strings.TrimPrefix(rel.Name, "lab-"), in["name"].StringValue(), "the Helm release is named after its chart")
	}
	lp := r.Rec.One(t, "kubernetes:yaml/v2:ConfigGroup", "lab-local-path")
	assert.Contains(t, lp.Inputs["yaml"].StringValue(), "storageclass.kubernetes.io/is-default-class")

	// Control plane taint kept: the system pool has workers.
	init := r.Rec.One(t, CommandType, "cp-0-init").Inputs["stdin"].SecretValue().Element.StringValue()
	assert.Contains(t, init, "node-role.kubernetes.io/control-plane")
	join := r.Rec.One(t, CommandType, "gpu-0-join").Inputs["stdin"].SecretValue().Element.StringValue()
	assert.Contains(t, join, "nvidia.com/gpu", "GPU pools join with the GPU taint")
	assert.Contains(t, join, "mlkube.io/pool=gpu")
}

// Two servers (a control plane and a GPU worker): the control plane is
// untainted and carries the system pool's labels; no NFS, no MetalLB.
func TestTwoServers(t *testing.T) {
	r := runNew(t, parse(t, twoServers, twoPools, ""))
	init := r.Rec.One(t, CommandType, "cp-init").Inputs["stdin"].SecretValue().Element.StringValue()
	assert.NotContains(t, init, "node-role.kubernetes.io/control-plane")
	assert.Contains(t, init, "taints: []")
	assert.Contains(t, init, "mlkube.io/pool=system")
	assert.Nil(t, r.Cluster.Storage.Shared)
	assert.Empty(t, r.Rec.ByType("kubernetes:metallb.io/v1beta1:IPAddressPool"))
	assert.Empty(t, r.Rec.ByType("kubernetes:helm.sh/v3:Release")[1:], "Calico only")
	for _, c := range r.Rec.ByType(CommandType) {
		assert.False(t, strings.HasSuffix(c.Name, "-firewall"), "firewall: none by default")
	}
}

func TestProtectedInProduction(t *testing.T) {
	cfg := parse(t, twoServers, twoPools, "")
	cfg.Environment = config.EnvProduction
	r := runNew(t, cfg)
	assert.True(t, r.Rec.One(t, "tls:index/privateKey:PrivateKey", "duo-ca").RegisterRPC.GetProtect())
	assert.True(t, r.Rec.One(t, CommandType, "cp-init").RegisterRPC.GetProtect())
	assert.False(t, r.Rec.One(t, CommandType, "gpu-0-join").RegisterRPC.GetProtect(), "workers come and go")
}
