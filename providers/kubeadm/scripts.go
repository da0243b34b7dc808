package kubeadm

import (
	"bytes"
	"strings"
	"text/template"
)

// Every host script is generated from a template below and runs over SSH
// in the SSH user's login shell (bash), as root or through password-less
// sudo. Each one is idempotent: it checks before it changes, so a re-run (a
// retried `pulumi up`, a changed input) leaves a prepared host as it is.
// The scripts assume Debian or Ubuntu hosts (apt, systemd).

var swapTmpl = `
# The kubelet refuses to run with swap on.
swapoff -a
if grep -Eq '^[^#].*[[:space:]]swap[[:space:]]' /etc/fstab; then
  sed -ri 's/^([^#].*[[:space:]]swap[[:space:]].*)$/# \1/' /etc/fstab
fi
`

var kernelTmpl = `
# Modules and sysctls for container networking: bridged traffic through
# iptables, forwarding between pods and hosts.
printf '%s\n' overlay br_netfilter > /etc/modules-load.d/mlkube-kubernetes.conf
modprobe overlay
modprobe br_netfilter
printf '%s\n' \
  'net.bridge.bridge-nf-call-iptables = 1' \
  'net.bridge.bridge-nf-call-ip6tables = 1' \
  'net.ipv4.ip_forward = 1' > /etc/sysctl.d/99-mlkube-kubernetes.conf
sysctl --system > /dev/null
`

var containerdTmpl = `
# containerd with the systemd cgroup driver (what kubeadm configures the
# kubelet with). An existing config is edited, never regenerated, so the
# runtimes the GPU operator's toolkit adds survive a re-run.
export DEBIAN_FRONTEND=noninteractive
if ! command -v containerd > /dev/null; then
  apt-get update -q
  apt-get install -y -q containerd
fi
install -d -m 0755 /etc/containerd
if [ ! -s /etc/containerd/config.toml ] || ! grep -q SystemdCgroup /etc/containerd/config.toml; then
  containerd config default > /etc/containerd/config.toml
fi
changed=0
if grep -q 'SystemdCgroup = false' /etc/containerd/config.toml; then
  sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' /etc/containerd/config.toml
  changed=1
fi
systemctl enable --now containerd
if [ "$changed" -eq 1 ]; then systemctl restart containerd; fi
`

var packagesTmpl = `
# kubeadm, kubelet and kubectl {{.Version}} from pkgs.k8s.io (the {{.Minor}}
# repository), held so that an unattended upgrade never moves them.
export DEBIAN_FRONTEND=noninteractive
minor={{quote .Minor}}
version={{quote .Version}}
repo="https://pkgs.k8s.io/core:/stable:/${minor}/deb/"
keyring=/etc/apt/keyrings/kubernetes-apt-keyring.gpg
list=/etc/apt/sources.list.d/kubernetes.list
if [ ! -s "$keyring" ] || ! grep -qF "$repo" "$list" 2> /dev/null; then
  apt-get update -q
  apt-get install -y -q apt-transport-https ca-certificates curl gpg
  install -d -m 0755 /etc/apt/keyrings
  curl -fsSL "${repo}Release.key" | gpg --dearmor --yes -o "$keyring"
  echo "deb [signed-by=${keyring}] ${repo} /" > "$list"
  apt-get update -q
fi
installed="$(dpkg-query -W -f "\${Version}" kubeadm 2> /dev/null || true)"
case "$installed" in
  "${version}"-*) ;;
  *)
    apt-mark unhold kubelet kubeadm kubectl > /dev/null 2>&1 || true
    apt-get install -y -q --allow-downgrades --allow-change-held-packages \
      "kubelet=${version}-*" "kubeadm=${version}-*" "kubectl=${version}-*"
    ;;
esac
apt-mark hold kubelet kubeadm kubectl > /dev/null
systemctl enable kubelet
`

var firewallTmpl = `
# The ports kubeadm documents (API server, etcd, kubelet, controller
# manager, scheduler, NodePorts){{if .Extra}} and {{.Extra}}{{end}}, open to
# the cluster's hosts only. The firewall is not switched on or off here.
peers=({{range .Peers}} {{quote .}}{{end}} )
tcp_ports=({{range .TCP}} {{quote .}}{{end}} )
udp_ports=({{range .UDP}} {{quote .}}{{end}} )
{{- if .Clients}}
# The API server and the NodePorts, open to cluster.kubeadm.firewallAllow.
clients=({{range .Clients}} {{quote .}}{{end}} )
client_tcp_ports=({{range .ClientTCP}} {{quote .}}{{end}} )
{{- end}}
{{- if eq .Firewall "ufw"}}
command -v ufw > /dev/null || { echo "firewall: ufw is not installed" >&2; exit 1; }
for peer in "${peers[@]}"; do
  for port in "${tcp_ports[@]}"; do
    ufw allow proto tcp from "$peer" to any port "$port" comment mlkube > /dev/null
  done
  for port in "${udp_ports[@]}"; do
    ufw allow proto udp from "$peer" to any port "$port" comment mlkube > /dev/null
  done
done
{{- if .Clients}}
for client in "${clients[@]}"; do
  for port in "${client_tcp_ports[@]}"; do
    ufw allow proto tcp from "$client" to any port "$port" comment mlkube-clients > /dev/null
  done
done
{{- end}}
{{- else}}
command -v firewall-cmd > /dev/null || { echo "firewall: firewalld is not installed" >&2; exit 1; }
# ensure_zone creates a firewalld zone once; re-runs find it.
ensure_zone() {
  if ! firewall-cmd --permanent --get-zones | tr ' ' '\n' | grep -qx "$1"; then
    firewall-cmd --permanent --new-zone="$1" > /dev/null
  fi
}
zone=mlkube
ensure_zone "$zone"
for peer in "${peers[@]}"; do
  firewall-cmd --permanent --zone="$zone" --add-source="$peer" > /dev/null
done
for port in "${tcp_ports[@]}"; do
  firewall-cmd --permanent --zone="$zone" --add-port="${port/:/-}/tcp" > /dev/null
done
for port in "${udp_ports[@]}"; do
  firewall-cmd --permanent --zone="$zone" --add-port="${port/:/-}/udp" > /dev/null
done
{{- if .Clients}}
# A source belongs to one zone: the clients get their own, with fewer ports.
client_zone=mlkube-clients
ensure_zone "$client_zone"
for client in "${clients[@]}"; do
  firewall-cmd --permanent --zone="$client_zone" --add-source="$client" > /dev/null
done
for port in "${client_tcp_ports[@]}"; do
  firewall-cmd --permanent --zone="$client_zone" --add-port="${port/:/-}/tcp" > /dev/null
done
{{- end}}
firewall-cmd --reload > /dev/null
{{- end}}
`

var pkiTmpl = `
# The cluster CA, generated by the program, placed before kubeadm init so
# that kubeadm signs every certificate with it; its key comes on standard
# input. A host that already runs a cluster with another CA is refused.
pki=/etc/kubernetes/pki
install -d -m 0755 /etc/kubernetes
install -d -m 0700 "$pki"
umask 077
cert="$(mktemp)"
key="$(mktemp)"
trap 'rm -f "$cert" "$key"' EXIT
printf '%s\n' {{quote .CACert}} > "$cert"
cat > "$key"
if [ -f /etc/kubernetes/admin.conf ] && [ -f "$pki/ca.crt" ] && ! cmp -s "$cert" "$pki/ca.crt"; then
  echo "this host already runs a cluster with another CA: reset it (kubeadm reset) or restore that CA" >&2
  exit 1
fi
install -m 0644 "$cert" "$pki/ca.crt"
install -m 0600 "$key" "$pki/ca.key"
`

var initTmpl = `
# kubeadm init from the generated configuration, which comes on standard
# input (it holds the bootstrap token). Init runs once; every run makes
# sure the bootstrap token exists (it expires after {{.TokenTTL}}), so a
# worker added later can join.
install -d -m 0700 /etc/mlkube
umask 077
cat > /etc/mlkube/kubeadm-init.yaml
if [ ! -f /etc/kubernetes/admin.conf ]; then
  kubeadm init --config /etc/mlkube/kubeadm-init.yaml
fi
export KUBECONFIG=/etc/kubernetes/admin.conf
token="$(sed -n 's/^[[:space:]]*token:[[:space:]]*\([a-z0-9.]*\)[[:space:]]*$/\1/p' /etc/mlkube/kubeadm-init.yaml | head -n 1)"
if ! kubeadm token list -o jsonpath='{.token}{"\n"}' | grep -qxF "$token"; then
  kubeadm token create "$token" --ttl {{.TokenTTL}} > /dev/null
fi
`

var joinTmpl = `
# kubeadm join from the generated configuration, which comes on standard
# input (it holds the bootstrap token and the CA pin). Runs once per host.
install -d -m 0700 /etc/mlkube
umask 077
cat > /etc/mlkube/kubeadm-join.yaml
if [ ! -f /etc/kubernetes/kubelet.conf ]; then
  kubeadm join --config /etc/mlkube/kubeadm-join.yaml
fi
`

var resetTmpl = `
# The host leaves the cluster: kubeadm's own clean-up, then what it leaves
# behind (CNI configuration, mlkube's kubeadm files).
if command -v kubeadm > /dev/null; then
  kubeadm reset --force
fi
rm -rf /etc/cni/net.d /etc/mlkube
`

var nodeReadyTmpl = `
# On the control plane: wait until node {{.Node}} has registered.
export KUBECONFIG=/etc/kubernetes/admin.conf
node={{quote .Node}}
for _ in $(seq 1 60); do
  if kubectl get node "$node" > /dev/null 2>&1; then exit 0; fi
  sleep 5
done
echo "node $node did not register within 5 minutes" >&2
exit 1
`

var drainTmpl = `
# On the control plane, before the host is reset: move the pods of node
# {{.Node}} elsewhere, then delete the Node object.
export KUBECONFIG=/etc/kubernetes/admin.conf
node={{quote .Node}}
if kubectl get node "$node" > /dev/null 2>&1; then
  kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=10m
  kubectl delete node "$node" --wait=true
fi
`

// quote makes s one shell word.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

var funcs = template.FuncMap{"quote": quote}

// render executes a script template and wraps it to run as root.
func render(title, body string, data any) string {
	var b bytes.Buffer
	t := template.Must(template.New(title).Funcs(funcs).Parse(body))
	if err := t.Execute(&b, data); err != nil {
		panic(err) // the templates and their data types are fixed here
	}
	return wrap(title, b.String())
}

// wrap makes the body a function that runs as root: directly for root,
// else through password-less sudo (the function's text is handed to a root
// bash, so standard input still reaches it).
func wrap(title, body string) string {
	return "#!/usr/bin/env bash\n# mlkube: " + title + "\nset -euo pipefail\n" +
		"main() {\n" + body + "}\n" +
		"if [ \"$(id -u)\" -eq 0 ]; then\n  main\nelse\n" +
		"  sudo -n bash -c \"set -euo pipefail; $(declare -f main); main\"\nfi\n"
}
