package plan

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mlkube/mlkube/internal/policy"
)

// WriteText prints the plan for people: resources grouped by layer with
// counts per type, the components of each layer, the findings and the
// estimated time to a ready platform.
func (p *Plan) WriteText(w io.Writer) {
	byURN := map[string]*policy.Resource{}
	for i := range p.Resources {
		byURN[p.Resources[i].URN] = &p.Resources[i]
	}
	layers := map[string][]*policy.Resource{}
	for i := range p.Resources {
		r := &p.Resources[i]
		l := layerOf(r, byURN)
		layers[l] = append(layers[l], r)
	}
	fmt.Fprintf(w, "Plan for stack %s (project %s): %d resources\n", p.Stack, p.Project, len(p.Resources))
	for _, l := range Layers {
		rs := layers[l]
		fmt.Fprintf(w, "\n%s (%d)\n", strings.ToUpper(l[:1])+l[1:], len(rs))
		counts := map[string]int{}
		var components []string
		for _, r := range rs {
			if r.Custom {
				counts[r.Type]++
			} else if byURN[r.Parent] == nil || byURN[r.Parent].Custom {
				components = append(components, fmt.Sprintf("%s %s", shortType(r.Type), r.Name))
			}
		}
		sort.Strings(components)
		for _, c := range components {
			fmt.Fprintf(w, "  + %s\n", c)
		}
		for _, t := range slices.Sorted(maps.Keys(counts)) {
			fmt.Fprintf(w, "    %4d  %s\n", counts[t], t)
		}
	}
	errors, warnings := 0, 0
	for _, f := range p.Findings {
		if f.Severity == policy.SeverityError {
			errors++
		} else {
			warnings++
		}
	}
	fmt.Fprintf(w, "\nFindings: %d error(s), %d warning(s)\n", errors, warnings)
	for _, f := range p.Findings {
		fmt.Fprintf(w, "  %-7s [%s] %s\n", f.Severity, f.Policy, f.Message)
	}
	fmt.Fprintf(w, "\nEstimated time to ready: %s\n", time.Duration(p.Estimate.CriticalPathSeconds)*time.Second)
	for _, u := range p.Estimate.CriticalPath {
		if r := byURN[u]; r != nil {
			fmt.Fprintf(w, "  %6s  %s %s\n", time.Duration(durationOf(r))*time.Second, r.Type, r.Name)
		}
	}
	writeCost(w, p.Cost)
	for _, k := range slices.Sorted(maps.Keys(p.Outputs)) {
		if k == "notes" {
			fmt.Fprintf(w, "\nNotes:\n")
			for _, n := range asStrings(p.Outputs[k]) {
				fmt.Fprintf(w, "  - %s\n", n)
			}
		}
	}
}

func shortType(t string) string {
	return t[strings.LastIndex(t, ":")+1:]
}

func asStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		out = append(out, fmt.Sprint(x))
	}
	return out
}
