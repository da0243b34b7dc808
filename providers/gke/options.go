package gke

import (
	"github.com/mlkube/mlkube/internal/config"
)

// Options is the cluster.gke section of a stack file.
type Options struct {
	// Project is the Google Cloud project ID that holds the cluster. It is
	// required: the GCP provider never falls back to ambient gcloud or
	// GOOGLE_PROJECT settings.
	Project string `json:"project"`
	// Zonal makes a single-zone cluster (one control-plane replica, no SLA):
	// cheaper for dev, refused in production, which is always regional.
	Zonal bool `json:"zonal"`
	// Zone is the location of a zonal cluster; default: the region's first
	// zone.
	Zone string `json:"zone"`
	// ReleaseChannel is RAPID, REGULAR, STABLE or EXTENDED (default REGULAR; STABLE
	// in production): GKE upgrades the control plane and nodes along it.
	ReleaseChannel string `json:"releaseChannel"`
	// Network and Subnetwork adopt an existing VPC (self links or names);
	// the subnetwork must have secondary ranges for pods and services,
	// named by PodsRangeName and ServicesRangeName.
	Network           string `json:"network"`
	Subnetwork        string `json:"subnetwork"`
	PodsRangeName     string `json:"podsRangeName"`
	ServicesRangeName string `json:"servicesRangeName"`
	// MasterIpv4CidrBlock is the /28 of the private control plane's
	// endpoint; it must not overlap any range of the VPC.
	MasterIpv4CidrBlock string `json:"masterIpv4CidrBlock"`
	// SecurityGroup is the Google group whose member groups GKE passes to
	// RBAC (gke-security-groups@<your domain>); required for group: admins.
	SecurityGroup string `json:"securityGroup"`
	// Filestore turns on the Filestore CSI driver for ReadWriteMany volumes.
	Filestore bool `json:"filestore"`
	// GPUDriverVersion is the NVIDIA driver GKE installs on GPU nodes:
	// LATEST (default) or DEFAULT.
	GPUDriverVersion string `json:"gpuDriverVersion"`
}

// Defaults of cluster.gke.
const (
	defaultReleaseChannel     = "REGULAR"
	productionReleaseChannel  = channelStable
	defaultMasterCIDR         = "172.16.0.0/28"
	defaultGPUDriverVersion   = "LATEST"
	defaultPodsRangeName      = "pods"
	defaultServicesRangeName  = "services"
	filestoreProvisioner      = "filestore.csi.storage.gke.io"
	persistentDiskProvisioner = "pd.csi.storage.gke.io"
)

// Release channels and driver versions GKE accepts.
var (
	releaseChannels   = []string{"RAPID", "REGULAR", channelStable, channelExtended}
	gpuDriverVersions = []string{"LATEST", "DEFAULT"}
)

// options decodes cluster.gke strictly (unknown keys and wrong types come
// back with their key paths) and fills in the defaults.
func options(cfg *config.Config) (Options, error) {
	var o Options
	if err := config.DecodeOptions(cfg.Cluster.Options, &o); err != nil {
		return o, err
	}
	if o.ReleaseChannel == "" {
		o.ReleaseChannel = defaultReleaseChannel
		if cfg.Production() {
			o.ReleaseChannel = productionReleaseChannel
		}
	}
	if o.MasterIpv4CidrBlock == "" {
		o.MasterIpv4CidrBlock = defaultMasterCIDR
	}
	if o.GPUDriverVersion == "" {
		o.GPUDriverVersion = defaultGPUDriverVersion
	}
	if o.Subnetwork != "" {
		if o.PodsRangeName == "" {
			o.PodsRangeName = defaultPodsRangeName
		}
		if o.ServicesRangeName == "" {
			o.ServicesRangeName = defaultServicesRangeName
		}
	}
	if o.Zonal && o.Zone == "" {
		if zones := regionZones[cfg.Cluster.Region]; len(zones) > 0 {
			o.Zone = cfg.Cluster.Region + "-" + zones[:1]
		}
	}
	return o, nil
}

// existingNetwork reports whether the cluster goes into a VPC it does not own.
func (o Options) existingNetwork() bool { return o.Network != "" || o.Subnetwork != "" }

// location is the cluster's location: the zone of a zonal cluster, else
// the region (a regional control plane with replicas in three zones).
func (o Options) location(region string) string {
	if o.Zonal {
		return o.Zone
	}
	return region
}
