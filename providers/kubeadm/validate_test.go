package kubeadm

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	cases := []struct {
		name, cluster, pools string
		want                 []string // substrings of the error; none: valid
	}{
		{"valid", testCluster, testPools, nil},
		{"two servers", twoServers, twoPools, nil},
		{"no hosts", `{"provider":"kubeadm","name":"x","kubeadm":{}}`, twoPools,
			[]string{"cluster.kubeadm.hosts: must list the cluster's servers"}},
		{"unknown key", `{"provider":"kubeadm","name":"x","kubeadm":{"hostz":[]}}`, twoPools,
			[]string{"cluster.kubeadm.hostz"}},
		{"two control planes, bad role, unknown pool, worker without pool", `{"provider":"kubeadm","name":"x","kubeadm":{"hosts":[
			{"address":"192.0.2.1","role":"controlPlane","pool":"system"},{"address":"192.0.2.2","role":"controlPlane"},
			{"address":"192.0.2.3","role":"master"},{"address":"192.0.2.4","pool":"gpus"},{"address":"192.0.2.5"}]}}`, twoPools,
			[]string{"cluster.kubeadm.hosts: must have exactly one host with role controlPlane, got 2",
				"cluster.kubeadm.hosts[2].role: must be controlPlane or worker",
				`cluster.kubeadm.hosts[3].pool: names no pool in nodePools, got "gpus"`,
				"cluster.kubeadm.hosts[4].pool: is required for a worker",
				"nodePools[1]: pool gpu has no host in cluster.kubeadm.hosts"}},
		{"pool size is its hosts", testCluster, `[{"name":"system","machineType":"onprem-cpu-32","min":1,"max":3},
			{"name":"gpu","machineType":"onprem-gpu-l40s-4","min":2,"max":2,"gpu":{"model":"l40s","count":4}}]`,
			[]string{"nodePools[0]: pool system has 2 host(s) in cluster.kubeadm.hosts, so min and max must both be 2"}},
		{"addresses and names", `{"provider":"kubeadm","name":"x","kubeadm":{"hosts":[
			{"address":"192.0.2.1","role":"controlPlane","pool":"system"},{"address":"not an address!","pool":"gpu"},
			{"name":"Bad_Name","address":"192.0.2.1","pool":"gpu","sshUser":"Root User"}]}}`,
			`[{"name":"system","min":1,"max":1},{"name":"gpu","min":2,"max":2,"gpu":{"model":"l40s","count":4}}]`,
			[]string{"cluster.kubeadm.hosts[1].address: must be an IP address or DNS name",
				`cluster.kubeadm.hosts[2].address: duplicates another host's address "192.0.2.1"`,
				"cluster.kubeadm.hosts[2].name: is not a valid node name",
				"cluster.kubeadm.hosts[2].sshUser: must be a user name"}},
		{"network", `{"provider":"kubeadm","name":"x","kubeadm":{"podCIDR":"192.0.2.0/24","serviceCIDR":"192.0.2.128/25",
			"cni":"flannel","firewall":"iptables","controlPlaneEndpoint":"bad endpoint:",
			"metallb":{"addresses":["192.0.2.300-1"]},"nfs":{"server":"","path":"exports"},
			"hosts":[{"address":"192.0.2.1","role":"controlPlane","pool":"system"},{"address":"198.51.100.2","pool":"gpu"}]}}`, twoPools,
			[]string{"cluster.kubeadm.serviceCIDR: overlaps podCIDR",
				"cluster.kubeadm.hosts[0].address: 192.0.2.1 lies inside podCIDR",
				"cluster.kubeadm.cni: must be calico or none",
				"cluster.kubeadm.firewall: must be ufw, firewalld or none",
				"cluster.kubeadm.controlPlaneEndpoint: must be a host or host:port",
				"cluster.kubeadm.metallb.addresses[0]: must be an address range",
				"cluster.kubeadm.nfs.server: must be an IP address or DNS name",
				"cluster.kubeadm.nfs.path: must be an absolute export path"}},
		{"kubelet may not set kubernetes.io labels", `{"provider":"kubeadm","name":"x","kubeadm":{"hosts":[
			{"address":"192.0.2.1","role":"controlPlane","pool":"system"}]}}`,
			`[{"name":"system","min":1,"max":1,"labels":{"node-role.kubernetes.io/worker":"","node.kubernetes.io/rack":"r1"}}]`,
			[]string{"nodePools[0].labels.node-role.kubernetes.io/worker: a kubelet may not set labels"}},
		{"unpinned minor", `{"provider":"kubeadm","name":"x","kubernetesVersion":"1.29","kubeadm":{"hosts":[
			{"address":"192.0.2.1","role":"controlPlane","pool":"system"}]}}`, `[{"name":"system","min":1,"max":1}]`,
			[]string{`cluster.kubernetesVersion: kubeadm clusters are pinned to a patch release per minor; "1.29" has none`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := config.Parse("mlkube", "test", map[string]string{"mlkube:cluster": c.cluster, "mlkube:nodePools": c.pools})
			require.NoError(t, err)
			err = Validate(cfg)
			if len(c.want) == 0 {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	// The node-label rule lets through what a kubelet may set.
	assert.True(t, kubeletMaySet("node.kubernetes.io/rack"))
	assert.True(t, kubeletMaySet("mlkube.io/pool"))
	assert.False(t, kubeletMaySet("node-role.kubernetes.io/worker"))
}

func TestDefaults(t *testing.T) {
	o, err := decodeOptions(parse(t, testCluster, testPools, ""))
	require.NoError(t, err)
	assert.Equal(t, "192.0.2.10:6443", o.ControlPlaneEndpoint)
	assert.Equal(t, []string{"cp-0", "system-0", "system-1", "gpu-0", "gpu-1"}, []string{o.Hosts[0].Name, o.Hosts[1].Name, o.Hosts[2].Name, o.Hosts[3].Name, o.Hosts[4].Name})
	assert.Equal(t, "root", o.Hosts[2].SSHUser)
	assert.Equal(t, 22, o.Hosts[2].SSHPort)
	assert.Equal(t, CNICalico, o.CNI)
	assert.Equal(t, []string{"192.0.2.10"}, certSANs(o))
}
