package kubeadm

import (
	"maps"
	"net"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"sigs.k8s.io/yaml"
)

// The kubeadm configuration API the generated files use (kubeadm 1.31+).
const (
	kubeadmAPI = "kubeadm.k8s.io/v1beta4"
	kubeletAPI = "kubelet.config.k8s.io/v1beta1"
	criSocket  = "unix:///var/run/containerd/containerd.sock"
)

// ControlPlaneTaint is the taint kubeadm puts on control-plane nodes.
var ControlPlaneTaint = config.Taint{Key: "node-role.kubernetes.io/control-plane", Effect: "NoSchedule"}

// InitParams is what the control plane's InitConfiguration and
// ClusterConfiguration are made of.
type InitParams struct {
	ClusterName string
	// Version is the Kubernetes patch release, e.g. 1.33.4.
	Version          string
	Endpoint         string // host:port
	AdvertiseAddress string // the control plane's address
	NodeName         string
	PodCIDR          string
	ServiceCIDR      string
	CertSANs         []string
	Labels           map[string]string
	Taints           []config.Taint
	// Token is the bootstrap token (secret).
	Token string
}

// JoinParams is what a worker's JoinConfiguration is made of.
type JoinParams struct {
	Endpoint string
	NodeName string
	Labels   map[string]string
	Taints   []config.Taint
	// Token is the bootstrap token (secret); CAHash pins the cluster CA
	// ("sha256:<hex of its SubjectPublicKeyInfo>").
	Token  string
	CAHash string
}

// InitConfig is the kubeadm configuration file of `kubeadm init`.
func InitConfig(p InitParams) string {
	local := map[string]any{"bindPort": APIServerPort}
	if ip := net.ParseIP(p.AdvertiseAddress); ip != nil {
		local["advertiseAddress"] = p.AdvertiseAddress
	}
	initCfg := map[string]any{
		"apiVersion": kubeadmAPI,
		"kind":       "InitConfiguration",
		"bootstrapTokens": []any{map[string]any{
			"token":  p.Token,
			"ttl":    TokenTTL,
			"usages": []string{"signing", "authentication"},
			"groups": []string{"system:bootstrappers:kubeadm:default-node-token"},
		}},
		"localAPIEndpoint": local,
		"nodeRegistration": nodeRegistration(p.NodeName, p.Labels, p.Taints),
	}
	clusterCfg := map[string]any{
		"apiVersion":           kubeadmAPI,
		"kind":                 "ClusterConfiguration",
		"clusterName":          p.ClusterName,
		"kubernetesVersion":    "v" + p.Version,
		"controlPlaneEndpoint": p.Endpoint,
		"networking": map[string]any{
			"podSubnet":     p.PodCIDR,
			"serviceSubnet": p.ServiceCIDR,
			"dnsDomain":     "cluster.local",
		},
		"apiServer": map[string]any{"certSANs": p.CertSANs},
	}
	kubelet := map[string]any{
		"apiVersion":   kubeletAPI,
		"kind":         "KubeletConfiguration",
		"cgroupDriver": "systemd",
	}
	return documents(initCfg, clusterCfg, kubelet)
}

// JoinConfig is the kubeadm configuration file of a worker's `kubeadm join`.
func JoinConfig(p JoinParams) string {
	return documents(map[string]any{
		"apiVersion": kubeadmAPI,
		"kind":       "JoinConfiguration",
		"discovery": map[string]any{
			"bootstrapToken": map[string]any{
				"apiServerEndpoint": p.Endpoint,
				"token":             p.Token,
				"caCertHashes":      []string{p.CAHash},
			},
		},
		"nodeRegistration": nodeRegistration(p.NodeName, p.Labels, p.Taints),
	})
}

// nodeRegistration names the node and gives it its pool's labels (through
// the kubelet's --node-labels) and taints. Taints are always written, as an
// empty list when there are none: kubeadm would otherwise taint a control
// plane by default.
func nodeRegistration(name string, labels map[string]string, taints []config.Taint) map[string]any {
	ts := make([]any, 0, len(taints))
	for _, t := range taints {
		m := map[string]any{"key": t.Key, "effect": t.Effect}
		if t.Value != "" {
			m["value"] = t.Value
		}
		ts = append(ts, m)
	}
	reg := map[string]any{
		"name":      name,
		"criSocket": criSocket,
		"taints":    ts,
	}
	if len(labels) > 0 {
		pairs := make([]string, 0, len(labels))
		for _, k := range slices.Sorted(maps.Keys(labels)) {
			pairs = append(pairs, k+"="+labels[k])
		}
		reg["kubeletExtraArgs"] = []any{map[string]any{"name": "node-labels", "value": strings.Join(pairs, ",")}}
	}
	return reg
}

// documents joins YAML documents (keys sorted: the same input always gives
// the same text).
func documents(docs ...map[string]any) string {
	parts := make([]string, len(docs))
	for i, d := range docs {
		b, err := yaml.Marshal(d)
		if err != nil {
			panic(err) // plain maps of strings and numbers
		}
		parts[i] = string(b)
	}
	return strings.Join(parts, "---\n")
}

// certSANs are the API server certificate's extra names: the stack's, the
// control plane's address and the endpoint's host, sorted and unique.
func certSANs(o *Options) []string {
	out := slices.Clone(o.CertSANs)
	if cp := o.controlPlane(); cp != nil {
		out = append(out, cp.Address)
	}
	if host, _, err := net.SplitHostPort(o.ControlPlaneEndpoint); err == nil {
		out = append(out, host)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// initParams are the control plane's kubeadm init parameters (without the
// token). pool is the control plane's pool, nil when it has none.
func initParams(cfg *config.Config, o *Options, cp Host, pool *config.NodePool) InitParams {
	p := InitParams{
		ClusterName:      cfg.Cluster.Name,
		Version:          patchVersion(cfg.Cluster.KubernetesVersion),
		Endpoint:         o.ControlPlaneEndpoint,
		AdvertiseAddress: cp.Address,
		NodeName:         cp.Name,
		PodCIDR:          o.PodCIDR,
		ServiceCIDR:      o.ServiceCIDR,
		CertSANs:         certSANs(o),
	}
	if keepControlPlaneTaint(cfg, o) {
		p.Taints = append(p.Taints, ControlPlaneTaint)
	}
	if pool != nil {
		p.Labels = pool.Labels
		p.Taints = append(p.Taints, pool.Taints...)
	}
	return p
}

// keepControlPlaneTaint: kubeadm's control-plane taint stays unless no
// pool with a worker is untainted; then the control plane is where system
// pods and addons run (a control plane and one GPU server).
func keepControlPlaneTaint(cfg *config.Config, o *Options) bool {
	for _, w := range o.workers() {
		for _, p := range cfg.NodePools {
			if p.Name == w.Pool && len(p.Taints) == 0 {
				return true
			}
		}
	}
	return false
}

// joinParams are a worker's kubeadm join parameters (without the token and
// CA pin).
func joinParams(o *Options, w Host, pool config.NodePool) JoinParams {
	return JoinParams{Endpoint: o.ControlPlaneEndpoint, NodeName: w.Name, Labels: pool.Labels, Taints: pool.Taints}
}

// HostConfigs are the kubeadm configuration files of every host of a
// stack, by node name, with the given token and CA pin (what `make e2e`
// hands to `kubeadm config validate`).
func HostConfigs(cfg *config.Config, token, caHash string) (map[string]string, error) {
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	o, err := decodeOptions(cfg)
	if err != nil {
		return nil, err
	}
	pools := map[string]*config.NodePool{}
	for i := range cfg.NodePools {
		pools[cfg.NodePools[i].Name] = &cfg.NodePools[i]
	}
	out := map[string]string{}
	cp := o.controlPlane()
	ip := initParams(cfg, o, *cp, pools[cp.Pool])
	ip.Token = token
	out[cp.Name] = InitConfig(ip)
	for _, w := range o.workers() {
		jp := joinParams(o, w, *pools[w.Pool])
		jp.Token, jp.CAHash = token, caHash
		out[w.Name] = JoinConfig(jp)
	}
	return out, nil
}
