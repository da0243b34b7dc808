package gke

// regionZones are the zone letters of each Google Cloud region, in the
// order GKE lists them. Zone letters are not uniform (us-central1 has a, b,
// c and f; us-east1 and europe-west1 start at b), so a zonal cluster's
// default zone and every zone a stack names are checked against this list.
var regionZones = map[string]string{
	"us-central1":             "abcf",
	"us-east1":                "bcd",
	"us-east4":                "abc",
	"us-east5":                "abc",
	"us-south1":               "abc",
	"us-west1":                "abc",
	"us-west2":                "abc",
	"us-west3":                "abc",
	"us-west4":                "abc",
	"northamerica-northeast1": "abc",
	"northamerica-northeast2": "abc",
	"southamerica-east1":      "abc",
	"southamerica-west1":      "abc",
	"europe-central2":         "abc",
	"europe-north1":           "abc",
	"europe-southwest1":       "abc",
	"europe-west1":            "bcd",
	"europe-west2":            "abc",
	"europe-west3":            "abc",
	"europe-west4":            "abc",
	"europe-west6":            "abc",
	"europe-west8":            "abc",
	"europe-west9":            "abc",
	"asia-east1":              "abc",
	"asia-east2":              "abc",
	"asia-northeast1":         "abc",
	"asia-northeast2":         "abc",
	"asia-northeast3":         "abc",
	"asia-south1":             "abc",
	"asia-southeast1":         "abc",
	"asia-southeast2":         "abc",
	"australia-southeast1":    "abc",
	"me-west1":                "abc",
}

// isZoneOf reports whether zone (us-central1-a) is a zone of region.
func isZoneOf(zone, region string) bool {
	letters, ok := regionZones[region]
	if !ok || len(zone) != len(region)+2 || zone[:len(region)+1] != region+"-" {
		return false
	}
	for _, l := range letters {
		if byte(l) == zone[len(zone)-1] {
			return true
		}
	}
	return false
}
