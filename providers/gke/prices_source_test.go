package gke

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing/pricingtest"
)

// Rows of the machine tables against the lines of Cyclenerd's pricing.yml
// they were read from (the commit the tables' headers name; each line is
// the hour: under compute.instance.<type>.cost.<region>).
func TestMachinePricesMatchTheirSource(t *testing.T) {
	const src = "pricing.yml"
	pricingtest.Check(t, prices, []pricingtest.Line{
		{Region: "us-central1", Machine: "n2-standard-4", File: src, Line: 91556, Text: `          hour: 0.194236`},
		{Region: "us-central1", Machine: "n2-standard-8", File: src, Line: 92408, Text: `          hour: 0.388472`},
		{Region: "us-central1", Machine: "g2-standard-8", File: src, Line: 70677, Text: `          hour: 0.853624271`},
		{Region: "us-central1", Machine: "a2-highgpu-8g", File: src, Line: 1071, Text: `          hour: 29.38708`},
		{Region: "us-central1", Machine: "a3-highgpu-8g", File: src, Line: 3315, Text: `          hour: 88.4899999025753`},
		{Region: "europe-west4", Machine: "a2-ultragpu-8g", File: src, Line: 2135, Text: `          hour: 44.6473478356164`},
	})
}
