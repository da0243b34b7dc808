package eks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// natGatewayType is the resource type the NAT gateway rows price.
const natGatewayType = "aws:ec2/natGateway:NatGateway"

// Every region of the tables prices the NAT gateways New registers (one per
// zone in production) at the hourly figure its own source quotes for that
// region: the rate rises from $0.045 in the US to $0.062 in Tokyo, so a
// region that borrowed another's row would be off by up to a third.
func TestNATGatewayRowsMatchTheirSource(t *testing.T) {
	quoted := map[string]struct {
		usd    float64
		quoted string
	}{
		"us-east-1":      {0.045, `"AWS NAT Gateway pricing", us-east-1: $0.045 per NAT gateway hour`},
		"us-east-2":      {0.045, "us-east-1 and us-east-2 (Ohio) $0.045 per NAT Gateway-hour"},
		"us-west-2":      {0.045, "US West (Oregon, N. California) ~$0.045 per NAT gateway hour"},
		"eu-west-1":      {0.048, `eu-west-1, usage type EU-NatGateway-Hours, operation NatGateway: "$0.048 per NAT Gateway Hour"`},
		"eu-central-1":   {0.052, `taken from the AWS Price List API on 2026-09-30": NAT gateway "$0.052 / hour"`},
		"ap-northeast-1": {0.062, `usage type APN1-NatGateway-Hours, "USD 0.062 / 時" (per hour`},
	}
	require.Len(t, prices.Regions, len(quoted))
	for region, r := range prices.Regions {
		w, ok := quoted[region]
		require.True(t, ok, "%s has no quoted NAT gateway figure here", region)
		p, ok := r.Resources[natGatewayType]
		require.True(t, ok, "%s prices no NAT gateway", region)
		assert.Equal(t, w.usd, p.USD, region)
		assert.Contains(t, p.Source, w.quoted, region)
	}
}
