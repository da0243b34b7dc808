package plan

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mlkube/mlkube/internal/cost"
	"github.com/mlkube/mlkube/internal/policy"
)

// CommentLimit is the most characters GitHub accepts in a comment body.
const CommentLimit = 65536

// CommentMarker is the hidden line by which a workflow finds its earlier
// comment on a pull request and updates it instead of adding another.
const CommentMarker = "<!-- mlkube:plan-diff -->"

// StackDiff is the difference of one stack between base and head.
type StackDiff struct {
	Stack string
	Diff  *Difference
}

// WriteMarkdown renders the difference of one stack as a comment.
func (d *Difference) WriteMarkdown(w io.Writer, stack string) {
	WriteComment(w, []StackDiff{{Stack: stack, Diff: d}}, CommentLimit)
}

// WriteComment renders one pull-request comment for several stacks: one
// summary line per stack first, then each stack's detail collapsed. To stay
// under limit characters it cuts the detail, never the summary, and says
// how much it cut.
func WriteComment(w io.Writer, diffs []StackDiff, limit int) {
	var head strings.Builder
	fmt.Fprintf(&head, "%s\n### mlkube plan diff\n\n", CommentMarker)
	for _, sd := range diffs {
		fmt.Fprintf(&head, "- %s\n", summaryLine(sd))
	}
	for _, sd := range diffs {
		if c := cautionLine(sd); c != "" {
			fmt.Fprintf(&head, "\n> [!CAUTION]\n> %s\n", c)
		}
	}
	head.WriteString("\n")

	const noteReserve = 400
	budget := limit - head.Len() - noteReserve
	var body strings.Builder
	cut, total := 0, 0
	for _, sd := range diffs {
		lines := detailLines(sd.Diff)
		if len(lines) == 0 {
			continue
		}
		total += len(lines)
		open := fmt.Sprintf("<details><summary>%s: detail</summary>\n\n", sd.Stack)
		closing := "\n</details>\n\n"
		cutNote := "\n_… %d more line(s) cut here._\n"
		if budget < len(open)+len(closing)+len(cutNote)+10 {
			cut += len(lines)
			continue
		}
		budget -= len(open) + len(closing) + len(cutNote) + 10
		body.WriteString(open)
		shown := 0
		for _, l := range lines {
			if len(l)+1 > budget {
				break
			}
			budget -= len(l) + 1
			body.WriteString(l + "\n")
			shown++
		}
		if shown < len(lines) {
			fmt.Fprintf(&body, cutNote, len(lines)-shown)
			cut += len(lines) - shown
		}
		body.WriteString(closing)
	}
	io.WriteString(w, head.String())
	if cut > 0 {
		fmt.Fprintf(w, "> [!NOTE]\n> The detail is cut to stay under GitHub's %d-character limit: %d of %d lines shown. `make diff STACK=<stack>` prints all of it.\n\n", limit, total-cut, total)
	}
	io.WriteString(w, body.String())
}

// summaryLine is the one line a reviewer reads first.
func summaryLine(sd StackDiff) string {
	d := sd.Diff
	counts := map[string]int{}
	for _, r := range d.Resources {
		counts[r.Kind]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`**: %d added, %d changed, %d replaced, %d deleted", sd.Stack, counts[Added], counts[Changed], counts[Replaced], counts[Deleted])
	if n := d.Destructive(); n > 0 {
		fmt.Fprintf(&b, " · **%d destructive**", n)
	} else {
		b.WriteString(" · 0 destructive")
	}
	fmt.Fprintf(&b, " · findings %d added, %d fixed", len(d.FindingsAdded), len(d.FindingsFixed))
	fmt.Fprintf(&b, " · ready in %s → %s", time.Duration(d.BaseSeconds)*time.Second, time.Duration(d.HeadSeconds)*time.Second)
	fmt.Fprintf(&b, " · %s", costChange(d.BaseCost, d.HeadCost))
	return b.String()
}

// costChange is "cost $a–$b → $c–$d/month (+$x min, +$y max)".
func costChange(base, head *cost.Estimate) string {
	if base == nil && head == nil {
		return "cost not estimated"
	}
	if base == nil {
		return "cost " + head.Summary() + " (base not estimated)"
	}
	if head == nil {
		return "cost " + base.Summary() + " → not estimated"
	}
	if base.Summary() == head.Summary() {
		return "cost " + head.Summary() + " (no change)"
	}
	s := fmt.Sprintf("cost %s → %s", base.Summary(), head.Summary())
	if base.MonthlyMin != head.MonthlyMin || base.MonthlyMax != head.MonthlyMax {
		s += fmt.Sprintf(" (%s min, %s max)", signed(head.MonthlyMin-base.MonthlyMin), signed(head.MonthlyMax-base.MonthlyMax))
	} else {
		s += " (no change)"
	}
	return s
}

func signed(x float64) string {
	if x >= 0 {
		return "+" + cost.USD(x)
	}
	return cost.USD(x)
}

// cautionLine names the destructive changes, at most five.
func cautionLine(sd StackDiff) string {
	var names []string
	for _, u := range sd.Diff.Upgrade {
		names = append(names, u.Message)
	}
	for _, r := range sd.Diff.Resources {
		if r.Destructive {
			names = append(names, fmt.Sprintf("%s **%s** (%s: %s)", shortType(r.Type), r.Name, r.Kind, strings.Join(r.ForcedBy, ", ")))
		}
	}
	if len(names) == 0 {
		return ""
	}
	total, more := len(names), ""
	if total > 5 {
		more = fmt.Sprintf(" and %d more", total-5)
		names = names[:5]
	}
	return fmt.Sprintf("`%s`: %d destructive change(s): %s%s. Merging replaces or deletes them; `mlkube diff --fail-on destructive` fails the check.", sd.Stack, total, strings.Join(names, "; "), more)
}

// detailLines are one stack's detail: destructive changes first, then the
// other changes by kind, the cost by pool and item, and the findings.
func detailLines(d *Difference) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if len(d.Upgrade) > 0 {
		add("#### Kubernetes upgrade refused (%d)", len(d.Upgrade))
		add("")
		for _, u := range d.Upgrade {
			add("- **destructive**: %s", u.Message)
		}
		add("")
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
		add("#### %s (%d)", strings.ToUpper(kind[:1])+kind[1:], len(rows))
		add("")
		for _, r := range rows {
			mark := ""
			if r.Destructive {
				mark = " — **destructive** (" + strings.Join(r.ForcedBy, ", ") + ")"
			}
			if r.DataLoss {
				mark += " — **data loss**"
			}
			add("- `%s` **%s**%s", r.Type, r.Name, mark)
			for _, c := range r.Changes {
				why := ""
				if c.Replace {
					why = " _(forces replacement)_"
				}
				add("  - `%s`: `%s` → `%s`%s", c.Path, short(c.Before), short(c.After), why)
			}
		}
		add("")
	}
	out = append(out, costLines(d.BaseCost, d.HeadCost)...)
	out = append(out, findingLines("Findings added", d.FindingsAdded)...)
	out = append(out, findingLines("Findings fixed", d.FindingsFixed)...)
	if len(out) == 0 {
		add("No changes.")
	}
	return out
}

// costLines compare the two estimates by pool and item, listing what moved.
func costLines(base, head *cost.Estimate) []string {
	if base == nil || head == nil {
		return nil
	}
	type row struct{ before, after string }
	rows := map[string]*row{}
	var order []string
	put := func(key, v string, after bool) {
		r := rows[key]
		if r == nil {
			r = &row{before: "—", after: "—"}
			rows[key] = r
			order = append(order, key)
		}
		if after {
			r.after = v
		} else {
			r.before = v
		}
	}
	for i, e := range []*cost.Estimate{base, head} {
		for _, p := range e.Pools {
			v := "not priced"
			if e.OwnHardware != "" {
				v = cost.OwnHardware
			}
			if p.Machine != nil {
				v = fmt.Sprintf("%d–%d × %s%s: %s", p.NodesMin, p.NodesMax, p.MachineType, spotNote(p), cost.Range(p.MonthlyMin, p.MonthlyMax))
			}
			put("pool "+p.Pool, v, i == 1)
		}
		for _, it := range e.Items {
			put(it.Item, cost.USD(it.Monthly), i == 1)
		}
	}
	var out []string
	for _, k := range order {
		if r := rows[k]; r.before != r.after {
			out = append(out, fmt.Sprintf("| %s | %s | %s |", k, r.before, r.after))
		}
	}
	if len(out) == 0 {
		return nil
	}
	head2 := []string{"#### Monthly cost", "", "| | before | after |", "|---|---|---|"}
	out = append(head2, out...)
	out = append(out, fmt.Sprintf("| **total** | **%s** | **%s** |", cost.Range(base.MonthlyMin, base.MonthlyMax), cost.Range(head.MonthlyMin, head.MonthlyMax)), "")
	return out
}

func spotNote(p cost.PoolCost) string {
	if p.Spot {
		return " spot"
	}
	return ""
}

func findingLines(title string, fs []policy.Finding) []string {
	if len(fs) == 0 {
		return nil
	}
	out := []string{fmt.Sprintf("#### %s (%d)", title, len(fs)), ""}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("- %s `%s`: %s", f.Severity, f.Policy, f.Message))
	}
	return append(out, "")
}
