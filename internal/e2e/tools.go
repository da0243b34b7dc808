//go:build e2e

// Package e2e applies a stack's Kubernetes objects to a real control plane
// (kube-apiserver, kube-scheduler, kube-controller-manager and etcd, built
// from their Go modules) with simulated CPU and GPU nodes (kwok), and checks
// what Kubernetes does with them. Run it with `make e2e`.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Versions of the control plane the tests run.
const (
	KubernetesVersion = "v1.36.3"
	stagingVersion    = "v0.36.3"
	EtcdVersion       = "v3.5.21"
	KwokVersion       = "v0.7.0"
)

// Tools are the paths of the control-plane binaries, and of kubeadm (which
// validates the kubeadm provider's generated configurations).
type Tools struct {
	APIServer, ControllerManager, Scheduler, Etcd, Kwok, Kubeadm string
}

// staging are the k8s.io modules that k8s.io/kubernetes replaces with its
// in-tree copies; a module that requires it must pin them itself.
var staging = []string{"api", "apiextensions-apiserver", "apimachinery", "apiserver", "cli-runtime", "client-go",
	"cloud-provider", "cluster-bootstrap", "code-generator", "component-base", "component-helpers", "controller-manager",
	"cri-api", "cri-client", "csi-translation-lib", "dynamic-resource-allocation", "endpointslice", "externaljwt", "kms",
	"kube-aggregator", "kube-controller-manager", "kube-proxy", "kube-scheduler", "kubectl", "kubelet", "metrics",
	"mount-utils", "pod-security-admission", "sample-apiserver", "sample-cli-plugin", "sample-controller"}

// CacheDir is where the binaries are built once and reused: outside the
// repository, so a fresh clone finds them.
func CacheDir() string {
	if d := os.Getenv("MLKUBE_E2E_CACHE"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "mlkube-e2e")
	}
	return filepath.Join(os.TempDir(), "mlkube-e2e")
}

// EnsureTools builds whatever binary is missing from the cache (10–15
// minutes for the Kubernetes binaries on two cores, cold) and returns them.
func EnsureTools(logf func(string, ...any)) (*Tools, error) {
	dir := CacheDir()
	bin := filepath.Join(dir, "bin-"+KubernetesVersion)
	t := &Tools{
		APIServer:         filepath.Join(bin, "kube-apiserver"),
		ControllerManager: filepath.Join(bin, "kube-controller-manager"),
		Scheduler:         filepath.Join(bin, "kube-scheduler"),
		Etcd:              filepath.Join(bin, "etcd"),
		Kwok:              filepath.Join(bin, "kwok"),
		Kubeadm:           filepath.Join(bin, "kubeadm"),
	}
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return nil, err
	}
	if missing(t.APIServer, t.ControllerManager, t.Scheduler) || !stamped(t.APIServer) {
		mod := kubernetesModule("mlkube.local/e2e-kube")
		logf("building kube-apiserver, kube-controller-manager, kube-scheduler %s into %s (cold: 10-15 min)", KubernetesVersion, bin)
		// Built beside the binaries and renamed over them, so that a
		// control plane still running the old ones keeps its files.
		tmp := filepath.Join(bin, ".build")
		if err := buildModule(filepath.Join(dir, "src", "kube"), mod, tmp+"/",
			"k8s.io/kubernetes/cmd/kube-apiserver", "k8s.io/kubernetes/cmd/kube-controller-manager", "k8s.io/kubernetes/cmd/kube-scheduler"); err != nil {
			return nil, err
		}
		for _, p := range []string{t.APIServer, t.ControllerManager, t.Scheduler} {
			if err := os.Rename(filepath.Join(tmp, filepath.Base(p)), p); err != nil {
				return nil, err
			}
		}
	}
	if missing(t.Kubeadm) {
		// Its own throwaway module (same requirements), so that a build of
		// the control plane running at the same time is not disturbed.
		logf("building kubeadm %s (the control plane's packages are in the build cache)", KubernetesVersion)
		if err := buildModule(filepath.Join(dir, "src", "kubeadm"), kubernetesModule("mlkube.local/e2e-kubeadm"), t.Kubeadm,
			"k8s.io/kubernetes/cmd/kubeadm"); err != nil {
			return nil, err
		}
	}
	if missing(t.Etcd) {
		mod := "module mlkube.local/e2e-etcd\n\ngo 1.26\n\nrequire go.etcd.io/etcd/server/v3 " + EtcdVersion + "\n\n"
		for _, m := range []string{"api/v3", "client/pkg/v3", "client/v3", "pkg/v3", "raft/v3"} {
			mod += fmt.Sprintf("replace go.etcd.io/etcd/%s => go.etcd.io/etcd/%s %s\n", m, m, EtcdVersion)
		}
		mod += "replace go.etcd.io/etcd/client/v2 => go.etcd.io/etcd/client/v2 v2.305.21\n"
		logf("building etcd %s", EtcdVersion)
		if err := buildModule(filepath.Join(dir, "src", "etcd"), mod, t.Etcd, "go.etcd.io/etcd/server/v3"); err != nil {
			return nil, err
		}
	}
	if missing(t.Kwok) {
		logf("installing kwok %s", KwokVersion)
		cmd := exec.Command("go", "install", "sigs.k8s.io/kwok/cmd/kwok@"+KwokVersion)
		cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go install kwok: %v\n%s", err, out)
		}
	}
	return t, nil
}

// kubernetesModule is a go.mod that requires k8s.io/kubernetes and pins
// the staging modules it replaces with its in-tree copies.
func kubernetesModule(name string) string {
	var mod strings.Builder
	fmt.Fprintf(&mod, "module %s\n\ngo 1.26\n\nrequire k8s.io/kubernetes %s\n\n", name, KubernetesVersion)
	for _, m := range staging {
		fmt.Fprintf(&mod, "replace k8s.io/%s => k8s.io/%s %s\n", m, m, stagingVersion)
	}
	return mod.String()
}

// versionFlags stamp the Kubernetes version into the binaries, as the
// project's own release build does (hack/lib/version.sh): unstamped, the
// API server reports v0.0.0-master, and Helm refuses every chart that
// states a kubeVersion (nearly all of them).
func versionFlags() string {
	minor := strings.Split(KubernetesVersion, ".")[1]
	var f []string
	for _, kv := range [][2]string{{"gitVersion", KubernetesVersion}, {"gitMajor", "1"}, {"gitMinor", minor}, {"gitTreeState", "clean"}} {
		f = append(f, "-X k8s.io/component-base/version."+kv[0]+"="+kv[1])
	}
	return strings.Join(f, " ")
}

// stamped reports whether the binary says it is KubernetesVersion.
func stamped(path string) bool {
	out, err := exec.Command(path, "--version").Output()
	return err == nil && strings.TrimSpace(string(out)) == "Kubernetes "+KubernetesVersion
}

func missing(paths ...string) bool {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return true
		}
	}
	return false
}

// buildModule writes a throwaway module that requires the tools, resolves
// it and builds the packages to out (a directory ending in "/", or a file).
func buildModule(src, gomod, out string, pkgs ...string) error {
	if err := os.MkdirAll(src, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	var imports strings.Builder
	imports.WriteString("//go:build tools\n\npackage tools\n\nimport (\n")
	for _, p := range pkgs {
		fmt.Fprintf(&imports, "\t_ %q\n", p)
	}
	imports.WriteString(")\n")
	if err := os.WriteFile(filepath.Join(src, "tools.go"), []byte(imports.String()), 0o644); err != nil {
		return err
	}
	for _, args := range [][]string{{"mod", "tidy"}, append([]string{"build", "-ldflags", versionFlags(), "-o", out}, pkgs...)} {
		cmd := exec.Command("go", args...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s in %s: %v\n%s", strings.Join(args, " "), src, err, out)
		}
	}
	return nil
}
