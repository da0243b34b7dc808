package plan

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/cost"
	"github.com/mlkube/mlkube/internal/policy"
)

// Change kinds of a resource between two plans.
const (
	Added    = "added"
	Changed  = "changed"
	Replaced = "replaced"
	Deleted  = "deleted"
)

// ResourceChange is one resource that differs between two plans.
type ResourceChange struct {
	Kind     string
	URN      string
	Type     string
	Name     string
	Changes  []PropertyChange
	DataLoss bool // a replaced or deleted resource that holds data and is not retained
	// Destructive: the change replaces or deletes a cluster, a node pool,
	// a key, a volume claim or a storage class. ForcedBy names why: the
	// properties whose change forces the replacement, "renamed", or
	// "removed from the stack".
	Destructive bool
	ForcedBy    []string
	// From is the URN a renamed resource had in the base plan.
	From string
}

// PropertyChange is one changed input, by its dotted path.
type PropertyChange struct {
	Path    string
	Before  any
	After   any
	Replace bool
}

// Difference is what `mlkube diff` reports.
type Difference struct {
	Resources     []ResourceChange
	FindingsAdded []policy.Finding
	FindingsFixed []policy.Finding
	BaseSeconds   int
	HeadSeconds   int
	// BaseCost and HeadCost are the plans' monthly estimates (nil when a
	// plan predates them).
	BaseCost, HeadCost *cost.Estimate
	// Upgrade are Kubernetes version changes the clouds refuse (more than
	// one minor at once, a downgrade) or node pools outside the skew policy.
	Upgrade []UpgradeProblem
}

// replaceOn lists, per resource type prefix, the input paths whose change
// makes the engine replace the resource instead of updating it in place.
// It follows the providers' schemas for the properties mlkube sets.
var replaceOn = map[string][]string{
	"kubernetes:":                               {"metadata.name", "metadata.namespace"},
	"kubernetes:apps/v1:Deployment":             {"spec.selector"},
	"kubernetes:apps/v1:StatefulSet":            {"spec.selector", "spec.volumeClaimTemplates", "spec.serviceName"},
	"kubernetes:batch/v1:Job":                   {"spec.template", "spec.selector", "spec.completions", "spec.completionMode"},
	"kubernetes:core/v1:PersistentVolumeClaim":  {"spec.storageClassName", "spec.accessModes", "spec.volumeName", "spec.selector"},
	"kubernetes:storage.k8s.io/v1:StorageClass": {"provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"},
	"pulumi:providers:kubernetes":               {"clusterIdentifier"},
}

// dataTypes hold data that a replacement or deletion loses: claims, and
// what each cluster provider says is stateful (clusters, keys, file systems).
var dataTypes = append([]string{"kubernetes:core/v1:PersistentVolumeClaim"}, offline.Stateful...)

// destructiveTypes are the types whose replacement or deletion a reviewer
// must see first: what holds data, storage classes (every claim of the
// class points at it), and the node pools a provider can only replace
// (those with replace-on properties: a node group, not its launch template).
var destructiveTypes = func() map[string]bool {
	m := map[string]bool{"kubernetes:storage.k8s.io/v1:StorageClass": true}
	for _, t := range dataTypes {
		m[t] = true
	}
	for _, t := range offline.NodePoolTypes {
		if len(offline.ReplaceOn[t]) > 0 {
			m[t] = true
		}
	}
	return m
}()

// Diff compares two plans of the same stack (base, then head).
func Diff(base, head *Plan) *Difference {
	d := &Difference{BaseSeconds: base.Estimate.CriticalPathSeconds, HeadSeconds: head.Estimate.CriticalPathSeconds, BaseCost: base.Cost, HeadCost: head.Cost}
	before := indexResources(base)
	after := indexResources(head)
	replaced := map[string]bool{}
	// Providers first: a replaced provider replaces everything it manages.
	for _, pass := range []bool{true, false} {
		for _, urn := range slices.Sorted(maps.Keys(after)) {
			a := after[urn]
			if strings.HasPrefix(a.Type, "pulumi:providers:") != pass {
				continue
			}
			b, ok := before[urn]
			if !ok {
				d.Resources = append(d.Resources, ResourceChange{Kind: Added, URN: urn, Type: a.Type, Name: a.Name})
				continue
			}
			changes := diffValues("", b.Inputs, a.Inputs, a.Type)
			rc := ResourceChange{Kind: Changed, URN: urn, Type: a.Type, Name: a.Name, Changes: changes}
			for _, c := range changes {
				if c.Replace {
					rc.Kind = Replaced
				}
			}
			if a.Provider != "" && replaced[a.Provider] {
				rc.Kind = Replaced
				rc.Changes = append(rc.Changes, PropertyChange{Path: "(provider)", Before: a.Provider, After: "replaced", Replace: true})
			}
			if len(rc.Changes) == 0 {
				continue
			}
			if rc.Kind == Replaced {
				replaced[urn] = true
				rc.DataLoss = holdsData(a) && !b.RetainOnDelete
			}
			d.Resources = append(d.Resources, rc)
		}
	}
	for _, urn := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[urn]; !ok {
			b := before[urn]
			d.Resources = append(d.Resources, ResourceChange{Kind: Deleted, URN: urn, Type: b.Type, Name: b.Name, DataLoss: holdsData(b) && !b.RetainOnDelete})
		}
	}
	d.Resources = pairRenames(d.Resources, before, after)
	for i := range d.Resources {
		markDestructive(&d.Resources[i])
	}
	sort.SliceStable(d.Resources, func(i, j int) bool { return d.Resources[i].URN < d.Resources[j].URN })
	d.Upgrade = upgradeProblems(base, head)
	d.FindingsAdded = findingsMinus(head.Findings, base.Findings)
	d.FindingsFixed = findingsMinus(base.Findings, head.Findings)
	return d
}

// pairRenames turns a deletion and an addition of the same destructive type
// (a node pool renamed, a claim renamed) into one replacement: the engine
// deletes the old one and creates the new one, and the reviewer should see
// it as what it is, with the properties that changed besides the name.
func pairRenames(rcs []ResourceChange, before, after map[string]*policy.Resource) []ResourceChange {
	deleted := map[string][]int{}
	for i, rc := range rcs {
		if rc.Kind == Deleted && destructiveTypes[rc.Type] {
			deleted[rc.Type] = append(deleted[rc.Type], i)
		}
	}
	drop := map[int]bool{}
	for i := range rcs {
		rc := &rcs[i]
		if rc.Kind != Added || len(deleted[rc.Type]) == 0 {
			continue
		}
		j := deleted[rc.Type][0]
		deleted[rc.Type] = deleted[rc.Type][1:]
		old := before[rcs[j].URN]
		rc.Kind, rc.From = Replaced, old.URN
		rc.Changes = diffValues("", old.Inputs, after[rc.URN].Inputs, rc.Type)
		rc.ForcedBy = []string{"renamed " + old.Name + " → " + rc.Name}
		rc.DataLoss = holdsData(old) && !old.RetainOnDelete
		drop[j] = true
	}
	out := rcs[:0:0]
	for i, rc := range rcs {
		if !drop[i] {
			out = append(out, rc)
		}
	}
	return out
}

// markDestructive flags replacements and deletions of destructive types
// and names the properties that force them.
func markDestructive(rc *ResourceChange) {
	if !destructiveTypes[rc.Type] {
		return
	}
	switch rc.Kind {
	case Deleted:
		rc.Destructive = true
		rc.ForcedBy = []string{"removed from the stack"}
	case Replaced:
		rc.Destructive = true
		for _, c := range rc.Changes {
			if c.Replace && !slices.Contains(rc.ForcedBy, c.Path) {
				rc.ForcedBy = append(rc.ForcedBy, c.Path)
			}
		}
	}
}

// Destructive counts the destructive changes: replacements and deletions
// of what holds data or runs nodes, and version changes the clouds refuse.
func (d *Difference) Destructive() int {
	n := len(d.Upgrade)
	for _, r := range d.Resources {
		if r.Destructive {
			n++
		}
	}
	return n
}

func indexResources(p *Plan) map[string]*policy.Resource {
	m := make(map[string]*policy.Resource, len(p.Resources))
	for i := range p.Resources {
		m[p.Resources[i].URN] = &p.Resources[i]
	}
	return m
}

func holdsData(r *policy.Resource) bool {
	for _, t := range dataTypes {
		if r.Type == t {
			return true
		}
	}
	return false
}

// diffValues lists changed leaves; lists are compared whole so a reordered
// list shows as one change.
func diffValues(path string, before, after any, typ string) []PropertyChange {
	bm, bok := before.(map[string]any)
	am, aok := after.(map[string]any)
	if bok && aok {
		keys := map[string]bool{}
		for k := range bm {
			keys[k] = true
		}
		for k := range am {
			keys[k] = true
		}
		var out []PropertyChange
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			out = append(out, diffValues(joinPath(path, k), bm[k], am[k], typ)...)
		}
		return out
	}
	if reflect.DeepEqual(before, after) {
		return nil
	}
	return []PropertyChange{{Path: path, Before: before, After: after, Replace: replaces(typ, path)}}
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func replaces(typ, path string) bool {
	if slices.ContainsFunc(offline.ReplaceOn[typ], func(p string) bool { return path == p || strings.HasPrefix(path, p+".") }) {
		return true
	}
	for prefix, paths := range replaceOn {
		if !(typ == prefix || strings.HasSuffix(prefix, ":") && strings.HasPrefix(typ, prefix)) {
			continue
		}
		for _, p := range paths {
			if path == p || strings.HasPrefix(path, p+".") {
				return true
			}
		}
	}
	return false
}

func findingsMinus(a, b []policy.Finding) []policy.Finding {
	seen := map[policy.Finding]bool{}
	for _, f := range b {
		seen[f] = true
	}
	out := []policy.Finding{}
	for _, f := range a {
		if !seen[f] {
			out = append(out, f)
		}
	}
	return out
}

func short(v any) string {
	if v == nil {
		return "(none)"
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strings.ReplaceAll(s, "`", "'")
}
