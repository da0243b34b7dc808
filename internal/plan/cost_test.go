package plan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDevEKSCostByHand checks the dev-eks estimate against figures worked
// out by hand from the stack file and the EKS us-east-1 table (730 h):
//
//	system  m6i.large $0.096/h × 730 = 70.08 + 100 GB root × $0.08 = 8.00 → 78.08/node, 1–3 nodes: 78.08–234.24
//	gpu     g5.xlarge $1.006/h × 730 = 734.38, spot 10.3%–100% (g5's range) → 75.64–734.38, + 200 GB × $0.08 = 16 → 0 nodes min, 2 max: 0–1,500.76
//	control plane $0.10 × 730 = 73.00; one NAT gateway (dev) $0.045 × 730 = 32.85 and its address $0.005 × 730 = 3.65
//	volumes at $0.08/GB-month: train-checkpoints 50 GB 4.00, Prometheus 50 GB 4.00, Elasticsearch 1 × 100 GB 8.00
//	min = 78.08 + 0 + 73 + 32.85 + 3.65 + 16 = 203.58
//	max = 234.24 + 1,500.76 + 73 + 32.85 + 3.65 + 16 = 1,860.50
func TestDevEKSCostByHand(t *testing.T) {
	sf, cfg := stackFile(t, "dev-eks")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	require.NotNil(t, p.Cost)
	c := p.Cost
	assert.Empty(t, c.Unpriced)

	pools := map[string][2]float64{}
	for _, pc := range c.Pools {
		pools[pc.Pool] = [2]float64{pc.MonthlyMin, pc.MonthlyMax}
	}
	assert.Equal(t, map[string][2]float64{"system": {78.08, 234.24}, "gpu": {0, 1500.76}}, pools)

	var items []string
	volumeGB := 0.0
	for _, it := range c.Items {
		items = append(items, it.Item)
		if strings.HasPrefix(it.Item, "volume ") {
			volumeGB += it.Quantity
		}
	}
	assert.Equal(t, 200.0, volumeGB, "50 GB claim + 50 GB Prometheus + 100 GB Elasticsearch: %v", items)
	assert.InDelta(t, 203.58, c.MonthlyMin, 0.001, "items: %v", items)
	assert.InDelta(t, 1860.50, c.MonthlyMax, 0.001, "items: %v", items)
	for _, it := range c.Items {
		assert.NotEmpty(t, it.Price.Source, it.Item)
	}

	var text bytes.Buffer
	p.WriteText(&text)
	assert.Contains(t, text.String(), "Monthly cost (USD, 730 h, list prices): $203.58–$1,860.50/month")
	assert.Contains(t, text.String(), "spot 10–100%")
}

// A stack on the team's own servers has no list price: the text plan says
// so for the stack and for each pool, and shows no $0.00 that a reader
// could add up.
func TestOwnHardwareIsNoZero(t *testing.T) {
	sf, cfg := stackFile(t, "onprem-kubeadm")
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	var text bytes.Buffer
	p.WriteText(&text)
	out := text.String()
	assert.Contains(t, out, "Monthly cost (USD, 730 h, list prices): own hardware, no list price")
	assert.Regexp(t, `(?m)^  gpu +onprem-gpu-l40s-4 +2–2 +own hardware +no list price +— +—$`, out)
	assert.NotContains(t, out, "not priced")
	assert.NotContains(t, out, "$0.00")
}

func TestUnknownMachineTypeIsAWarningNamingIt(t *testing.T) {
	sf, _ := stackFile(t, "dev-eks")
	sf.Values["mlkube:nodePools"] = strings.Replace(sf.Values["mlkube:nodePools"], `"m6i.large"`, `"m6i.metal-42"`, 1)
	p, err := Build(sf)
	require.NoError(t, err)
	var msgs []string
	for _, f := range p.Findings {
		if f.Policy == PolicyCost {
			assert.Equal(t, "warning", f.Severity)
			msgs = append(msgs, f.Message)
		}
	}
	require.Len(t, msgs, 1)
	assert.Contains(t, msgs[0], `machine type "m6i.metal-42" of node pool "system"`)
	// The pool is out of the sums, not priced at zero.
	assert.Nil(t, p.Cost.Pools[0].Machine)
	assert.Equal(t, p.Cost.Unpriced, msgs)
}

// renamed is dev-eks with its GPU pool renamed and on a larger machine.
func renamed(t *testing.T, rename bool) *config.StackFile {
	t.Helper()
	sf, _ := stackFile(t, "dev-eks")
	var pools []map[string]any
	require.NoError(t, json.Unmarshal([]byte(sf.Values["mlkube:nodePools"]), &pools))
	for _, p := range pools {
		if p["name"] == "gpu" {
			p["machineType"] = "g5.2xlarge"
			if rename {
				p["name"] = "gpu-a10"
			}
		}
	}
	b, _ := json.Marshal(pools)
	sf.Values["mlkube:nodePools"] = string(b)
	if rename {
		sf.Values["mlkube:workloads"] = strings.ReplaceAll(sf.Values["mlkube:workloads"], `"pool":"gpu"`, `"pool":"gpu-a10"`)
	}
	return sf
}

func TestNodePoolReplacementIsDestructive(t *testing.T) {
	sf, cfg := stackFile(t, "dev-eks")
	base, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	for _, rename := range []bool{false, true} {
		head, err := Build(renamed(t, rename))
		require.NoError(t, err)
		d := Diff(base, head)
		var groups []ResourceChange
		for _, r := range d.Resources {
			if r.Type == "aws:eks/nodeGroup:NodeGroup" {
				groups = append(groups, r)
			}
		}
		require.Len(t, groups, 1, "rename=%v: one node group changes", rename)
		g := groups[0]
		assert.Equal(t, Replaced, g.Kind)
		assert.True(t, g.Destructive)
		assert.Contains(t, g.ForcedBy, "instanceTypes")
		if rename {
			assert.Contains(t, g.ForcedBy[0], "renamed")
			assert.Contains(t, g.ForcedBy, "nodeGroupNamePrefix")
		}
		assert.Equal(t, 1, d.Destructive())
		// The larger machine costs more at max, the same at min (0 nodes).
		assert.Greater(t, head.Cost.MonthlyMax, base.Cost.MonthlyMax)
		assert.Equal(t, base.Cost.MonthlyMin, head.Cost.MonthlyMin)

		var md bytes.Buffer
		d.WriteMarkdown(&md, "dev-eks")
		assert.Contains(t, md.String(), "**1 destructive**")
		assert.Contains(t, md.String(), "[!CAUTION]")
	}
	assert.Equal(t, 0, Diff(base, base).Destructive())
}

// TestCommentStaysUnderLimit: the diff of a 1,000-service stack against an
// empty plan is far longer than GitHub takes; the comment is cut in the
// detail, says so, and keeps the summary whole.
func TestCommentStaysUnderLimit(t *testing.T) {
	head, err := Build(syntheticStack(1000))
	require.NoError(t, err)
	empty := &Plan{Stack: head.Stack}
	d := Diff(empty, head)
	require.Greater(t, len(d.Resources), 5000)

	var md bytes.Buffer
	WriteComment(&md, []StackDiff{{Stack: head.Stack, Diff: d}}, CommentLimit)
	out := md.String()
	assert.Less(t, len(out), CommentLimit)
	assert.True(t, strings.HasPrefix(out, CommentMarker))
	assert.Contains(t, out, "- "+summaryLine(StackDiff{Stack: head.Stack, Diff: d})+"\n")
	assert.Contains(t, out, "The detail is cut to stay under GitHub's 65536-character limit")
	assert.Contains(t, out, "more line(s) cut here")
	assert.Equal(t, strings.Count(out, "<details>"), strings.Count(out, "</details>"))
}
