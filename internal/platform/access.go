package platform

import (
	"fmt"
	"net"

	"github.com/mlkube/mlkube/components/inference"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
)

// identity asks the cluster for the cloud identity of one workload whose
// pods read object storage. The service account is the workload's own
// (the components name it after the workload). explicit says the stack
// asked for it (identity.read): a cluster that cannot give one is then an
// error; a read derived from model.source on such a cluster is left to
// whatever the cluster's pods already have.
func (w *workloads) identity(path, team, name string, read []string, explicit bool) (cluster.Identity, error) {
	if len(read) == 0 {
		return cluster.Identity{}, nil
	}
	if w.cl.WorkloadIdentity == nil {
		if explicit {
			return cluster.Identity{}, config.Errors{*w.refusal(path)}
		}
		return cluster.Identity{}, nil
	}
	id, err := w.cl.WorkloadIdentity(w.ctx, cluster.IdentityRequest{
		Name: team + "-" + name, Namespace: w.namespace(team), ServiceAccount: name, Read: read,
	})
	if err != nil {
		return cluster.Identity{}, fmt.Errorf("%s.identity: %w", path, err)
	}
	return id, nil
}

// identityRefused is the problem of an identity key on a cluster whose
// Shape gives workloads no cloud identity; nil when there is none.
func (w *workloads) identityRefused(path string, id *config.Identity) *config.FieldError {
	if id == nil || w.cl.WorkloadIdentities {
		return nil
	}
	return w.refusal(path)
}

func (w *workloads) refusal(path string) *config.FieldError {
	return &config.FieldError{Path: path + ".identity", Message: fmt.Sprintf("cluster provider %s gives workloads no cloud identity; remove identity and grant access through the cluster's own means", w.cl.Kind)}
}

// egress turns a stack's egress allowances into the components' rules:
// named destinations as the cluster resolves them, CIDRs as written (each
// block with the exceptions inside it). needsStorage adds objectStorage
// when the workload downloads from object storage or the web and the
// stack did not name it.
func (w *workloads) egress(list []config.Egress, needsStorage bool) []inference.EgressRule {
	var out []inference.EgressRule
	named := map[string]bool{}
	resolve := func(name string) {
		if named[name] {
			return
		}
		named[name] = true
		for _, d := range w.cl.EgressTo(name) {
			out = append(out, inference.EgressRule{CIDR: d.CIDR, Except: d.Except, Ports: d.Ports, Protocol: d.Protocol})
		}
	}
	for _, g := range list {
		if g.To != "" {
			resolve(g.To)
			continue
		}
		for _, c := range g.CIDRs {
			out = append(out, inference.EgressRule{CIDR: c, Except: inside(c, g.Except), Ports: g.Ports, Protocol: g.Protocol})
		}
	}
	if needsStorage {
		resolve(config.EgressObjectStorage)
	}
	return out
}

// inside keeps the exceptions that lie in block: a NetworkPolicy refuses
// an except outside its cidr.
func inside(block string, except []string) []string {
	_, b, err := net.ParseCIDR(block)
	if err != nil {
		return nil
	}
	bones, _ := b.Mask.Size()
	var out []string
	for _, x := range except {
		ip, n, err := net.ParseCIDR(x)
		if err != nil {
			continue
		}
		if ones, _ := n.Mask.Size(); b.Contains(ip) && ones >= bones {
			out = append(out, x)
		}
	}
	return out
}

// groups are a team's groups as the cluster's RBAC sees them.
func (w *workloads) groups(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, len(in))
	for i, g := range in {
		out[i] = w.cl.KubernetesGroup(g)
	}
	return out
}

// needsEgress declares objectStorage on a workload that downloads from
// object storage or the web: the reachability policy then proves that
// every pod of it (loader and canary included) may reach it.
func needsEgress(objectStorage bool) []string {
	if objectStorage {
		return []string{config.EgressObjectStorage}
	}
	return nil
}
