package eks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing/pricingtest"
)

// Each family's spot range in spot.csv against the SkyPilot catalogue rows
// that give its low and high (hack/spotrange computes them; it prints the
// rows to copy into testdata/spot-source.txt).
func TestSpotRangesMatchTheirSource(t *testing.T) {
	rows := pricingtest.ReadSpotRows(t, "testdata/spot-source.txt")
	pricingtest.CheckSpot(t, prices, "catalogs/v7/aws/vms.csv", "001367d22a0033fac286a8c71aeac7109e431bcb", rows)
}
