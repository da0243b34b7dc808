//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// ControlPlane is a running etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and kwok on loopback ports picked at random.
type ControlPlane struct {
	Dir        string
	Kubeconfig string
	Config     *rest.Config
	Client     *kubernetes.Clientset
	procs      []*exec.Cmd
}

// Admission plugins the tests rely on (added to the API server's defaults).
const admissionPlugins = "PodSecurity,ResourceQuota,LimitRanger,ServiceAccount"

// Start brings a control plane up in dir. Every process is killed when
// Stop runs, and by the kernel if the test process dies first.
func Start(t *Tools, dir string, logf func(string, ...any)) (cp *ControlPlane, err error) {
	cp = &ControlPlane{Dir: dir}
	defer func() {
		if err != nil {
			cp.Stop()
		}
	}()
	pki, err := newPKI(dir)
	if err != nil {
		return nil, err
	}
	etcdPort, peerPort, apiPort, kwokPort := freePort(), freePort(), freePort(), freePort()
	etcdURL := "http://127.0.0.1:" + strconv.Itoa(etcdPort)
	if err := cp.run("etcd", t.Etcd,
		"--name=e2e", "--data-dir="+filepath.Join(dir, "etcd"),
		"--listen-client-urls="+etcdURL, "--advertise-client-urls="+etcdURL,
		"--listen-peer-urls=http://127.0.0.1:"+strconv.Itoa(peerPort),
		"--initial-advertise-peer-urls=http://127.0.0.1:"+strconv.Itoa(peerPort),
		"--initial-cluster=e2e=http://127.0.0.1:"+strconv.Itoa(peerPort),
		"--unsafe-no-fsync", "--quota-backend-bytes=2147483648"); err != nil {
		return nil, err
	}
	if err := cp.run("kube-apiserver", t.APIServer,
		"--etcd-servers="+etcdURL, "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(apiPort),
		"--tls-cert-file="+pki.ServerCert, "--tls-private-key-file="+pki.ServerKey, "--client-ca-file="+pki.CA,
		"--service-account-issuer=https://kubernetes.default.svc", "--service-account-key-file="+pki.SAPub,
		"--service-account-signing-key-file="+pki.SAKey, "--service-cluster-ip-range=10.0.0.0/24",
		"--authorization-mode=RBAC", "--enable-admission-plugins="+admissionPlugins,
		"--allow-privileged=true", "--enable-priority-and-fairness=false", "--profiling=false"); err != nil {
		return nil, err
	}
	cp.Kubeconfig = filepath.Join(dir, "admin.kubeconfig")
	if err := writeKubeconfig(cp.Kubeconfig, "https://127.0.0.1:"+strconv.Itoa(apiPort), pki); err != nil {
		return nil, err
	}
	if cp.Config, err = clientcmd.BuildConfigFromFlags("", cp.Kubeconfig); err != nil {
		return nil, err
	}
	cp.Config.QPS, cp.Config.Burst = 200, 400
	if cp.Client, err = kubernetes.NewForConfig(cp.Config); err != nil {
		return nil, err
	}
	if err := cp.waitReady(90 * time.Second); err != nil {
		return nil, err
	}
	logf("kube-apiserver ready on 127.0.0.1:%d", apiPort)
	if err := cp.run("kube-controller-manager", t.ControllerManager,
		"--kubeconfig="+cp.Kubeconfig, "--leader-elect=false", "--secure-port=0",
		"--service-account-private-key-file="+pki.SAKey, "--root-ca-file="+pki.CA,
		"--use-service-account-credentials=false", "--controllers=*,-nodeipam,-cloud-node-lifecycle"); err != nil {
		return nil, err
	}
	if err := cp.run("kube-scheduler", t.Scheduler, "--kubeconfig="+cp.Kubeconfig, "--leader-elect=false", "--secure-port=0"); err != nil {
		return nil, err
	}
	if err := cp.run("kwok", t.Kwok, "--kubeconfig="+cp.Kubeconfig,
		"--manage-all-nodes=false", "--manage-nodes-with-annotation-selector="+kwokAnnotation+"=fake",
		"--cidr=10.1.0.1/16", "--node-ip=10.1.0.1",
		// Heartbeats as a kubelet sends them: a 40 s lease renewed every
		// 10 s. Without leases kwok posts node status every 55 s, past the
		// controller manager's 50 s grace period, and each lapse marks every
		// pod on the node NotReady for good (kwok does not set them Ready
		// again), so a Deployment created near a lapse never turns available.
		"--node-lease-duration-seconds=40",
		"--server-address=127.0.0.1:"+strconv.Itoa(kwokPort)); err != nil {
		return nil, err
	}
	// A process that exits at once (a bad flag) would otherwise show up
	// only as nodes that never become Ready.
	time.Sleep(2 * time.Second)
	for _, p := range cp.procs {
		if err := syscall.Kill(p.Process.Pid, 0); err != nil || p.ProcessState != nil {
			return nil, fmt.Errorf("%s exited early:\n%s", filepath.Base(p.Path), cp.Log(filepath.Base(p.Path)))
		}
	}
	return cp, nil
}

func (cp *ControlPlane) run(name, bin string, args ...string) error {
	return cp.runEnv(name, bin, nil, args...)
}

// runEnv starts a process with env added to the test's environment.
func (cp *ControlPlane) runEnv(name, bin string, env []string, args ...string) error {
	logFile, err := os.Create(filepath.Join(cp.Dir, name+".log"))
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Die with the test process, whatever ends it (failure, interrupt, kill).
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	cp.procs = append(cp.procs, cmd)
	return nil
}

// Stop ends every process, newest first.
func (cp *ControlPlane) Stop() {
	for i := len(cp.procs) - 1; i >= 0; i-- {
		p := cp.procs[i]
		_ = syscall.Kill(-p.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-p.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	cp.procs = nil
}

// Log returns the tail of a component's log, for failure messages.
func (cp *ControlPlane) Log(name string) string {
	b, _ := os.ReadFile(filepath.Join(cp.Dir, name+".log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

func (cp *ControlPlane) waitReady(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var last error
	for ctx.Err() == nil {
		_, last = cp.Client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if last == nil {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return fmt.Errorf("kube-apiserver not ready after %s: %v\n%s", timeout, last, cp.Log("kube-apiserver"))
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func writeKubeconfig(path, server string, p *pki) error {
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: {server: %q, certificate-authority: %q}
users:
- name: admin
  user: {client-certificate: %q, client-key: %q}
contexts:
- name: e2e
  context: {cluster: e2e, user: admin}
current-context: e2e
`, server, p.CA, p.AdminCert, p.AdminKey)
	return os.WriteFile(path, []byte(kc), 0o600)
}
