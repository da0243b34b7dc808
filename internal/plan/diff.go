package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

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

// Diff compares two plans of the same stack (base, then head).
func Diff(base, head *Plan) *Difference {
	d := &Difference{BaseSeconds: base.Estimate.CriticalPathSeconds, HeadSeconds: head.Estimate.CriticalPathSeconds}
	before := indexResources(base)
	after := indexResources(head)
	replaced := map[string]bool{}
	// Providers first: a replaced provider replaces everything it manages.
	for _, pass := range []bool{true, false} {
		for _, urn := range sortedKeys(after) {
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
	for _, urn := range sortedKeys(before) {
		if _, ok := after[urn]; !ok {
			b := before[urn]
			d.Resources = append(d.Resources, ResourceChange{Kind: Deleted, URN: urn, Type: b.Type, Name: b.Name, DataLoss: holdsData(b) && !b.RetainOnDelete})
		}
	}
	sort.SliceStable(d.Resources, func(i, j int) bool { return d.Resources[i].URN < d.Resources[j].URN })
	d.FindingsAdded = findingsMinus(head.Findings, base.Findings)
	d.FindingsFixed = findingsMinus(base.Findings, head.Findings)
	return d
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
		for _, k := range sortedKeys(keys) {
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

// WriteMarkdown renders the difference as a pull-request comment.
func (d *Difference) WriteMarkdown(w io.Writer, stack string) {
	counts := map[string]int{}
	loss := 0
	for _, r := range d.Resources {
		counts[r.Kind]++
		if r.DataLoss {
			loss++
		}
	}
	fmt.Fprintf(w, "### mlkube plan diff: `%s`\n\n", stack)
	fmt.Fprintf(w, "**%d added, %d changed, %d replaced, %d deleted**", counts[Added], counts[Changed], counts[Replaced], counts[Deleted])
	fmt.Fprintf(w, " · time to ready %s → %s\n\n", time.Duration(d.BaseSeconds)*time.Second, time.Duration(d.HeadSeconds)*time.Second)
	if loss > 0 {
		fmt.Fprintf(w, "> [!CAUTION]\n> %d resource(s) that hold data would be replaced or deleted. Check the rows marked **data loss** before merging.\n\n", loss)
	}
	for _, kind := range []string{Replaced, Deleted, Added, Changed} {
		var rows []ResourceChange
		for _, r := range d.Resources {
			if r.Kind == kind {
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(w, "#### %s (%d)\n\n", strings.ToUpper(kind[:1])+kind[1:], len(rows))
		for _, r := range rows {
			mark := ""
			if r.DataLoss {
				mark = " — **data loss**"
			}
			fmt.Fprintf(w, "- `%s` **%s**%s\n", r.Type, r.Name, mark)
			for _, c := range r.Changes {
				why := ""
				if c.Replace {
					why = " _(forces replacement)_"
				}
				fmt.Fprintf(w, "  - `%s`: `%s` → `%s`%s\n", c.Path, short(c.Before), short(c.After), why)
			}
		}
		fmt.Fprintln(w)
	}
	writeFindings(w, "Findings added", d.FindingsAdded)
	writeFindings(w, "Findings fixed", d.FindingsFixed)
	if len(d.Resources) == 0 && len(d.FindingsAdded) == 0 && len(d.FindingsFixed) == 0 {
		fmt.Fprintln(w, "No changes.")
	}
}

func writeFindings(w io.Writer, title string, fs []policy.Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(w, "#### %s (%d)\n\n", title, len(fs))
	for _, f := range fs {
		fmt.Fprintf(w, "- %s `%s`: %s\n", f.Severity, f.Policy, f.Message)
	}
	fmt.Fprintln(w)
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
