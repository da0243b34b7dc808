package eks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One extract of the AWS Price List API made in 2026 holds every region's
// NAT gateway hour, gp3 and EFS Standard GB-month and Classic Load Balancer
// hour: xbill9/zombiescan src/zombiescan/pricing/table.json at
// 350cba964f4161ce177cfef46920f43879a8b19c ("source": "AWS Price List API
// (pricing:GetProducts), on-demand USD list prices", "generated":
// "2026-09-21T15:33:49Z"; sections nat_gateway_hour, ebs_gb_month gp3,
// efs_gb_month and classic_lb_hour; read 2026-12-05). Only us-east-2's
// load balancer row is read from it. The others come from sources of their
// own, some of 2017 and one approximate ("~$0.045"), and a row that
// disagreed with this extract would have drifted from what AWS listed in
// 2026.
func TestRowsAgreeWithThePriceListExtractOf2026(t *testing.T) {
	extract := map[string]struct{ nat, gp3, efs, clb float64 }{
		"us-east-1":      {0.045, 0.08, 0.3, 0.025},
		"us-east-2":      {0.045, 0.08, 0.3, 0.025},
		"us-west-2":      {0.045, 0.08, 0.3, 0.025},
		"eu-west-1":      {0.048, 0.088, 0.33, 0.028},
		"eu-central-1":   {0.052, 0.0952, 0.36, 0.03},
		"ap-northeast-1": {0.062, 0.096, 0.36, 0.027},
	}
	require.Len(t, prices.Regions, len(extract))
	for region, r := range prices.Regions {
		want, ok := extract[region]
		require.True(t, ok, "%s is not in the extract's list here", region)
		assert.Equal(t, want.nat, r.Resources[natGatewayType].USD, "%s: NAT gateway", region)
		assert.Equal(t, want.gp3, r.Volumes[ebsProvisioner].USD, "%s: gp3", region)
		require.NotNil(t, r.NodeDisk, region)
		assert.Equal(t, want.gp3, r.NodeDisk.USD, "%s: gp3 root disk", region)
		assert.Equal(t, want.efs, r.Volumes[efsProvisioner].USD, "%s: EFS Standard", region)
		require.NotNil(t, r.LoadBalancer, region)
		assert.Equal(t, want.clb, r.LoadBalancer.USD, "%s: Classic Load Balancer", region)
	}
}
