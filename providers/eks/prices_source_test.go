package eks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing/pricingtest"
)

// Rows of the machine tables against the source lines they were read from
// (the commits the tables' headers name): Karpenter's generated us-east-1
// map, and the per-region instances.vantage.sh data of tsaol/aws-gpu.
func TestMachinePricesMatchTheirSource(t *testing.T) {
	const karpenter, vantage = "zz_generated.pricing_aws.go", "tsaol/aws-gpu data/<family>_instances.js"
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
	})
}
