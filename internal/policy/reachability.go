package policy

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/netpol"
)

// Reach is where the traffic a workload needs comes from and goes to, as
// the cluster and its addons decide it; which workload needs which flow is
// read from the plan's objects.
type Reach struct {
	// Egress resolves the named destinations of labels.NeedsEgress (the
	// Cluster's EgressTo).
	Egress map[string][]cluster.EgressDestination
	// IngressNamespaces run the ingress controller that forwards to an
	// Ingress's backends; IngressCIDRs are the addresses a cloud load
	// balancer forwards from instead.
	IngressNamespaces []string
	IngressCIDRs      []string
	// MonitoringNamespace runs Prometheus ("" when monitoring is off).
	MonitoringNamespace string
}

// workloadComponentPrefix is the type prefix of the workload components
// (inference services, training jobs): their pods are the ones whose
// needs are checked.
const workloadComponentPrefix = "mlkube:workloads:"

// workloadPod is one pod template of a workload component.
type workloadPod struct {
	res      *Resource
	workload *Resource
	pod      netpol.Pod
	obj      Object
}

// need is one flow a pod needs, described for the finding.
type need struct {
	what string
	flow netpol.Flow
}

// checkReachability: every flow a workload's pods need is allowed by the
// stack's NetworkPolicies; one error per denied flow, naming the
// workload, the pod and the flow.
func checkReachability(in *Input, report func(string, string, string, ...any)) {
	model, ok := networkModel(in, report)
	if !ok {
		return
	}
	pods := in.workloadPods()
	for _, wp := range pods {
		for _, n := range in.needs(wp, pods) {
			v, err := model.Allowed(n.flow)
			if err != nil {
				report(SeverityError, wp.res.URN, "workload %s (%s): %s cannot be checked: %v", wp.workload.Name, wp.pod.Name, n.what, err)
				continue
			}
			if !v.Allowed {
				report(SeverityError, wp.res.URN, "workload %s (%s): %s is denied: %s", wp.workload.Name, wp.pod.Name, n.what, denial(v))
			}
		}
	}
}

// denial says which side refused and which policies isolate it.
func denial(v netpol.Verdict) string {
	var parts []string
	for _, s := range []struct {
		name string
		side netpol.Side
	}{{"egress", v.Egress}, {"ingress", v.Ingress}} {
		if !s.side.Allowed {
			parts = append(parts, fmt.Sprintf("no rule of the %s policies selecting the %s pod allows it (%s)", s.name, map[string]string{"egress": "source", "ingress": "destination"}[s.name], strings.Join(s.side.Policies, ", ")))
		}
	}
	return strings.Join(parts, "; ")
}

// networkModel is the stack's namespaces and NetworkPolicies; a policy
// that cannot be read is an error of its own.
func networkModel(in *Input, report func(string, string, string, ...any)) (netpol.Cluster, bool) {
	c, bad := Network(in.Resources)
	for _, urn := range slices.Sorted(maps.Keys(bad)) {
		report(SeverityError, urn, "%v", bad[urn])
	}
	return c, len(bad) == 0
}

// Network is what decides reachability in a set of resources: their
// Namespaces and NetworkPolicies. Policies that cannot be read are left
// out and returned by URN.
func Network(rs []Resource) (netpol.Cluster, map[string]error) {
	var c netpol.Cluster
	bad := map[string]error{}
	for _, r := range rs {
		o, isObj := KubernetesObject(r)
		if !isObj {
			continue
		}
		switch o.Kind() {
		case "Namespace":
			c.Namespaces = append(c.Namespaces, netpol.ParseNamespace(o))
		case "NetworkPolicy":
			p, err := netpol.ParsePolicy(o)
			if err != nil {
				bad[r.URN] = err
				continue
			}
			c.Policies = append(c.Policies, p)
		}
	}
	return c, bad
}

// PodOf is the pod a workload object (Deployment, StatefulSet, DaemonSet,
// ReplicaSet, Job, CronJob) runs, named "Kind namespace/name".
func PodOf(r Resource) (netpol.Pod, bool) {
	o, ok := KubernetesObject(r)
	if !ok {
		return netpol.Pod{}, false
	}
	t, ok := podTemplate(o)
	if !ok {
		return netpol.Pod{}, false
	}
	return netpol.ParsePod(o.Kind()+" "+o.Name(), str(Get(o, "metadata", "namespace")), t), true
}

// DNSPod stands for the cluster DNS's pods.
func DNSPod() netpol.Pod { return dnsPod }

// podTemplate is the pod template a workload object runs.
func podTemplate(o Object) (map[string]any, bool) {
	var t any
	switch o.Kind() {
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
		t = Get(o, "spec", "template")
	case "CronJob":
		t = Get(o, "spec", "jobTemplate", "spec", "template")
	}
	m, ok := t.(map[string]any)
	return m, ok
}

// workloadOf is the nearest workload component above r.
func (in *Input) workloadOf(r *Resource) *Resource {
	for p := in.byURN[r.Parent]; p != nil; p = in.byURN[p.Parent] {
		if !p.Custom && strings.HasPrefix(p.Type, workloadComponentPrefix) {
			return p
		}
	}
	return nil
}

func (in *Input) workloadPods() []workloadPod {
	var out []workloadPod
	for i := range in.Resources {
		r := &in.Resources[i]
		o, ok := KubernetesObject(*r)
		if !ok {
			continue
		}
		t, ok := podTemplate(o)
		if !ok || Get(t, "spec", "hostNetwork") == true {
			continue
		}
		w := in.workloadOf(r)
		if w == nil {
			continue
		}
		pod, _ := PodOf(*r)
		out = append(out, workloadPod{res: r, workload: w, obj: o, pod: pod})
	}
	return out
}

// dnsPod stands for the cluster DNS's pods.
var dnsPod = netpol.Pod{Name: "the cluster DNS", Namespace: labels.DNSNamespace, Labels: map[string]string{labels.DNSAppKey: labels.DNSAppValue}}

// needs are the flows one pod needs: DNS; the named destinations its
// object declares; the rest of its workload's own egress allowances
// (the model loader excepted: it only reads its source); and what reaches
// it: the ingress controller, Prometheus, clients of a node port or load
// balancer, and the other pods of a distributed job.
func (in *Input) needs(wp workloadPod, all []workloadPod) []need {
	from := netpol.Endpoint{Pod: &wp.pod}
	var out []need
	for _, proto := range []string{netpol.UDP, netpol.TCP} {
		out = append(out, need{
			what: fmt.Sprintf("DNS (%s to %s/%s=%s pods, port 53)", proto, labels.DNSNamespace, labels.DNSAppKey, labels.DNSAppValue),
			flow: netpol.Flow{From: from, To: netpol.Endpoint{Pod: &dnsPod}, Protocol: proto, Port: 53},
		})
	}
	for _, name := range declaredEgress(wp.obj) {
		dests, ok := in.Reach.Egress[name]
		if !ok {
			dests = cluster.PublicHTTPS()
		}
		for _, d := range dests {
			out = append(out, destinationNeeds(from, fmt.Sprintf("its %s egress", name), d.CIDR, d.Except, d.Protocol, d.Ports)...)
		}
	}
	if !isLoader(wp.pod) {
		out = append(out, in.allowanceNeeds(wp, all)...)
	}
	out = append(out, in.ingressNeeds(wp)...)
	out = append(out, in.peerNeeds(wp)...)
	return out
}

// declaredEgress are the names in the object's labels.NeedsEgress.
func declaredEgress(o Object) []string {
	var out []string
	for _, n := range strings.Split(str(Get(o, "metadata", "annotations", labels.NeedsEgress)), ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// destinationNeeds are the flows to one external destination, a port at a
// time (every TCP port when none is given).
func destinationNeeds(from netpol.Endpoint, what, cidr string, except []string, protocol string, ports []int) []need {
	if protocol == "" {
		protocol = netpol.TCP
	}
	to := netpol.Endpoint{CIDR: cidr, Except: except}
	desc := cidr
	if len(except) > 0 {
		desc += " except " + strings.Join(except, ", ")
	}
	if len(ports) == 0 {
		return []need{{what: fmt.Sprintf("%s (%s every port to %s)", what, protocol, desc), flow: netpol.Flow{From: from, To: to, Protocol: protocol, Port: 1, EndPort: 65535}}}
	}
	var out []need
	for _, p := range ports {
		out = append(out, need{what: fmt.Sprintf("%s (%s %d to %s)", what, protocol, p, desc), flow: netpol.Flow{From: from, To: to, Protocol: protocol, Port: p}})
	}
	return out
}

func isLoader(p netpol.Pod) bool { return p.Labels[labels.Component] == labels.ModelLoaderComponent }

// allowanceNeeds: the external destinations the workload's own egress
// policies open to its servers or jobs are needs of each of them, so that
// a canary reaches what its stable version reaches. The loader's own
// policy is not an allowance of the servers.
func (in *Input) allowanceNeeds(wp workloadPod, all []workloadPod) []need {
	from := netpol.Endpoint{Pod: &wp.pod}
	var out []need
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok || o.Kind() != "NetworkPolicy" || r.Parent != wp.workload.URN {
			continue
		}
		p, err := netpol.ParsePolicy(o)
		if err != nil {
			continue // reported by networkModel
		}
		servers := false
		for _, other := range all {
			if other.workload == wp.workload && !isLoader(other.pod) && other.pod.Namespace == p.Namespace && p.PodSelector.Matches(other.pod.Labels) {
				servers = true
			}
		}
		if !servers {
			continue
		}
		for _, rule := range p.Egress {
			for _, peer := range rule.Peers {
				if peer.IPBlock == nil {
					continue
				}
				what := "the workload's egress allowance of " + o.Name()
				byProto := map[string][]int{}
				var protos []string
				for _, port := range rule.Ports {
					if port.Name != "" || port.EndPort > 0 {
						continue
					}
					proto := port.Protocol
					if proto == "" {
						proto = netpol.TCP
					}
					if _, seen := byProto[proto]; !seen {
						protos = append(protos, proto)
					}
					if port.Port > 0 {
						byProto[proto] = append(byProto[proto], port.Port)
					} else {
						byProto[proto] = byProto[proto][:0:0]
					}
				}
				if len(rule.Ports) == 0 {
					protos = []string{netpol.TCP}
				}
				for _, proto := range protos {
					out = append(out, destinationNeeds(from, what, peer.IPBlock.CIDR, peer.IPBlock.Except, proto, byProto[proto])...)
				}
			}
		}
	}
	return out
}

// targetPort resolves a Service port's targetPort on the pod.
func targetPort(sp map[string]any, pod netpol.Pod) (int, string, bool) {
	proto := str(sp["protocol"])
	if proto == "" {
		proto = netpol.TCP
	}
	t := sp["targetPort"]
	if t == nil {
		t = sp["port"]
	}
	if name, isName := t.(string); isName {
		if p, ok := namedPort(pod, name, proto); ok {
			return p, proto, true
		}
		return 0, proto, false
	}
	n, ok := number(t)
	return n, proto, ok
}

func namedPort(pod netpol.Pod, name, proto string) (int, bool) {
	for _, cp := range pod.Ports {
		cpProto := cp.Protocol
		if cpProto == "" {
			cpProto = netpol.TCP
		}
		if cp.Name == name && cpProto == proto {
			return cp.Port, true
		}
	}
	return 0, false
}

func number(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case float64:
		return int(n), true
	}
	return 0, false
}

// selects: a Service's or monitor's matchLabels select the pod of its namespace.
func selects(ns string, sel map[string]string, pod netpol.Pod) bool {
	return len(sel) > 0 && ns == pod.Namespace && netpol.Selector{MatchLabels: sel}.Matches(pod.Labels)
}

// ingressNeeds: the controller reaches the backends of every Ingress, the
// clients of a node port or load balancer the pods behind it, and
// Prometheus the pods a PodMonitor scrapes.
func (in *Input) ingressNeeds(wp workloadPod) []need {
	to := netpol.Endpoint{Pod: &wp.pod}
	var out []need
	services := map[string]Object{}
	for _, r := range in.Resources {
		if o, ok := KubernetesObject(r); ok && o.Kind() == "Service" {
			services[o.Name()] = o
		}
	}
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok {
			continue
		}
		ns := str(Get(o, "metadata", "namespace"))
		switch o.Kind() {
		case "Ingress":
			for _, svcName := range ingressBackends(o) {
				svc, ok := services[ns+"/"+svcName]
				if !ok || !selects(ns, stringMap(Get(svc, "spec", "selector")), wp.pod) {
					continue
				}
				for _, sp := range list(Get(svc, "spec", "ports")) {
					port, proto, ok := targetPort(sp.(map[string]any), wp.pod)
					if !ok {
						continue
					}
					for _, cns := range in.Reach.IngressNamespaces {
						src := netpol.Pod{Name: "the ingress controller", Namespace: cns}
						out = append(out, need{what: fmt.Sprintf("ingress from the ingress controller in namespace %s for Ingress %s (%s %d)", cns, o.Name(), proto, port),
							flow: netpol.Flow{From: netpol.Endpoint{Pod: &src}, To: to, Protocol: proto, Port: port}})
					}
					for _, cidr := range in.Reach.IngressCIDRs {
						out = append(out, need{what: fmt.Sprintf("ingress from the load balancer's addresses %s for Ingress %s (%s %d)", cidr, o.Name(), proto, port),
							flow: netpol.Flow{From: netpol.Endpoint{CIDR: cidr}, To: to, Protocol: proto, Port: port}})
					}
				}
			}
		case "Service":
			typ := str(Get(o, "spec", "type"))
			if (typ != "NodePort" && typ != "LoadBalancer") || !selects(ns, stringMap(Get(o, "spec", "selector")), wp.pod) {
				continue
			}
			sources := []string{"0.0.0.0/0"}
			if typ == "LoadBalancer" {
				if r := list(Get(o, "spec", "loadBalancerSourceRanges")); len(r) > 0 {
					sources = sources[:0]
					for _, c := range r {
						sources = append(sources, str(c))
					}
				}
			}
			for _, sp := range list(Get(o, "spec", "ports")) {
				port, proto, ok := targetPort(sp.(map[string]any), wp.pod)
				if !ok {
					continue
				}
				for _, c := range sources {
					out = append(out, need{what: fmt.Sprintf("ingress from clients %s of %s Service %s (%s %d)", c, typ, o.Name(), proto, port),
						flow: netpol.Flow{From: netpol.Endpoint{CIDR: c}, To: to, Protocol: proto, Port: port}})
				}
			}
		case "PodMonitor":
			if in.Reach.MonitoringNamespace == "" || !selects(ns, stringMap(Get(o, "spec", "selector", "matchLabels")), wp.pod) {
				continue
			}
			for _, ep := range list(Get(o, "spec", "podMetricsEndpoints")) {
				port, ok := namedPort(wp.pod, str(Get(ep, "port")), netpol.TCP)
				if !ok {
					continue
				}
				src := netpol.Pod{Name: "Prometheus", Namespace: in.Reach.MonitoringNamespace}
				out = append(out, need{what: fmt.Sprintf("ingress from Prometheus in namespace %s for PodMonitor %s (TCP %d)", in.Reach.MonitoringNamespace, o.Name(), port),
					flow: netpol.Flow{From: netpol.Endpoint{Pod: &src}, To: to, Protocol: netpol.TCP, Port: port}})
			}
		}
	}
	return out
}

// ingressBackends are the Service names an Ingress routes to.
func ingressBackends(o Object) []string {
	var out []string
	add := func(b any) {
		if n := str(Get(b, "service", "name")); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	add(Get(o, "spec", "defaultBackend"))
	for _, rule := range list(Get(o, "spec", "rules")) {
		for _, p := range list(Get(rule, "http", "paths")) {
			add(Get(p, "backend"))
		}
	}
	return out
}

// peerNeeds: the pods of an Indexed Job behind a headless Service (a
// distributed job's rendezvous) reach each other on its ports.
func (in *Input) peerNeeds(wp workloadPod) []need {
	if wp.obj.Kind() != "Job" || str(Get(wp.obj, "spec", "completionMode")) != "Indexed" {
		return nil
	}
	var out []need
	for _, r := range in.Resources {
		o, ok := KubernetesObject(r)
		if !ok || o.Kind() != "Service" || str(Get(o, "spec", "clusterIP")) != "None" {
			continue
		}
		ns := str(Get(o, "metadata", "namespace"))
		if !selects(ns, stringMap(Get(o, "spec", "selector")), wp.pod) {
			continue
		}
		for _, sp := range list(Get(o, "spec", "ports")) {
			port, proto, ok := targetPort(sp.(map[string]any), wp.pod)
			if !ok {
				continue
			}
			out = append(out, need{what: fmt.Sprintf("its peers of the same job through Service %s (%s %d)", o.Name(), proto, port),
				flow: netpol.Flow{From: netpol.Endpoint{Pod: &wp.pod}, To: netpol.Endpoint{Pod: &wp.pod}, Protocol: proto, Port: port}})
		}
	}
	return out
}
