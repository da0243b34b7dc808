package platform

import (
	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/monitoring"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// installAddons installs the platform addons onto the cluster: GPU
// operator, cluster autoscaler, metrics-server and prometheus-adapter,
// kube-prometheus-stack, and EFK logging, each only where it applies. The
// addons' volumes (Prometheus, Elasticsearch) wait for the storage classes.
func installAddons(ctx *pulumi.Context, cfg *config.Config, cl *cluster.Cluster, storageReady []pulumi.Resource) (*addons.Installed, error) {
	var services []monitoring.Service
	for _, s := range cfg.Workloads.Inference {
		services = append(services, monitoring.Service{Namespace: namespaceOf(cfg, s.Team), Name: s.Name})
	}
	return addons.Install(ctx, cl, cfg.Addons, addons.Options{
		StorageReady: storageReady, Services: services, IngressServices: ingressServices(cfg), Routes: gatewayRoutes(cfg),
		VerticalModes: verticalModes(cfg),
	})
}
