package policy

import (
	"slices"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/components/imageref"
	"github.com/mlkube/mlkube/internal/config"
	mlkubelabels "github.com/mlkube/mlkube/internal/labels"
)

func checkImages(in *Input, report func(string, string, string, ...any)) {
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok {
			continue
		}
		spec, ok := o.PodSpec()
		if !ok {
			continue
		}
		for _, c := range containers(spec) {
			if p := imageref.Problem(str(c["image"])); p != "" {
				report(SeverityError, r.URN, "%s %s container %s: image %s", o.Kind(), o.Name(), str(c["name"]), p)
			}
		}
	}
}

func checkNamespaces(in *Input, report func(string, string, string, ...any)) {
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok || o.Kind() != "Namespace" {
			continue
		}
		labels := stringMap(Get(o, "metadata", "labels"))
		level := labels[mlkubelabels.PodSecurityEnforce]
		switch {
		case level == "":
			report(SeverityError, r.URN, "Namespace %s has no %s label: Pod Security admission would fall back to the cluster default", o.Name(), mlkubelabels.PodSecurityEnforce)
		case level == "privileged" && stringMap(Get(o, "metadata", "annotations"))[mlkubelabels.PrivilegedReason] == "":
			report(SeverityError, r.URN, "Namespace %s enforces privileged without a %s annotation; only node agents' namespaces may", o.Name(), mlkubelabels.PrivilegedReason)
		}
	}
}

// builtinGroups are API groups served by every cluster; objects of other
// groups need a CRD that some release or object installs first.
var builtinGroups = []string{"", "core", "apps", "batch", "autoscaling", "policy", "networking.k8s.io",
	"rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "apiextensions.k8s.io",
	"admissionregistration.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io",
	"certificates.k8s.io", "flowcontrol.apiserver.k8s.io", "apiregistration.k8s.io", "resource.k8s.io"}

// checkCRDOrder: an object of a custom resource type fails on the first
// apply unless it waits for whatever installs its CRD.
func checkCRDOrder(in *Input, report func(string, string, string, ...any)) {
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok {
			continue
		}
		group, _, found := strings.Cut(str(o["apiVersion"]), "/")
		if !found || slices.Contains(builtinGroups, group) || slices.Contains(in.ServedKinds, o.Kind()+"."+group) {
			continue
		}
		if !in.waitsForCRDOwner(r, map[string]bool{}) {
			report(SeverityError, r.URN, "%s %s (%s) does not depend on the Helm release or CRD that installs its type; the first apply would fail", o.Kind(), o.Name(), group)
		}
	}
}

func (in *Input) waitsForCRDOwner(r Resource, seen map[string]bool) bool {
	for _, d := range r.DependsOn {
		if seen[d] {
			continue
		}
		seen[d] = true
		dep := in.byURN[d]
		if dep == nil {
			continue
		}
		if strings.HasPrefix(dep.Type, "kubernetes:helm.sh/") || strings.HasSuffix(dep.Type, ":CustomResourceDefinition") {
			return true
		}
		if !dep.Custom && in.componentInstallsCRDs(dep.URN) {
			return true
		}
	}
	return false
}

func (in *Input) componentInstallsCRDs(urn string) bool {
	for _, c := range in.Resources {
		if c.Parent != urn {
			continue
		}
		if strings.HasPrefix(c.Type, "kubernetes:helm.sh/") || strings.HasSuffix(c.Type, ":CustomResourceDefinition") {
			return true
		}
		if !c.Custom && in.componentInstallsCRDs(c.URN) {
			return true
		}
	}
	return false
}

func checkStateful(in *Input, report func(string, string, string, ...any)) {
	prod := in.Config != nil && in.Config.Production()
	for _, r := range in.Resources {
		if prod && slices.Contains(in.Stateful, r.Type) && !r.Protect {
			report(SeverityError, r.URN, "%s %s is not protected in a production stack", r.Type, r.Name)
		}
		o, ok := KubernetesObject(r)
		if !ok || o.Kind() != "PersistentVolumeClaim" {
			continue
		}
		purpose := stringMap(Get(o, "metadata", "labels"))[mlkubelabels.Purpose]
		if purpose != config.PurposeModel && purpose != config.PurposeCheckpoint {
			continue
		}
		if !r.RetainOnDelete {
			report(SeverityError, r.URN, "%s volume %s would be deleted with the stack; set retainOnDelete", purpose, o.Name())
		}
		if prod && !r.Protect {
			report(SeverityError, r.URN, "%s volume %s is not protected in a production stack", purpose, o.Name())
		}
	}
}

func checkEndpoint(in *Input, report func(string, string, string, ...any)) {
	if in.Config == nil {
		return
	}
	ep := in.Config.Cluster.Endpoint
	if !ep.Public {
		return
	}
	for _, cidr := range ep.PublicCIDRs {
		if cidr == "0.0.0.0/0" || cidr == "::/0" {
			urn := ""
			for _, r := range in.Resources {
				if r.Custom && (strings.HasSuffix(r.Type, ":Cluster") || strings.HasSuffix(r.Type, ":ManagedCluster")) {
					urn = r.URN
					break
				}
			}
			report(SeverityError, urn, "cluster.endpoint.publicCidrs contains %s: the Kubernetes API would be open to the internet; list your office/VPN CIDRs or set endpoint.public: false", cidr)
		}
	}
}

// checkAvailability: a rolling update drops traffic without readiness probes,
// a node drain takes every replica at once without a PDB, and a PDB that
// allows no disruption at the Deployment's smallest size makes every drain
// (a node-group upgrade) fail after the cloud's timeout.
func checkAvailability(in *Input, report func(string, string, string, ...any)) {
	type pdb struct {
		urn, ns, name  string
		selector       map[string]string
		minAvailable   any
		maxUnavailable any
	}
	var pdbs []pdb
	hpaMin := map[string]int{} // namespace/deployment -> minReplicas
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok {
			continue
		}
		ns := str(Get(o, "metadata", "namespace"))
		switch o.Kind() {
		case "PodDisruptionBudget":
			pdbs = append(pdbs, pdb{r.URN, ns, o.Name(), stringMap(Get(o, "spec", "selector", "matchLabels")),
				Get(o, "spec", "minAvailable"), Get(o, "spec", "maxUnavailable")})
		case "HorizontalPodAutoscaler":
			if str(Get(o, "spec", "scaleTargetRef", "kind")) == "Deployment" {
				n, ok := Get(o, "spec", "minReplicas").(float64)
				if !ok {
					n = 1
				}
				hpaMin[ns+"/"+str(Get(o, "spec", "scaleTargetRef", "name"))] = int(n)
			}
		}
	}
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok || o.Kind() != "Deployment" {
			continue
		}
		spec, _ := o.PodSpec()
		for _, c := range list(spec["containers"]) {
			if Get(c, "readinessProbe") == nil {
				report(SeverityWarning, r.URN, "Deployment %s container %s has no readinessProbe: rolling updates may send traffic to pods that are not ready", o.Name(), str(Get(c, "name")))
			}
		}
		ns := str(Get(o, "metadata", "namespace"))
		replicas := 1
		if n, ok := Get(o, "spec", "replicas").(float64); ok {
			replicas = int(n)
		} else if n, ok := hpaMin[ns+"/"+o.Name()]; ok {
			replicas = n
		}
		labels := stringMap(Get(o, "spec", "template", "metadata", "labels"))
		covered := false
		for _, p := range pdbs {
			if p.ns != ns || len(p.selector) == 0 || !labelsMatch(p.selector, labels) {
				continue
			}
			covered = true
			if replicas > 0 && !allowsDisruption(p.minAvailable, p.maxUnavailable, replicas) {
				report(SeverityWarning, p.urn, "PodDisruptionBudget %s allows no eviction of Deployment %s at %d replica(s): a node drain (node-group upgrade) stalls until it times out; use maxUnavailable: 1", p.name, o.Name(), replicas)
			}
		}
		if !covered && replicas >= 2 {
			report(SeverityWarning, r.URN, "Deployment %s runs %d replicas without a PodDisruptionBudget: a node drain may stop them all", o.Name(), replicas)
		}
	}
}

// allowsDisruption says whether a budget lets one healthy pod of a
// controller running replicas pods be evicted (percentages round as the
// disruption controller rounds them: minAvailable up, maxUnavailable up).
func allowsDisruption(minAvailable, maxUnavailable any, replicas int) bool {
	count := func(v any, roundUp bool) (int, bool) {
		switch x := v.(type) {
		case float64:
			return int(x), true
		case string:
			if pct, ok := strings.CutSuffix(x, "%"); ok {
				n, err := strconv.Atoi(pct)
				if err != nil {
					return 0, false
				}
				if roundUp {
					return (n*replicas + 99) / 100, true
				}
				return n * replicas / 100, true
			}
			n, err := strconv.Atoi(x)
			return n, err == nil
		}
		return 0, false
	}
	if n, ok := count(maxUnavailable, true); ok {
		return n >= 1
	}
	if n, ok := count(minAvailable, true); ok {
		return n < replicas
	}
	return true
}

// checkNamespaceFirst: an object whose namespace the stack creates must wait
// for that Namespace, or the first apply fails. Pulumi does not pass a
// component's DependsOn to its children, so this is easy to get wrong.
func checkNamespaceFirst(in *Input, report func(string, string, string, ...any)) {
	namespaces := map[string]string{}
	for _, r := range in.Resources {
		if o, ok := KubernetesObject(r); ok && o.Kind() == "Namespace" {
			namespaces[str(Get(o, "metadata", "name"))] = r.URN
		}
	}
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok {
			continue
		}
		ns := str(Get(o, "metadata", "namespace"))
		nsURN, created := namespaces[ns]
		if !created || in.reaches(r, nsURN) {
			continue
		}
		report(SeverityError, r.URN, "%s %s does not wait for its Namespace %s; the first apply may fail", o.Kind(), o.Name(), ns)
	}
}

// reaches reports whether target is among r's dependencies, transitively.
func (in *Input) reaches(r Resource, target string) bool {
	seen := map[string]bool{}
	queue := append([]string{}, r.DependsOn...)
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if u == target {
			return true
		}
		if seen[u] {
			continue
		}
		seen[u] = true
		if d := in.byURN[u]; d != nil {
			queue = append(queue, d.DependsOn...)
		}
	}
	return false
}

// checkVolumeClass: a claim must name a class that exists (mlkube creates
// its mlkube-* classes from the cluster's provisioners) and that can serve
// its access mode; otherwise the claim stays Pending and its pods with it.
func checkVolumeClass(in *Input, report func(string, string, string, ...any)) {
	classes := map[string]string{} // name -> provisioner
	for _, r := range in.Resources {
		if o, ok := KubernetesObject(r); ok && o.Kind() == "StorageClass" {
			classes[str(Get(o, "metadata", "name"))] = str(o["provisioner"])
		}
	}
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok || o.Kind() != "PersistentVolumeClaim" {
			continue
		}
		class := str(Get(o, "spec", "storageClassName"))
		provisioner, known := classes[class]
		if !known {
			if strings.HasPrefix(class, "mlkube-") {
				report(SeverityError, r.URN, "PersistentVolumeClaim %s uses StorageClass %s, which this stack does not create (the cluster has no provisioner for it)", o.Name(), class)
			}
			continue
		}
		for _, m := range list(Get(o, "spec", "accessModes")) {
			if (m == "ReadWriteMany" || m == "ReadOnlyMany") && slices.Contains(in.BlockProvisioners, provisioner) {
				report(SeverityError, r.URN, "PersistentVolumeClaim %s asks for %s but %s (%s) attaches a volume to one node only; use a shared class", o.Name(), m, class, provisioner)
			}
		}
	}
}
