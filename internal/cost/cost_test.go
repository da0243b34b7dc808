package cost

import (
	"github.com/mlkube/mlkube/internal/pricing"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hourly(usd float64) pricing.Price {
	return pricing.Price{USD: usd, Unit: pricing.PerHour, Source: "test"}
}
func gbMonth(usd float64) pricing.Price {
	return pricing.Price{USD: usd, Unit: pricing.PerGBMonth, Source: "test"}
}
func diskMonth(usd float64) pricing.Price {
	return pricing.Price{USD: usd, Unit: pricing.PerDiskMonth, Source: "test"}
}

var testCatalog = &pricing.Catalog{
	Spot: pricing.Spot{Low: 0.1, High: 1, Source: "test"},
	Regions: map[string]pricing.Region{"r1": {
		Machines:     map[string]pricing.Price{"cpu.large": hourly(0.1), "gpu.xlarge": hourly(1)},
		Resources:    map[string]pricing.Price{"cloud:cluster": hourly(0.1), "cloud:nat": hourly(0.05)},
		Volumes:      map[string]pricing.Price{"block.csi": gbMonth(0.1)},
		NodeDisk:     &pricing.Price{USD: 0.1, Unit: pricing.PerGBMonth, Source: "test"},
		LoadBalancer: &pricing.Price{USD: 0.02, Unit: pricing.PerHour, Source: "test"},
	}},
}

func custom(typ, name string, inputs map[string]any) policy.Resource {
	return policy.Resource{URN: "urn:" + name, Type: typ, Name: name, Custom: true, Inputs: inputs}
}

func pvc(name, size, class string) policy.Resource {
	spec := map[string]any{"accessModes": []any{"ReadWriteOnce"}, "resources": map[string]any{"requests": map[string]any{"storage": size}}}
	if class != "" {
		spec["storageClassName"] = class
	}
	return custom("kubernetes:core/v1:PersistentVolumeClaim", name, map[string]any{"metadata": map[string]any{"name": name}, "spec": spec})
}

func TestComputeByHand(t *testing.T) {
	in := Input{Kind: "cloud", Catalog: testCatalog, Region: "r1", DefaultProvisioner: "block.csi",
		Pools: []config.NodePool{
			{Name: "system", MachineType: "cpu.large", Min: 1, Max: 3, DiskGB: 100},
			{Name: "gpu", MachineType: "gpu.xlarge", Min: 1, Max: 2, DiskGB: 200, Spot: true},
		},
		Resources: []policy.Resource{
			custom("cloud:cluster", "c", nil),
			custom("cloud:nat", "nat-a", nil),
			custom("cloud:nat", "nat-b", nil),
			custom(typeStorageClass, "fast", map[string]any{"metadata": map[string]any{"name": "fast"}, "provisioner": "block.csi"}),
			pvc("data", "2Ti", "fast"),
			pvc("cache", "500Mi", ""),
			custom(typeService, "web", map[string]any{"spec": map[string]any{"type": "LoadBalancer"}}),
			custom(typeService, "internal", map[string]any{"spec": map[string]any{"type": "ClusterIP"}}),
		},
	}
	e, warns := Compute(in)
	require.Empty(t, warns)
	// system: 0.1 × 730 = 73 + 100 GB × 0.1 = 10 → 83 per node, 1–3 nodes.
	// gpu: 1 × 730 = 730 on demand, spot 73–730, + 200 GB × 0.1 = 20 → 93–750 per node, 1–2 nodes.
	require.Len(t, e.Pools, 2)
	assert.Equal(t, [2]float64{83, 249}, [2]float64{e.Pools[0].MonthlyMin, e.Pools[0].MonthlyMax})
	assert.Equal(t, [2]float64{93, 1500}, [2]float64{e.Pools[1].MonthlyMin, e.Pools[1].MonthlyMax})
	assert.Equal(t, [2]float64{750, 1500}, [2]float64{e.Pools[1].OnDemandMonthlyMin, e.Pools[1].OnDemandMonthlyMax})
	// cluster 73, NATs 2 × 36.5, LB 14.6, data 2048 GB × 0.1 = 204.8, cache 0.49 GB × 0.1 ≈ 0.05.
	items := map[string]float64{}
	for _, it := range e.Items {
		items[it.Item] = it.Monthly
	}
	assert.Equal(t, map[string]float64{
		"cloud:cluster c": 73, "cloud:nat nat-a": 36.5, "cloud:nat nat-b": 36.5,
		"load balancer of Service web": 14.6, "volume data": 204.8, "volume cache": 0.05,
	}, items)
	fixed := 73 + 36.5 + 36.5 + 14.6 + 204.8 + 0.05
	assert.InDelta(t, fixed+83+93, e.MonthlyMin, 0.001)
	assert.InDelta(t, fixed+249+1500, e.MonthlyMax, 0.001)
	assert.InDelta(t, fixed+83+750, e.OnDemandMonthlyMin, 0.001)
	assert.Contains(t, strings.Join(e.Assumptions, "\n"), "spot nodes cost 10%–100% of the on-demand price")
}

func TestUnpricedIsAWarningNamingIt(t *testing.T) {
	pools := []config.NodePool{{Name: "odd", MachineType: "quantum.9xlarge", Min: 1, Max: 2}, {Name: "system", MachineType: "cpu.large", Min: 1, Max: 1}}
	cases := []struct {
		name    string
		in      Input
		want    []string
		pricedN int
	}{
		{"unknown machine type", Input{Kind: "cloud", Catalog: testCatalog, Region: "r1", Pools: pools},
			[]string{`machine type "quantum.9xlarge" of node pool "odd" has no cloud price in "r1"`}, 1},
		{"unknown region", Input{Kind: "cloud", Catalog: testCatalog, Region: "mars-1", Pools: pools},
			[]string{`region "mars-1" is not in the cloud price table`}, 0},
		{"no catalog", Input{Kind: "moon", Pools: pools},
			[]string{"the moon provider publishes no price table"}, 0},
		{"unknown class", Input{Kind: "cloud", Catalog: testCatalog, Region: "r1", Resources: []policy.Resource{pvc("x", "1Gi", "nfs")}},
			[]string{`volume x (class "nfs", provisioner "") has no cloud price`}, 0},
		{"override prices it", Input{Kind: "cloud", Catalog: testCatalog, Region: "r1", Pools: pools, Overrides: map[string]float64{"quantum.9xlarge": 2}},
			nil, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, warns := Compute(c.in)
			require.Len(t, warns, len(c.want))
			for i, w := range c.want {
				assert.Contains(t, warns[i].Message, w)
				assert.Contains(t, e.Unpriced[i], w)
			}
			priced := 0
			for _, p := range e.Pools {
				if p.Machine != nil {
					priced++
				}
			}
			assert.Equal(t, c.pricedN, priced)
		})
	}
	// The override is the price, and says where it comes from.
	e, _ := Compute(cases[4].in)
	assert.Equal(t, "stack: mlkube:prices.quantum.9xlarge", e.Pools[0].Machine.Source)
	assert.Equal(t, 2*730.0, e.Pools[0].MonthlyMin)
}

func TestOwnHardwareSaysSo(t *testing.T) {
	own := &pricing.Catalog{OwnHardware: "an adopted cluster"}
	in := Input{Kind: "existing", Catalog: own, Pools: []config.NodePool{{Name: "cpu", MachineType: "local-cpu-8", Min: 1, Max: 1}},
		Resources: []policy.Resource{pvc("data", "10Gi", "")}}
	e, warns := Compute(in)
	assert.Empty(t, warns, "own hardware is not a missing price")
	assert.Equal(t, "an adopted cluster", e.OwnHardware)
	assert.Equal(t, "own hardware, no list price", e.Summary())
	assert.Empty(t, e.Items)
	assert.Nil(t, e.Pools[0].Machine)
}

func TestVolumeClaimsCountReplicas(t *testing.T) {
	claimTmpl := func(size string) map[string]any {
		return map[string]any{"metadata": map[string]any{"name": "data"}, "spec": map[string]any{
			"accessModes": []any{"ReadWriteOnce"}, "resources": map[string]any{"requests": map[string]any{"storage": size}}}}
	}
	es := custom("kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "logs", map[string]any{"spec": map[string]any{
		"nodeSets": []any{map[string]any{"name": "default", "count": 3.0, "volumeClaimTemplates": []any{claimTmpl("100Gi")}}}}})
	sts := custom("kubernetes:apps/v1:StatefulSet", "db", map[string]any{"spec": map[string]any{
		"replicas": 2.0, "volumeClaimTemplates": []any{claimTmpl("10Gi")},
		"template": map[string]any{"spec": map[string]any{"containers": []any{map[string]any{"resources": map[string]any{"requests": map[string]any{"cpu": "1"}}}}}}}})
	prom := custom("kubernetes:helm.sh/v3:Release", "kube-prometheus-stack", map[string]any{"values": map[string]any{
		"prometheus": map[string]any{"prometheusSpec": map[string]any{"storageSpec": map[string]any{"volumeClaimTemplate": map[string]any{"spec": map[string]any{
			"storageClassName": "standard", "resources": map[string]any{"requests": map[string]any{"storage": "50Gi"}}}}}}}}})
	rendered := sts
	rendered.Rendered = true

	got := map[string][2]float64{}
	for _, r := range []policy.Resource{es, sts, prom} {
		for _, c := range volumeClaims(&r) {
			got[c.name] = [2]float64{c.gb, float64(c.copies)}
		}
	}
	assert.Equal(t, map[string][2]float64{
		"logs/data": {100, 3}, "db/data": {10, 2},
		"kube-prometheus-stack/prometheus": {50, 1},
	}, got)

	e, _ := Compute(Input{Kind: "cloud", Catalog: testCatalog, Region: "r1", DefaultProvisioner: "block.csi", Resources: []policy.Resource{es, rendered}})
	require.Len(t, e.Items, 1, "objects rendered from a chart are the release's, not priced twice")
	assert.Equal(t, 300.0, e.Items[0].Quantity)
}

func TestFormat(t *testing.T) {
	assert.Equal(t, "$1,234,567.89", USD(1234567.891))
	assert.Equal(t, "$0.50", USD(0.5))
	assert.Equal(t, "-$1,000.00", USD(-1000))
	assert.Equal(t, "$1.00–$2.00", Range(1, 2))
	for q, want := range map[string]float64{"50Gi": 50, "2Ti": 2048, "512Mi": 0.5} {
		got, ok := gibibytes(q)
		assert.True(t, ok, q)
		assert.Equal(t, want, got, q)
	}
}

// A spot pool of a family with its own range is priced at that range, and
// the assumptions state it once per family with its source; a spot pool of
// no such family and an on-demand pool of one add nothing.
func TestSpotFamilyRangeIsPricedAndStated(t *testing.T) {
	cat := *testCatalog
	cat.SpotFamilies = map[string]pricing.Spot{
		"gpu": {Low: 0.103, High: 0.6, Source: "catalogue rows (2026-12-05)"},
		"cpu": {Low: 0.2, High: 0.5, Source: "cpu rows (2026)"},
	}
	in := Input{Kind: "cloud", Catalog: &cat, Region: "r1", Pools: []config.NodePool{
		{Name: "a", MachineType: "gpu.xlarge", Min: 1, Max: 2, Spot: true},
		{Name: "b", MachineType: "gpu.xlarge", Min: 0, Max: 1, Spot: true},
		{Name: "system", MachineType: "cpu.large", Min: 1, Max: 1},
	}}
	e, warns := Compute(in)
	require.Empty(t, warns)
	// a: 730 on demand per node; 1 node at 10.3 % to 2 nodes at 60 %.
	assert.Equal(t, [2]float64{75.19, 876}, [2]float64{e.Pools[0].MonthlyMin, e.Pools[0].MonthlyMax})
	assert.Equal(t, "catalogue rows (2026-12-05)", e.Pools[0].SpotSource)
	var stated []string
	for _, a := range e.Assumptions {
		if strings.HasPrefix(a, "spot ") && !strings.HasPrefix(a, "spot nodes") {
			stated = append(stated, a)
		}
	}
	assert.Equal(t, []string{"spot gpu nodes cost 10.3%–60% of the on-demand price (catalogue rows (2026-12-05)); spot prices move with the market"}, stated)
}
