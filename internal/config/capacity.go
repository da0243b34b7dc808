package config

import (
	"regexp"
	"strings"

	"github.com/mlkube/mlkube/internal/gpu"
	"github.com/mlkube/mlkube/internal/machines"
	"k8s.io/apimachinery/pkg/api/resource"
)

// chartVersion is a chart version as Helm charts publish them: semantic
// versioning, with or without a leading v (the GPU operator's are v25.3.0).
var chartVersion = regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// validateCapacity catches stacks that load and plan cleanly but cannot run
// as written: a pod that no node of its pool can hold, a service whose
// autoscaler asks for more GPUs than its pool can ever have, a distributed
// job wider than its pool, a single-node volume mounted from several nodes,
// two services on one ingress route, a chart version that is not a version.
// Each would otherwise surface only after `pulumi up`, as Pending pods or a
// failed release.
func validateCapacity(e *errs, c *Config, pools poolSet) {
	w := &c.Workloads
	for i := range w.Inference {
		s := &w.Inference[i]
		path := index("workloads.inference", i)
		p := pools[s.Pool]
		if p == nil {
			continue // reported by validatePlacement
		}
		podFitsNode(e, key(path, "resources.requests"), s.Resources.Requests, p)
		gpuCapacity(e, path, s, p)
	}
	for i := range w.Training {
		j := &w.Training[i]
		path := index("workloads.training", i)
		p := pools[j.Pool]
		if p == nil {
			continue
		}
		podFitsNode(e, key(path, "resources.requests"), j.Resources.Requests, p)
		if d := j.Distributed; d != nil && d.Nodes > p.Max {
			e.add(key(path, "distributed.nodes"), "runs one pod per node on %d nodes at once, but pool %q has at most %d (nodePools max): the job would wait for ever", d.Nodes, p.Name, p.Max)
		}
	}
	singleNodeVolumes(e, w, pools)
	ingressRoutes(e, w)
	hostCertificates(e, w)
	chartVersions(e, &c.Addons)
}

// podFitsNode: the scheduler places a pod on one node, so its requests must
// not exceed what one node of the pool has, of whichever of the pool's
// machine types the node is. Machine types not in internal/machines
// (adopted clusters, new instance types) are skipped.
func podFitsNode(e *errs, path string, req ResourceList, p *NodePool) {
	for _, t := range p.AllMachineTypes() {
		if m, err := machines.Lookup(t); err == nil {
			podFitsMachine(e, path, req, p, t, m)
		}
	}
}

func podFitsMachine(e *errs, path string, req ResourceList, p *NodePool, machineType string, m machines.Machine) {
	for _, r := range []struct {
		name, asked string
		has         resource.Quantity
		unit        string
	}{
		{"cpu", req.CPU, *resource.NewQuantity(int64(m.CPUs), resource.DecimalSI), "CPUs"},
		{"memory", req.Memory, *resource.NewQuantity(int64(m.MemoryGi)<<30, resource.BinarySI), "memory"},
	} {
		q, err := resource.ParseQuantity(r.asked)
		if err != nil || q.Cmp(r.has) <= 0 {
			continue
		}
		e.add(key(path, r.name), "asks for %s but a node of pool %q (%s) has %s %s in all: no node can hold the pod", r.asked, p.Name, machineType, r.has.String(), r.unit)
	}
}

// gpuCapacity: at its largest a service runs MaxReplicas pods; whole pods
// fit a node only as often as its GPUs allow, so a pool at its max holds
// max × ⌊GPUs per node / GPUs per pod⌋ of them. More replicas stay Pending
// while the autoscaler has nothing left to add.
func gpuCapacity(e *errs, path string, s *Inference, p *NodePool) {
	if s.GPU == nil || *s.GPU < 1 || p.GPU == nil {
		return
	}
	units := gpu.Sharing(p.GPU.Sharing).UnitsPerNode(p.GPU.Count)
	perNode := units / *s.GPU
	if perNode == 0 {
		return // one pod does not fit a node: reported by validatePlacement
	}
	fits, want := perNode*p.Max, MaxReplicas(s)
	if want <= fits {
		return
	}
	field := "replicas"
	if s.Autoscaling != nil && s.Autoscaling.Max >= Replicas(s) {
		field = "autoscaling.max"
	}
	e.add(key(path, field), "%d replica(s) × %d GPU(s) need %d GPU(s), but pool %q holds at most %d such replica(s) (max %d node(s) × %d GPU(s) per node): lower it to %d or raise nodePools max",
		want, *s.GPU, want**s.GPU, p.Name, fits, p.Max, units, fits)
}

// volumeUser is one workload that mounts a volume, with the pools its pods
// run on and how many pods mount it at once.
type volumeUser struct {
	path string // the key that names the volume
	pool string
	pods int
}

// singleNodeVolumes: a ReadWriteOnce volume attaches to one node at a time
// (ReadWriteOncePod to one pod). Pods that mount it from different nodes
// wait for ever on "Multi-Attach error". They can share it only when they
// all land on one node: one pool holding a single node.
func singleNodeVolumes(e *errs, w *Workloads, pools poolSet) {
	users := map[string][]volumeUser{}
	for i := range w.Inference {
		s := &w.Inference[i]
		if s.Model.Volume != "" {
			users[s.Model.Volume] = append(users[s.Model.Volume], volumeUser{key(index("workloads.inference", i), "model.volume"), s.Pool, MaxReplicas(s)})
		}
	}
	for i := range w.Training {
		j := &w.Training[i]
		if j.Distributed != nil {
			continue // validateTraining asks for ReadWriteMany already
		}
		for _, ref := range []struct{ k, name string }{{"dataVolume", j.DataVolume}, {"checkpointVolume", j.CheckpointVolume}} {
			if ref.name != "" {
				users[ref.name] = append(users[ref.name], volumeUser{key(index("workloads.training", i), ref.k), j.Pool, PodsAtOnce(j)})
			}
		}
	}
	for i := range w.Volumes {
		v := &w.Volumes[i]
		us := users[v.Name]
		if len(us) == 0 || (v.AccessMode != "ReadWriteOnce" && v.AccessMode != "ReadWriteOncePod") {
			continue
		}
		pods, poolsUsed := 0, map[string]bool{}
		var paths []string
		multiNode := false
		for _, u := range us {
			pods += u.pods
			poolsUsed[u.pool] = true
			paths = append(paths, u.path)
			if p := pools[u.pool]; p != nil && p.Max > 1 {
				multiNode = true
			}
		}
		if len(poolsUsed) > 1 {
			multiNode = true
		}
		switch {
		case v.AccessMode == "ReadWriteOncePod" && pods > 1:
			e.add(key(index("workloads.volumes", i), "accessMode"), "ReadWriteOncePod volume %q is mounted by %d pods at once (%s): all but one would wait; use ReadWriteMany or ReadOnlyMany", v.Name, pods, strings.Join(paths, ", "))
		case pods > 1 && multiNode:
			e.add(key(index("workloads.volumes", i), "accessMode"), "ReadWriteOnce volume %q is mounted by up to %d pods (%s) that can land on different nodes, and it attaches to one node only: use ReadWriteMany (class shared) or ReadOnlyMany", v.Name, pods, strings.Join(paths, ", "))
		}
	}
}

// ingressRoutes: the inference component routes Path (Prefix) of its host
// to its Service. Two services on one host and path claim the same route,
// and the ingress controller serves one of them at random. Services that
// share a host under different paths (/models/sentiment,
// /models/embedding) are fine; a canary rides on its own service's route.
func ingressRoutes(e *errs, w *Workloads) {
	claimed := map[string]string{}
	for i := range w.Inference {
		s := &w.Inference[i]
		if s.Expose.Type != ExposeIngress || s.Expose.Host == "" {
			continue
		}
		path := key(index("workloads.inference", i), "expose.path")
		route := strings.ToLower(s.Expose.Host) + routePath(s.Expose.Path)
		if prev, ok := claimed[route]; ok {
			e.add(path, "route %s is already claimed by %s: give each service its own host or path", route, prev)
			continue
		}
		claimed[route] = path
	}
}

// hostCertificates: the Gateway serves one certificate per host on one
// listener, and cert-manager reads one ClusterIssuer per Gateway, so
// services sharing a host must name the same TLS block and every issuer
// must be the same.
func hostCertificates(e *errs, w *Workloads) {
	certs := map[string]int{}
	issuer := -1
	for i := range w.Inference {
		x := w.Inference[i].Expose
		if x.Type != ExposeIngress || x.Host == "" {
			continue
		}
		p := key(index("workloads.inference", i), "expose.tls")
		host := strings.ToLower(x.Host)
		if j, ok := certs[host]; ok && !sameTLS(x.TLS, w.Inference[j].Expose.TLS) {
			e.add(p, "differs from workloads.inference[%d].expose.tls on host %s: the Gateway's listener for a host serves one certificate; give both the same tls", j, x.Host)
		} else if !ok {
			certs[host] = i
		}
		if x.TLS == nil || x.TLS.ClusterIssuer == "" {
			continue
		}
		if issuer >= 0 && w.Inference[issuer].Expose.TLS.ClusterIssuer != x.TLS.ClusterIssuer {
			e.add(key(p, "clusterIssuer"), "is %q but workloads.inference[%d] names %q: cert-manager reads one ClusterIssuer per Gateway", x.TLS.ClusterIssuer, issuer, w.Inference[issuer].Expose.TLS.ClusterIssuer)
		} else if issuer < 0 {
			issuer = i
		}
	}
}

func sameTLS(a, b *TLS) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// routePath is the path as a Prefix match sees it: /a and /a/ are one route.
func routePath(p string) string {
	if p == "" {
		return "/"
	}
	if p != "/" {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}

// chartVersions: an override is passed to Helm as the exact chart version
// to pull; anything else fails only when the release is installed.
func chartVersions(e *errs, a *Addons) {
	for _, o := range []struct{ path, version string }{
		{"addons.gpuOperator.version", a.GPUOperator.Version},
		{"addons.autoscaler.version", a.Autoscaler.Version},
		{"addons.metricsServer.version", a.MetricsServer.Version},
		{"addons.prometheusAdapter.version", a.PrometheusAdapter.Version},
		{"addons.monitoring.version", a.Monitoring.Version},
		{"addons.logging.version", a.Logging.Version},
		{"addons.logging.fluentBit.version", a.Logging.FluentBit.Version},
		{"addons.ingress.version", a.Ingress.Version},
		{"addons.gateway.version", a.Gateway.Version},
		{"addons.vpa.version", a.VPA.Version},
		{"addons.kueue.version", a.Kueue.Version},
	} {
		if o.version != "" && !chartVersion.MatchString(o.version) {
			e.add(o.path, "must be a chart version such as 1.2.3 or v25.3.0, got %q", o.version)
		}
	}
}
