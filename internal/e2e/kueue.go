//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/policy"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"
)

// KueueModule is the module the Kueue controller is built from: the
// version the addon pins (its module zip holds the CRDs and webhook
// manifests the test applies).
const KueueModule = "sigs.k8s.io/kueue"

// EnsureKueue builds the Kueue manager once into the cache (up to 15 minutes
// cold) and returns the binary and the module's source directory.
func EnsureKueue(logf func(string, ...any)) (bin, src string, err error) {
	dir := CacheDir()
	bin = filepath.Join(dir, "bin-"+KubernetesVersion, "kueue-manager-"+versions.KueueVersion)
	if missing(bin) {
		logf("building the Kueue manager %s into %s (cold: up to 15 min)", versions.KueueVersion, bin)
		mod := "module mlkube.local/e2e-kueue\n\ngo 1.26\n\nrequire " + KueueModule + " " + versions.KueueVersion + "\n"
		if err := buildModule(filepath.Join(dir, "src", "kueue"), mod, bin, KueueModule+"/cmd/kueue"); err != nil {
			return "", "", err
		}
	}
	cmd := exec.Command("go", "mod", "download", "-json", KueueModule+"@"+versions.KueueVersion)
	cmd.Dir = filepath.Join(dir, "src", "kueue")
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go mod download %s: %v", KueueModule, err)
	}
	var info struct{ Dir string }
	if err := yaml.Unmarshal(out, &info); err != nil || info.Dir == "" {
		return "", "", fmt.Errorf("go mod download %s: no module directory in %s", KueueModule, out)
	}
	return bin, info.Dir, nil
}

// unsuspended is a queued Job as Kueue admits it, for a control plane
// without Kueue.
func unsuspended(o policy.Object) policy.Object {
	if o.Kind() != "Job" {
		return o
	}
	meta, _ := o["metadata"].(map[string]any)
	l, _ := meta["labels"].(map[string]any)
	if _, queued := l[labels.KueueQueue]; !queued {
		return o
	}
	spec, _ := o["spec"].(map[string]any)
	copySpec := map[string]any{}
	for k, v := range spec {
		copySpec[k] = v
	}
	copySpec["suspend"] = false
	out := policy.Object{}
	for k, v := range o {
		out[k] = v
	}
	out["spec"] = copySpec
	return out
}

// KueueProcess is a Kueue manager running against a control plane, its
// webhook served on loopback with a certificate of the control plane's CA.
type KueueProcess struct {
	WebhookPort int
	CABundle    []byte
	healthURL   string
}

// kueueConfig is the manager's configuration: no leader election, no
// certificate management of its own (the test's PKI signs the webhook's
// certificate), the Job integration only (mlkube queues Jobs; the pod,
// Deployment and other integrations would need webhooks for kinds the
// control plane runs unqueued).
func kueueConfig(webhookPort, healthPort int, certDir string) string {
	return fmt.Sprintf(`apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
namespace: kueue-system
health:
  healthProbeBindAddress: 127.0.0.1:%d
metrics:
  bindAddress: "0"
webhook:
  host: 127.0.0.1
  port: %d
  certDir: %s
leaderElection:
  leaderElect: false
internalCertManagement:
  enable: false
integrations:
  frameworks: ["batch/job"]
`, healthPort, webhookPort, certDir)
}

// StartKueue writes the manager's serving certificate and configuration and
// starts it as one of the control plane's processes.
func StartKueue(cp *ControlPlane, bin string) (*KueueProcess, error) {
	certDir := filepath.Join(cp.Dir, "kueue-certs")
	if err := os.MkdirAll(certDir, 0o755); err != nil {
		return nil, err
	}
	if err := issueServing(cp.Dir, filepath.Join(certDir, "tls.crt"), filepath.Join(certDir, "tls.key")); err != nil {
		return nil, err
	}
	if err := metricsCerts(cp.Dir); err != nil {
		return nil, err
	}
	ca, err := os.ReadFile(filepath.Join(cp.Dir, "ca.crt"))
	if err != nil {
		return nil, err
	}
	k := &KueueProcess{WebhookPort: freePort(), CABundle: ca}
	health := freePort()
	k.healthURL = "http://127.0.0.1:" + strconv.Itoa(health) + "/readyz"
	cfg := filepath.Join(cp.Dir, "kueue-config.yaml")
	if err := os.WriteFile(cfg, []byte(kueueConfig(k.WebhookPort, health, certDir)), 0o644); err != nil {
		return nil, err
	}
	kubeconfig, err := versionProxy(cp)
	if err != nil {
		return nil, err
	}
	if err := cp.runEnv("kueue", bin, []string{"KUBECONFIG=" + kubeconfig},
		// The on-demand visibility API needs its own certificates and an
		// APIService; nothing here reads it.
		"--config="+cfg, "--kubeconfig="+kubeconfig, "--feature-gates=VisibilityOnDemand=false"); err != nil {
		return nil, err
	}
	return k, nil
}

// versionProxy serves the API server to the manager through a loopback
// proxy that answers /version with the release's version: binaries built
// from the k8s.io/kubernetes module report "v0.0.0-master+$Format:%H$",
// which the manager fails to parse at start. It returns the proxy's
// kubeconfig; the proxy ends with the test process.
func versionProxy(cp *ControlPlane) (string, error) {
	upstream, err := url.Parse(cp.Config.Host)
	if err != nil {
		return "", err
	}
	transport, err := rest.TransportFor(cp.Config)
	if err != nil {
		return "", err
	}
	proxy := httputil.NewSingleHostReverseProxy(upstream)
	proxy.Transport, proxy.FlushInterval = transport, -1
	info, err := cp.Client.Discovery().ServerVersion()
	if err != nil {
		return "", err
	}
	stamped := *info
	stamped.GitVersion = KubernetesVersion
	body, err := json.Marshal(stamped)
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/version", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
	mux.Handle("/", proxy)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() { _ = http.Serve(ln, mux) }()
	path := filepath.Join(cp.Dir, "kueue.kubeconfig")
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: {server: "http://%s"}
contexts:
- name: e2e
  context: {cluster: e2e, user: e2e}
current-context: e2e
users:
- name: e2e
  user: {}
`, ln.Addr().String())
	return path, os.WriteFile(path, []byte(kc), 0o600)
}

// kueueMetricsCerts is where the v0.17.0 manager reads its metrics
// certificate whenever its own certificate management is off (a fixed
// path, cmd/kueue/main.go); it exits without one, even with metrics off.
const kueueMetricsCerts = "/etc/kueue/metrics/certs"

// metricsCerts writes a throwaway pair there unless one exists; nothing
// scrapes it.
func metricsCerts(dir string) error {
	crt, key := filepath.Join(kueueMetricsCerts, "tls.crt"), filepath.Join(kueueMetricsCerts, "tls.key")
	if !missing(crt, key) {
		return nil
	}
	if err := os.MkdirAll(kueueMetricsCerts, 0o755); err != nil {
		return fmt.Errorf("the Kueue manager needs a metrics certificate in %s: %w", kueueMetricsCerts, err)
	}
	return issueServing(dir, crt, key)
}

// WaitReady waits for the manager's readiness endpoint.
func (k *KueueProcess) WaitReady(cp *ControlPlane, timeout time.Duration) error {
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(500 * time.Millisecond) {
		if resp, err := http.Get(k.healthURL); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("kueue not ready after %s:\n%s", timeout, lastLines(cp.Log("kueue"), 40))
}

// KueueCRDs are the CRDs of the module, as its config has them.
func KueueCRDs(src string) ([]policy.Object, error) {
	paths, err := filepath.Glob(filepath.Join(src, "config", "components", "crd", "bases", "*.yaml"))
	if err != nil {
		return nil, err
	}
	var crds []policy.Object
	for _, p := range paths {
		objs, err := readObjects(p)
		if err != nil {
			return nil, err
		}
		crds = append(crds, objs...)
	}
	return crds, nil
}

// Webhooks are the module's webhook configurations, reduced to Kueue's
// own kinds and Jobs, pointed at the process.
func (k *KueueProcess) Webhooks(src string) ([]policy.Object, error) {
	objs, err := readObjects(filepath.Join(src, "config", "components", "webhook", "manifests.yaml"))
	if err != nil {
		return nil, err
	}
	names := map[string]string{"MutatingWebhookConfiguration": "kueue-mutating-webhook-configuration", "ValidatingWebhookConfiguration": "kueue-validating-webhook-configuration"}
	var webhooks []policy.Object
	for _, o := range objs {
		var kept []any
		list, _ := o["webhooks"].([]any)
		for _, raw := range list {
			w := raw.(map[string]any)
			cc := w["clientConfig"].(map[string]any)
			svc, _ := cc["service"].(map[string]any)
			path, _ := svc["path"].(string)
			if !strings.Contains(path, "-batch-v1-job") && !strings.Contains(path, "-kueue-x-k8s-io-") {
				continue
			}
			// No Service routes to a process: the API server calls the
			// loopback address, trusting the test CA.
			w["clientConfig"] = map[string]any{
				"url":      fmt.Sprintf("https://127.0.0.1:%d%s", k.WebhookPort, path),
				"caBundle": k.CABundle,
			}
			kept = append(kept, w)
		}
		o["webhooks"] = kept
		o["metadata"] = map[string]any{"name": names[o.Kind()]}
		webhooks = append(webhooks, o)
	}
	return webhooks, nil
}

func readObjects(path string) ([]policy.Object, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []policy.Object
	for _, doc := range bytes.Split(data, []byte("\n---")) {
		var o map[string]any
		if err := yaml.Unmarshal(doc, &o); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(o) > 0 {
			out = append(out, policy.Object(o))
		}
	}
	return out, nil
}

func lastLines(s string, lines int) string {
	l := strings.Split(s, "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}
