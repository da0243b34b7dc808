package kubeadm

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allScripts are every script the provider generates, for the options given.
func allScripts(o *Options) map[string]string {
	out := map[string]string{
		"pki":        pkiScript(FakeCACert),
		"init":       initScript(),
		"join":       joinScript(),
		"reset":      resetScript(),
		"node-ready": nodeReadyScript("gpu-0"),
		"drain":      drainScript("gpu-0"),
	}
	for _, s := range prepSteps(o, "1.33") {
		out[s.Name+"-"+o.Firewall] = s.Script
	}
	return out
}

// FakeCACert stands in for the CA certificate in the pki script.
const FakeCACert = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----"

func scriptOptions(firewall string) *Options {
	return &Options{
		Firewall: firewall,
		CNI:      CNICalico,
		MetalLB:  &MetalLB{Addresses: []string{"192.0.2.240-192.0.2.250"}},
		// The clients' blocks are linted too.
		FirewallAllow: []string{"198.51.100.0/24", "2001:db8::/32"},
		Hosts: []Host{
			{Name: "cp-0", Address: "192.0.2.10", Role: RoleControlPlane},
			{Name: "gpu-0", Address: "192.0.2.31", Role: RoleWorker, Pool: "gpu"},
		},
	}
}

// Every generated script passes shellcheck (Debian package `shellcheck`).
func TestScriptsPassShellcheck(t *testing.T) {
	bin, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed (apt-get install -y shellcheck): the generated host scripts are not linted")
	}
	dir := t.TempDir()
	scripts := map[string]string{}
	for _, fw := range []string{FirewallUFW, FirewallD, FirewallNone} {
		for name, s := range allScripts(scriptOptions(fw)) {
			scripts[name] = s
		}
	}
	require.GreaterOrEqual(t, len(scripts), 12, "every script kind, both firewalls")
	for name, s := range scripts {
		path := filepath.Join(dir, name+".sh")
		require.NoError(t, os.WriteFile(path, []byte(s), 0o644))
		out, err := exec.Command(bin, "--shell=bash", "--severity=style", path).CombinedOutput()
		assert.NoError(t, err, "shellcheck %s:\n%s\n--- script ---\n%s", name, out, s)
	}
}

func TestPrepStepsInOrder(t *testing.T) {
	o := scriptOptions(FirewallUFW)
	var names []string
	for _, s := range prepSteps(o, "1.33") {
		names = append(names, s.Name)
		assert.True(t, strings.HasPrefix(s.Script, "#!/usr/bin/env bash\n"), s.Name)
		assert.Contains(t, s.Script, "set -euo pipefail", s.Name)
	}
	assert.Equal(t, []string{"swap", "kernel", "containerd", "packages", "firewall"}, names)

	o.Firewall = FirewallNone
	names = nil
	for _, s := range prepSteps(o, "1.33") {
		names = append(names, s.Name)
	}
	assert.NotContains(t, names, "firewall", "no firewall step when the hosts' firewall is not managed")
}

func TestScriptContents(t *testing.T) {
	steps := map[string]string{}
	for _, s := range prepSteps(scriptOptions(FirewallUFW), "1.33") {
		steps[s.Name] = s.Script
	}
	pk := steps["packages"]
	assert.Contains(t, pk, "minor='v1.33'", "the minor's repository on pkgs.k8s.io")
	assert.Contains(t, pk, "version='1.33.4'", "the pinned patch")
	assert.Contains(t, pk, `"kubeadm=${version}-*"`)
	assert.Contains(t, pk, "apt-mark hold kubelet kubeadm kubectl")
	assert.Contains(t, steps["containerd"], "SystemdCgroup = true")
	assert.Contains(t, steps["swap"], "swapoff -a")
	assert.Contains(t, steps["kernel"], "br_netfilter")
	assert.Contains(t, steps["kernel"], "net.ipv4.ip_forward = 1")

	fw := steps["firewall"]
	for _, port := range []string{"'6443'", "'2379:2380'", "'10250'", "'10257'", "'10259'", "'30000:32767'", "'4789'", "'7946'"} {
		assert.Contains(t, fw, port)
	}
	assert.Contains(t, fw, "peers=( '192.0.2.10' '192.0.2.31' )", "open to the cluster's hosts only")
	assert.NotContains(t, fw, "ufw enable", "the firewall is not switched on or off")

	d := firewallScript(&Options{Firewall: FirewallD, CNI: CNINone, Hosts: scriptOptions(FirewallD).Hosts})
	assert.Contains(t, d, "firewall-cmd --permanent --zone=\"$zone\" --add-source=\"$peer\"")
	assert.NotContains(t, d, "'4789'", "no Calico ports without Calico")

	assert.Contains(t, drainScript("gpu-0"), `kubectl drain "$node" --ignore-daemonsets`)
	assert.Contains(t, drainScript("gpu-0"), "node='gpu-0'")
	assert.Contains(t, resetScript(), "kubeadm reset --force")
	assert.Contains(t, initScript(), "kubeadm token create")
	assert.Contains(t, pkiScript(FakeCACert), "MIIBfake", "the CA certificate is in the script; the key comes on stdin")
}

func TestQuote(t *testing.T) {
	assert.Equal(t, `'it'\''s'`, quote("it's"))
	assert.Equal(t, `'$(rm -rf /)'`, quote("$(rm -rf /)"))
}
