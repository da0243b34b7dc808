package eks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fee file names resource types and provisioners as literal values:
// each must be a provisioner the storage classes use or a type New
// registers, so renaming one fails here instead of dropping its price from
// the estimate.
func TestFeeKeysAreWhatTheProviderRegisters(t *testing.T) {
	types, provisioners := prices.FeeKeys()
	assert.Equal(t, []string{ebsProvisioner, efsProvisioner}, provisioners)

	r := runNew(t, testConfig(t, "production", prodCluster, devPools))
	require.NoError(t, r.Err)
	require.NotEmpty(t, types)
	for _, typ := range types {
		assert.NotEmpty(t, r.All(typ), "%s is priced but New registers none", typ)
	}
}

// The block and file volume and root disk rows of the regions with a
// sourced table state the figure their source quotes for that region, per
// GB-month of what a claim asks for (EFS bills what is stored, no minimum).
// gp3 and EFS Standard differ by region (gp3 us-east-2 $0.08, eu-central-1
// $0.0952; EFS us-east-2 $0.30, eu-west-1 $0.33, eu-central-1 and
// ap-northeast-1 $0.36), so a row is never another region's figure.
func TestVolumePricesMatchTheirSource(t *testing.T) {
	for _, tc := range []struct {
		region, volume string
		usd            float64
		quoted         string
	}{
		{"us-east-1", ebsProvisioner, 0.08, "N. Virginia: $0.08/GiB-month"},
		{"us-east-1", efsProvisioner, 0.30, "EFS Standard $0.30/GB-month"},
		{"us-east-1", "", 0.08, "N. Virginia: $0.08/GiB-month"},
		{"us-west-2", ebsProvisioner, 0.08, "usage type USW2-EBS:VolumeUsage.gp3: gp3 $0.08/GiB-month"},
		{"us-west-2", efsProvisioner, 0.30, "EFS Standard storage $0.30/GB-month, US West (Oregon)"},
		{"us-west-2", "", 0.08, "usage type USW2-EBS:VolumeUsage.gp3: gp3 $0.08/GiB-month"},
		{"us-east-2", ebsProvisioner, 0.08, `"$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (Ohio)"`},
		{"us-east-2", "", 0.08, "SKU M6UGCCQ3CDJQAA37"},
		{"eu-west-1", ebsProvisioner, 0.088, `"$0.088 per GB-month of General Purpose (gp3) provisioned storage - EU (Ireland)"`},
		{"eu-west-1", "", 0.088, "SKU TXACT7E3PV6ZX2NM"},
		{"eu-central-1", ebsProvisioner, 0.0952, "EUC1-EBS:VolumeUsage.gp3: $0.0952 / GB-mo"},
		{"eu-central-1", "", 0.0952, "EUC1-EBS:VolumeUsage.gp3: $0.0952 / GB-mo"},
		{"ap-northeast-1", ebsProvisioner, 0.096, "APN1-EBS:VolumeUsage.gp3 (EBS effectiveDate 2026-09-01, read 2026-09-13): gp3 storage 0.096 GB-Mo"},
		{"ap-northeast-1", "", 0.096, "SKU C8Y3GJZBQTH8T5JV"},
		{"us-east-2", efsProvisioner, 0.30, `SKU R3JWPWRUN558WBDE, usage type USE2-TimedStorage-ByteHrs, Storage Class General Purpose (EFS Standard): "Storage used in GB-months (USE2)" 0.3000000000 USD per GB-Mo`},
		{"eu-west-1", efsProvisioner, 0.33, `SKU WDJR7Q9RKV87VCVK, usage type EU-TimedStorage-ByteHrs, Storage Class General Purpose (EFS Standard): "Storage used in GB-months (EU)" 0.3300000000 USD per GB-Mo`},
		{"eu-central-1", efsProvisioner, 0.36, `SKU MPPYNV6CU5GBQHYC, usage type EUC1-TimedStorage-ByteHrs, Storage Class General Purpose (EFS Standard): "Storage used in GB-months (EUC1)" 0.3600000000 USD per GB-Mo`},
		{"ap-northeast-1", efsProvisioner, 0.36, `"Storage (Tokyo, per GB-month): S3 Standard $0.025, EFS Standard $0.36"`},
	} {
		t.Run(tc.region+"/"+tc.volume, func(t *testing.T) {
			r := prices.Regions[tc.region]
			p := r.Volumes[tc.volume]
			if tc.volume == "" {
				require.NotNil(t, r.NodeDisk, "root disks")
				p = *r.NodeDisk
			}
			assert.Equal(t, tc.usd, p.USD)
			assert.Zero(t, p.MinGiB)
			assert.Contains(t, p.Source, tc.quoted)
		})
	}
}
