package pricing_test

import (
	"testing"
	"testing/fstest"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const feeHead = "kind,key,usd,unit,source,date\n"

// Each row lands in the field its kind names with its own source and date;
// a source with commas and quotes survives CSV quoting as written.
func TestParseFees(t *testing.T) {
	got, err := pricing.ParseFees("fees-r1.csv", []byte(`# Fees of r1.
`+feeHead+`resource,aws:eks/cluster:Cluster,0.10,hour,"blog ""EKS pricing"": $0.10 per hour, $0.60 extended",2024-04-01
resource,aws:ec2/eip:Eip,0.005,hour,ipv4 page,2026-02-24
volume,ebs.csi.aws.com,0.08,GB-month,gp3 page,2021-01-13
nodeDisk,,0.08,GB-month,gp3 page,2021-01-13
loadBalancer,,0.025,hour,clb page,2026
`))
	require.NoError(t, err)
	assert.Equal(t, pricing.Region{
		Resources: map[string]pricing.Price{
			"aws:eks/cluster:Cluster": {USD: 0.10, Unit: pricing.PerHour, Source: `blog "EKS pricing": $0.10 per hour, $0.60 extended`, Date: "2024-04-01"},
			"aws:ec2/eip:Eip":         {USD: 0.005, Unit: pricing.PerHour, Source: "ipv4 page", Date: "2026-02-24"},
		},
		Volumes:      map[string]pricing.Price{"ebs.csi.aws.com": {USD: 0.08, Unit: pricing.PerGBMonth, Source: "gp3 page", Date: "2021-01-13"}},
		NodeDisk:     &pricing.Price{USD: 0.08, Unit: pricing.PerGBMonth, Source: "gp3 page", Date: "2021-01-13"},
		LoadBalancer: &pricing.Price{USD: 0.025, Unit: pricing.PerHour, Source: "clb page", Date: "2026"},
	}, got)

	only, err := pricing.ParseFees("fees-r1.csv", []byte(feeHead+"resource,t,1,hour,s,2026-06\n"))
	require.NoError(t, err)
	assert.Equal(t, pricing.Region{Resources: map[string]pricing.Price{"t": {USD: 1, Unit: pricing.PerHour, Source: "s", Date: "2026-06"}}}, only,
		"kinds without rows stay unset")
}

// Every malformed fee row fails with its file and line, at init too.
func TestParseFeesRejects(t *testing.T) {
	for _, tc := range []struct{ name, rows, want string }{
		{"unknown kind", "disk,,0.08,GB-month,s,2026\n", `fees-r1.csv:2: disk: kind "disk" is not one of resource, volume, volumeTier, nodeDisk, loadBalancer`},
		{"resource without key", "resource,,0.1,hour,s,2026\n", `fees-r1.csv:2: resource: a resource row needs a key (its resource type)`},
		{"volume without key", "volume,,0.1,GB-month,s,2026\n", `fees-r1.csv:2: volume: a volume row needs a key (its CSI provisioner)`},
		{"disk with key", "nodeDisk,gp3,0.08,GB-month,s,2026\n", `fees-r1.csv:2: nodeDisk gp3: a nodeDisk row has no key, not "gp3"`},
		{"unknown unit", "resource,t,0.1,hours,s,2026\n", `fees-r1.csv:2: resource t: unit "hours": a resource is priced per hour`},
		{"volume per hour", "volume,p,0.1,hour,s,2026\n", `fees-r1.csv:2: volume p: unit "hour": a volume is priced per GB-month`},
		{"zero", "loadBalancer,,0,hour,s,2026\n", `fees-r1.csv:2: loadBalancer: usd 0 is not above zero`},
		{"typo", "resource,t,0.1O,hour,s,2026\n", `fees-r1.csv:2: resource t: usd "0.1O" is not a number`},
		{"bad date", "resource,t,0.1,hour,s,June 2026\n", `fees-r1.csv:2: resource t: date "June 2026" is not YYYY, YYYY-MM or YYYY-MM-DD`},
		{"no source", "resource,t,0.1,hour,,2026\n", `fees-r1.csv:2: source is empty`},
		{"no date", "resource,t,0.1,hour,s,\n", `fees-r1.csv:2: date is empty`},
		{"unquoted comma", "resource,t,0.1,hour,s, with a comma,2026\n", `fees-r1.csv:2: 7 fields, want 6 (kind,key,usd,unit,source,date)`},
		{"twice", "resource,t,0.1,hour,s,2026\nvolume,t,0.1,GB-month,s,2026\nresource,t,0.2,hour,s,2026\n", `fees-r1.csv:4: kind key "resource t" is already on line 2`},
		{"disk twice", "nodeDisk,,0.1,GB-month,s,2026\nnodeDisk,,0.2,GB-month,s,2026\n", `fees-r1.csv:3: kind key "nodeDisk" is already on line 2`},
		{"no rows", "", `fees-r1.csv: no rows`},
		{"part of a volume", "volume,p+x,0.1,GB-month,s,2026\n", `fees-r1.csv:2: volume p+x: key "p+x": only a resource row names a part, as type+part`},
		{"part of a tier", "resource,t@Free+x,0.1,hour,s,2026\n", `fees-r1.csv:2: resource t@Free+x: key "t@Free+x": only a resource row names a part, as type+part`},
		{"part without a name", "resource,t+,0.1,hour,s,2026\n", `fees-r1.csv:2: resource t+: key "t+": only a resource row names a part, as type+part`},
		{"class twice", "loadBalancer,c,0.1,hour,s,2026\nloadBalancer,c,0.2,hour,s,2026\n", `fees-r1.csv:3: kind key "loadBalancer c" is already on line 2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pricing.ParseFees("fees-r1.csv", []byte(feeHead+tc.rows))
			assert.EqualError(t, err, tc.want)
			files := fstest.MapFS{
				"prices-r1.csv": {Data: []byte("# source: s\n# date: d\nmachine_type,usd_per_hour,note\na,1,\n")},
				"fees-r1.csv":   {Data: []byte(feeHead + tc.rows)},
			}
			assert.PanicsWithError(t, "dir/"+tc.want, func() { pricing.MustWithPriceFiles("dir", files, pricing.Catalog{}) })
		})
	}
}

// A resource row keyed type+part prices what a resource brings with it,
// and a loadBalancer row keyed by a GatewayClass the load balancer of that
// class's Gateways; a class without its own row gets a Service's.
func TestParseFeesPartsAndGatewayClasses(t *testing.T) {
	got, err := pricing.ParseFees("fees-r1.csv", []byte(feeHead+`resource,cloud:Cluster+outbound public IPv4,0.005,hour,ip page,2026-12-05
resource,cloud:Cluster+outbound load balancer,0.025,hour,lb page,2026-12-05
loadBalancer,,0.028,hour,regional rule,2023-04-06
loadBalancer,cloud-l7,0.025,hour,global rule,2026-12-05
`))
	require.NoError(t, err)
	assert.Equal(t, map[string]map[string]pricing.Price{"cloud:Cluster": {
		"outbound public IPv4":   {USD: 0.005, Unit: pricing.PerHour, Source: "ip page", Date: "2026-12-05"},
		"outbound load balancer": {USD: 0.025, Unit: pricing.PerHour, Source: "lb page", Date: "2026-12-05"},
	}}, got.Parts)
	assert.Empty(t, got.Resources, "a part is not the type's own fee")
	require.NotNil(t, got.GatewayLoadBalancer("cloud-l7"))
	assert.Equal(t, 0.025, got.GatewayLoadBalancer("cloud-l7").USD)
	assert.Equal(t, 0.028, got.GatewayLoadBalancer("envoy-gateway").USD, "a class the cloud does not serve gets a Service's load balancer")
	assert.Equal(t, 0.028, got.LoadBalancer.USD)
	assert.Nil(t, pricing.Region{}.GatewayLoadBalancer("cloud-l7"), "no row, no price")
}

func TestFeeKeys(t *testing.T) {
	p := pricing.Price{USD: 1, Unit: pricing.PerHour, Source: "s"}
	c := pricing.Catalog{Regions: map[string]pricing.Region{
		"r1": {Resources: map[string]pricing.Price{"b": p, "a": p}, Volumes: map[string]pricing.Price{"v": p}},
		"r2": {Resources: map[string]pricing.Price{"a": p, "c": p}, Volumes: map[string]pricing.Price{"v@ssd": p, "w@hdd": p},
			Tiers: map[string]map[string]pricing.Price{"d": {"Free": p}}, Parts: map[string]map[string]pricing.Price{"e": {"ip": p}}},
	}}
	types, provisioners := c.FeeKeys()
	assert.Equal(t, []string{"a", "b", "c", "d", "e"}, types)
	assert.Equal(t, []string{"v", "w"}, provisioners)
}
