package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const catalogue = `InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone
g5.xlarge,A10G,1.0,4.0,16.0,"{'Gpus': [{'Name': 'A10G'}]}",1.006,0.357000,us-west-2,usw2-az2
g5.xlarge,A10G,1.0,4.0,16.0,"{'Gpus': [{'Name': 'A10G'}]}",1.006,0.417700,us-east-1,use1-az1
g5.xlarge,A10G,1.0,4.0,16.0,"{'Gpus': [{'Name': 'A10G'}]}",1.408,0.140800,ap-southeast-3,apse3-az3
g5.48xlarge,A10G,8.0,192.0,768.0,"{'Gpus': [{'Name': 'A10G'}]}",20.3681,20.368100,eu-central-1,euc1-az2
g5g.xlarge,T4g,1.0,4.0,8.0,"{'Gpus': [{'Name': 'T4g'}]}",0.42,0.05,us-east-1,use1-az1
g6.xlarge,L4,1.0,4.0,16.0,"{'Gpus': [{'Name': 'L4'}]}",0.8048,,us-east-1,use1-az1
m6i.large,,,2.0,8.0,,0.096,0.037800,us-west-2,usw2-az1
p4d.24xlarge,A100,8.0,96.0,1152.0,"{'Gpus': [{'Name': 'A100'}]}",32.7726,5.093300,us-east-1,use1-az6
`

// tables bills what the catalogue lists, except p4d, which it prices at
// the figure after the 2025 cut.
var tables = pricing.Catalog{Regions: map[string]pricing.Region{
	"us-east-1":    {Machines: map[string]pricing.Price{"g5.xlarge": {USD: 1.006}, "g5g.xlarge": {USD: 0.42}, "g6.xlarge": {USD: 0.8048}, "p4d.24xlarge": {USD: 21.957642}}},
	"us-west-2":    {Machines: map[string]pricing.Price{"g5.xlarge": {USD: 1.006}, "m6i.large": {USD: 0.096}}},
	"eu-central-1": {Machines: map[string]pricing.Price{"g5.48xlarge": {USD: 20.3681}}},
}}

// A family's bounds come from its own rows in the listed regions that have
// a spot price and the tables' on-demand price: another region
// (ap-southeast-3's 10 %), another family that starts alike (g5g), a row
// with no spot price (g6) and one listed at another on-demand price (p4d)
// are left out, and a spot price above on demand is capped at 1.
func TestRanges(t *testing.T) {
	rows, err := readCatalogue(strings.NewReader(catalogue))
	require.NoError(t, err)
	spans, missing := ranges(rows, []string{"g5", "g6", "m6i", "p4d"}, []string{"us-east-1", "us-west-2", "eu-central-1"}, billedBy(tables))
	assert.Equal(t, []string{"g6", "p4d"}, missing)
	require.Len(t, spans, 2)

	for _, tc := range []struct {
		family            string
		low, high         float64
		lowLine, highLine int
		lowZone, highZone string
	}{
		{"g5", 0.355, 1, 2, 5, "usw2-az2", "euc1-az2"},
		{"m6i", 0.394, 0.394, 8, 8, "usw2-az1", "usw2-az1"},
	} {
		var s span
		for _, sp := range spans {
			if sp.family == tc.family {
				s = sp
			}
		}
		low, high := s.Bounds()
		assert.Equal(t, tc.low, low, tc.family)
		assert.Equal(t, tc.high, high, tc.family)
		assert.Equal(t, tc.lowLine, s.low.line, tc.family)
		assert.Equal(t, tc.highLine, s.high.line, tc.family)
		assert.True(t, strings.HasSuffix(s.low.text, tc.lowZone), s.low.text)
		assert.True(t, strings.HasSuffix(s.high.text, tc.highZone), s.high.text)
	}
}

// What write prints is a spot.csv the estimate reads, each row naming the
// catalogue's file and commit.
func TestWriteIsASpotFile(t *testing.T) {
	rows, err := readCatalogue(strings.NewReader(catalogue))
	require.NoError(t, err)
	spans, _ := ranges(rows, []string{"g5"}, []string{"us-east-1", "us-west-2"}, billedBy(tables))
	var out, evidence bytes.Buffer
	require.NoError(t, write(&out, &evidence, spans, source{file: "catalogs/v7/aws/vms.csv", commit: "abc123", date: "2026-12-05", regions: []string{"us-east-1", "us-west-2"}}))
	fams, err := pricing.ParseSpot("spot.csv", out.Bytes())
	require.NoError(t, err)
	g5 := fams["g5"]
	assert.Equal(t, 0.355, g5.Low)
	assert.Equal(t, 0.415, g5.High)
	assert.Contains(t, g5.Source, "catalogs/v7/aws/vms.csv at abc123")
	assert.Contains(t, evidence.String(), "g5 low  line 2: g5.xlarge,")
}
