package aks

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One retail-API snapshot of 2026-08-15 (the diagram builder's storage.json
// per region) lists every tier up to 1 TiB and premium Azure Files in
// westeurope, eastus2 and northeurope. Its retailPrice of each, read
// 2026-12-05; "files" is "Premium LRS Provisioned" per GB-month.
var retailSnapshot20260815 = map[string]map[string]float64{
	"westeurope": {
		"P4": 5.8072, "P6": 11.2272, "P10": 21.68, "P15": 41.811428, "P20": 80.54, "P30": 148.68,
		"E4": 2.4, "E6": 4.8, "E10": 9.6, "E15": 19.2, "E20": 38.4, "E30": 76.8, "files": 0.192,
	},
	"eastus2": {
		"P4": 4.8001, "P6": 9.2801, "P10": 17.92, "P15": 34.56, "P20": 66.56, "P30": 122.88,
		"E4": 2.4, "E6": 4.8, "E10": 9.6, "E15": 19.2, "E20": 38.4, "E30": 76.8, "files": 0.16,
	},
	"northeurope": {
		"P4": 5.2795, "P6": 10.207, "P10": 19.71, "P15": 38.012142, "P20": 73.22, "P30": 135.17,
		"E4": 2.4, "E6": 4.8, "E10": 9.6, "E15": 19.2, "E20": 38.4, "E30": 76.8, "files": 0.176,
	},
}

const snapshotRepo = "Arturo-Quiroga-MSFT/azure-architecture-diagram-builder"

// Every tier and the Files row of those regions agree with the snapshot to
// the cent, whichever source a row was read from; a row read from the
// snapshot itself states its item's exact figure, region and meter.
func TestRowsAgreeWithTheRetailSnapshot(t *testing.T) {
	gib := map[string]float64{"4": 32, "6": 64, "10": 128, "15": 256, "20": 512, "30": 1024}
	volume := map[byte]string{'P': "Premium_LRS", 'E': "StandardSSD_LRS"}
	for region, figures := range retailSnapshot20260815 {
		for name, usd := range figures {
			t.Run(region+"/"+name, func(t *testing.T) {
				r := prices.Regions[region]
				var source, meter string
				var got float64
				if name == "files" {
					files, ok := r.Volumes[fileProvisioner+"@Premium_LRS"]
					require.True(t, ok)
					source, got, meter = files.Source, files.USD, "Premium LRS Provisioned"
				} else {
					tier, ok, err := r.Tier(diskProvisioner+"@"+volume[name[0]], gib[name[1:]])
					require.NoError(t, err)
					require.True(t, ok)
					require.Equal(t, name, tier.Name)
					source, got, meter = tier.Price.Source, tier.Price.USD, name+" LRS Disk"
				}
				assert.InDelta(t, usd, got, 0.005)
				if !strings.Contains(source, snapshotRepo) {
					return
				}
				assert.Equal(t, usd, got, "a row read from the snapshot is its figure")
				price := strconv.FormatFloat(usd, 'f', -1, 64)
				assert.Contains(t, source, fmt.Sprintf(`"retailPrice":%s,"unitPrice":%s,"armRegionName":"%s"`, price, price, region))
				assert.Contains(t, source, fmt.Sprintf(`"meterName":"%s"`, meter))
				assert.Contains(t, source, `"snapshotDate": "2026-08-15", "source": "Azure Retail Prices API", "currency": "USD"`)
			})
		}
	}
}
