package eks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing/pricingtest"
)

// Rows of the machine tables against the source lines they were read from
// (the commits the tables' headers name): Karpenter's generated us-east-1
// map, the per-region instances.vantage.sh data of tsaol/aws-gpu, and
// SkyPilot's AWS catalogue for the m6i family outside us-east-1 (one row
// per instance type, region and zone; Price is column 6).
func TestMachinePricesMatchTheirSource(t *testing.T) {
	const karpenter, vantage = "zz_generated.pricing_aws.go", "tsaol/aws-gpu data/<family>_instances.js"
	const skypilot, price = "skypilot-catalog catalogs/v7/aws/vms.csv", 6
	pricingtest.Check(t, prices, []pricingtest.Line{
		{Region: "us-east-1", Machine: "m6i.xlarge", File: karpenter, Line: 307, Text: `		"m6i.metal": 6.144000, "m6i.xlarge": 0.192000,`},
		{Region: "us-east-1", Machine: "g5.2xlarge", File: karpenter, Line: 190, Text: `		"g5.12xlarge": 5.672000, "g5.16xlarge": 4.096000, "g5.24xlarge": 8.144000, "g5.2xlarge": 1.212000,`},
		{Region: "us-east-1", Machine: "g5.xlarge", File: karpenter, Line: 191, Text: `		"g5.48xlarge": 16.288000, "g5.4xlarge": 1.624000, "g5.8xlarge": 2.448000, "g5.xlarge": 1.006000,`},
		{Region: "us-east-1", Machine: "g6e.xlarge", File: karpenter, Line: 200, Text: `		"g6e.48xlarge": 30.131180, "g6e.4xlarge": 3.004240, "g6e.8xlarge": 4.528560, "g6e.xlarge": 1.861000,`},
		{Region: "us-east-1", Machine: "m6i.large", File: karpenter, Line: 306, Text: `		"m6i.32xlarge": 6.144000, "m6i.4xlarge": 0.768000, "m6i.8xlarge": 1.536000, "m6i.large": 0.096000,`},
		{Region: "us-east-1", Machine: "p4d.24xlarge", File: karpenter, Line: 419, Text: `		"p4d.24xlarge": 21.957642,`},
		{Region: "us-east-1", Machine: "p5en.48xlarge", File: karpenter, Line: 425, Text: `		"p5en.48xlarge": 63.296000,`},
		// data/p4d_instances.js lines 70–71 and data/g5_instances.js lines 386–387.
		{Region: "us-west-2", Machine: "p4d.24xlarge", File: vantage, Line: 71, Text: `        "onDemand": 21.95764,`},
		{Region: "eu-central-1", Machine: "p4d.24xlarge", File: vantage, Line: 41, Text: `        "onDemand": 27.43298,`},
		{Region: "us-west-2", Machine: "g5.2xlarge", File: vantage, Line: 387, Text: `        "onDemand": 1.212,`},
		// The catalogue's lines are cited by content: 2.4 MB read a page at a time.
		{Region: "us-west-2", Machine: "m6i.xlarge", File: skypilot, Column: price, Text: `m6i.xlarge,,,4.0,16.0,,0.192,0.085200,us-west-2,usw2-az1`},
		{Region: "us-west-2", Machine: "m6i.large", File: skypilot, Column: price, Text: `m6i.large,,,2.0,8.0,,0.096,0.037800,us-west-2,usw2-az1`},
		{Region: "us-west-2", Machine: "m6i.4xlarge", File: skypilot, Column: price, Text: `m6i.4xlarge,,,16.0,64.0,,0.768,0.254100,us-west-2,usw2-az1`},
		{Region: "us-east-2", Machine: "m6i.xlarge", File: skypilot, Column: price, Text: `m6i.xlarge,,,4.0,16.0,,0.192,0.075400,us-east-2,use2-az1`},
		{Region: "us-east-2", Machine: "m6i.large", File: skypilot, Column: price, Text: `m6i.large,,,2.0,8.0,,0.096,0.039000,us-east-2,use2-az1`},
		{Region: "eu-west-1", Machine: "m6i.xlarge", File: skypilot, Column: price, Text: `m6i.xlarge,,,4.0,16.0,,0.214,0.094700,eu-west-1,euw1-az1`},
		{Region: "eu-west-1", Machine: "m6i.12xlarge", File: skypilot, Column: price, Text: `m6i.12xlarge,,,48.0,192.0,,2.568,1.135200,eu-west-1,euw1-az1`},
		{Region: "eu-west-1", Machine: "m6i.large", File: skypilot, Column: price, Text: `m6i.large,,,2.0,8.0,,0.107,0.053600,eu-west-1,euw1-az1`},
		{Region: "eu-central-1", Machine: "m6i.xlarge", File: skypilot, Column: price, Text: `m6i.xlarge,,,4.0,16.0,,0.23,0.103700,eu-central-1,euc1-az1`},
		{Region: "eu-central-1", Machine: "m6i.2xlarge", File: skypilot, Column: price, Text: `m6i.2xlarge,,,8.0,32.0,,0.46,0.190900,eu-central-1,euc1-az1`},
		{Region: "eu-central-1", Machine: "m6i.12xlarge", File: skypilot, Column: price, Text: `m6i.12xlarge,,,48.0,192.0,,2.76,1.008800,eu-central-1,euc1-az1`},
		{Region: "ap-northeast-1", Machine: "m6i.12xlarge", File: skypilot, Column: price, Text: `m6i.12xlarge,,,48.0,192.0,,2.976,0.967800,ap-northeast-1,apne1-az1`},
		{Region: "eu-central-1", Machine: "m6i.large", File: skypilot, Column: price, Text: `m6i.large,,,2.0,8.0,,0.115,0.048100,eu-central-1,euc1-az1`},
		{Region: "ap-northeast-1", Machine: "m6i.xlarge", File: skypilot, Column: price, Text: `m6i.xlarge,,,4.0,16.0,,0.248,0.092500,ap-northeast-1,apne1-az1`},
		{Region: "ap-northeast-1", Machine: "m6i.large", File: skypilot, Column: price, Text: `m6i.large,,,2.0,8.0,,0.124,0.047800,ap-northeast-1,apne1-az1`},
		{Region: "ap-northeast-1", Machine: "m6i.24xlarge", File: skypilot, Column: price, Text: `m6i.24xlarge,,,96.0,384.0,,5.952,2.052900,ap-northeast-1,apne1-az1`},
		{Region: "ap-northeast-1", Machine: "m6i.metal", File: skypilot, Column: price, Text: `m6i.metal,,,128.0,512.0,,7.936,2.530900,ap-northeast-1,apne1-az4`},
		{Region: "ap-northeast-1", Machine: "m6i.16xlarge", File: skypilot, Column: price, Text: `m6i.16xlarge,,,64.0,256.0,,3.968,1.308500,ap-northeast-1,apne1-az1`},
	})
}
