package kubeadm

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFirewallOpensTheAPIServerAndNodePortsToItsClients(t *testing.T) {
	ufw := firewallScript(scriptOptions(FirewallUFW))
	assert.Contains(t, ufw, "clients=( '198.51.100.0/24' '2001:db8::/32' )")
	assert.Contains(t, ufw, "client_tcp_ports=( '6443' '30000:32767' )", "the API server and the NodePorts, nothing else")
	assert.Contains(t, ufw, `ufw allow proto tcp from "$client" to any port "$port" comment mlkube-clients`)
	assert.Contains(t, ufw, "peers=( '192.0.2.10' '192.0.2.31' )", "the hosts keep every cluster port")

	d := firewallScript(scriptOptions(FirewallD))
	assert.Contains(t, d, `firewall-cmd --permanent --zone="$client_zone" --add-source="$client"`)
	assert.Contains(t, d, `firewall-cmd --permanent --zone="$client_zone" --add-port="${port/:/-}/tcp"`)
	assert.Less(t, strings.Index(d, "client_zone=mlkube-clients"), strings.Index(d, "firewall-cmd --reload"), "the clients' zone is in place before the reload")

	o := scriptOptions(FirewallUFW)
	o.FirewallAllow = nil
	closed := firewallScript(o)
	assert.NotContains(t, closed, "clients=", "without firewallAllow only the hosts are let in")
	assert.NotContains(t, closed, "mlkube-clients")
}

func TestFirewallAllowValidation(t *testing.T) {
	for _, tc := range []struct {
		name, env, firewall, allow string
		want                       []string // error lines; none: valid
	}{
		{"operator and clients", "production", "ufw", `["198.51.100.0/24", "203.0.113.7/32"]`, nil},
		{"everything outside production", "dev", "ufw", `["0.0.0.0/0"]`, nil},
		{"everything in production", "production", "firewalld", `["198.51.100.0/24", "0.0.0.0/0", "::/0"]`, []string{
			"cluster.kubeadm.firewallAllow[1]: opens the API server and the NodePorts to every address, which production refuses: list the networks of the operators and the services' clients",
			"cluster.kubeadm.firewallAllow[2]: opens the API server and the NodePorts to every address, which production refuses: list the networks of the operators and the services' clients",
		}},
		{"not CIDRs, host bits, repeats", "dev", "ufw", `["198.51.100.7", "198.51.100.1/24", "203.0.113.0/24", "203.0.113.0/24"]`, []string{
			`cluster.kubeadm.firewallAllow[0]: must be a CIDR such as 198.51.100.0/24 (one address: 198.51.100.7/32), got "198.51.100.7"`,
			`cluster.kubeadm.firewallAllow[1]: must be written as its network, 198.51.100.0/24, got "198.51.100.1/24"`,
			"cluster.kubeadm.firewallAllow[3]: repeats 203.0.113.0/24",
		}},
		{"no firewall to open", "dev", "none", `["198.51.100.0/24"]`, []string{
			"cluster.kubeadm.firewallAllow: applies only with firewall: ufw or firewalld (with none, mlkube does not touch the hosts' firewall)",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cluster := `{"provider":"kubeadm","name":"duo","kubeadm":{"firewall":"` + tc.firewall + `","firewallAllow":` + tc.allow + `,"hosts":[
				{"name":"cp","address":"192.0.2.10","role":"controlPlane","pool":"system"},{"address":"192.0.2.31","pool":"gpu"}]}}`
			cfg, err := config.Parse("mlkube", "test", map[string]string{"mlkube:environment": tc.env, "mlkube:cluster": cluster, "mlkube:nodePools": twoPools})
			require.NoError(t, err)
			err = Validate(cfg)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			var list config.Errors
			require.ErrorAs(t, err, &list)
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestTeamGroupsAreCertificateOrganizations(t *testing.T) {
	cfg, err := config.Parse("mlkube", "test", map[string]string{"mlkube:cluster": twoServers, "mlkube:nodePools": twoPools,
		"mlkube:workloads": `{"teams": [{"name": "ml", "groups": ["ml-engineers", "system:masters", "ops,admins"]}]}`})
	require.NoError(t, err)
	var list config.Errors
	require.ErrorAs(t, Validate(cfg), &list)
	var got []string
	for _, e := range list {
		got = append(got, e.Error())
	}
	assert.Equal(t, []string{
		`workloads.teams[0].groups[1]: must not be a system: group (system:masters bypasses RBAC), got "system:masters"`,
		`workloads.teams[0].groups[2]: must be a certificate Organization without , / = + \ " < > ; # or surrounding spaces, got "ops,admins"`,
	}, got)
}
