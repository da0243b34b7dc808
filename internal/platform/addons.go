package platform

import (
	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/kueue"
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
		Queues:        queued(cfg), QueueTeams: queueTeams(cfg),
	})
}

// queued reports whether the stack's training jobs go through Kueue.
func queued(cfg *config.Config) bool { return cfg.Addons.Kueue.Wanted(cfg.Workloads) }

// queueTeams are the teams' shares as Kueue holds them: the quota the
// stack writes once, under workloads.teams[].quota.
func queueTeams(cfg *config.Config) []kueue.Team {
	var out []kueue.Team
	for _, t := range cfg.Workloads.Teams {
		out = append(out, kueue.Team{Name: t.Name, Namespace: t.Namespace, GPUs: t.Quota.GPUs, CPU: t.Quota.CPU, Memory: t.Quota.Memory})
	}
	return out
}
