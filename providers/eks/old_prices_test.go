package eks

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Some EFS and Classic Load Balancer rows quote AWS's own price files of
// 2017 (the AmazonEFS offer published 2017-07-21 and the ELB page's
// pricing-elb.min.js), the only sources found that name those regions.
// They stand because the same files' figures for the regions priced from
// 2026 sources equal those rows: had AWS moved a price since 2017, a 2026
// row would differ from its 2017 figure here, and every row taken from
// these files would need a newer source.
func TestPriceFilesOf2017AgreeWithThe2026Rows(t *testing.T) {
	efs2017 := map[string]float64{"us-east-1": 0.30, "us-west-2": 0.30, "us-east-2": 0.30, "eu-west-1": 0.33, "eu-central-1": 0.36}
	clb2017 := map[string]float64{"us-east-1": 0.025, "us-west-2": 0.025, "eu-west-1": 0.028, "eu-central-1": 0.030, "ap-northeast-1": 0.027}
	rows := map[string]pricing.Price{}
	for region, usd := range efs2017 {
		p, ok := prices.Regions[region].Volumes[efsProvisioner]
		require.True(t, ok, "%s: no EFS row", region)
		assert.Equal(t, usd, p.USD, "%s: EFS Standard", region)
		rows["efs "+region] = p
	}
	for region, usd := range clb2017 {
		p := prices.Regions[region].LoadBalancer
		require.NotNil(t, p, "%s: no load balancer row", region)
		assert.Equal(t, usd, p.USD, "%s: Classic Load Balancer", region)
		rows["clb "+region] = *p
	}
	for _, key := range []string{"efs us-east-1", "efs us-west-2", "clb us-east-1", "clb eu-west-1"} {
		assert.True(t, strings.HasPrefix(rows[key].Date, "2026"), "%s: the cross-check needs a row from a 2026 source, got %q", key, rows[key].Date)
	}
}
