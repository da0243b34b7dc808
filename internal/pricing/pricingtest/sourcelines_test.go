package pricingtest

import "testing"

// A CSV source line states a price only for its own machine and region, in
// the column named.
func TestCSVPrice(t *testing.T) {
	const text = "m6i.xlarge,,,4.0,16.0,,0.192,0.085200,us-west-2,usw2-az1"
	for _, tc := range []struct {
		name            string
		machine, region string
		column          int
		usd             float64
		found           bool
	}{
		{"its machine and region", "m6i.xlarge", "us-west-2", 6, 0.192, true},
		{"the spot column", "m6i.xlarge", "us-west-2", 7, 0.0852, true},
		{"another machine", "m6i.large", "us-west-2", 6, 0, false},
		{"another region", "m6i.xlarge", "us-east-2", 6, 0, false},
		{"no such column", "m6i.xlarge", "us-west-2", 10, 0, false},
		{"not a number", "m6i.xlarge", "us-west-2", 8, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			usd, found := csvPrice(Line{Region: tc.region, Machine: tc.machine, Column: tc.column, Text: text})
			if found != tc.found || usd != tc.usd {
				t.Errorf("csvPrice = %v, %v; want %v, %v", usd, found, tc.usd, tc.found)
			}
		})
	}
}
