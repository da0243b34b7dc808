// Package platform is the mlkube program: stack configuration in, cluster,
// addons and workloads out. cmd/platform runs it under the Pulumi engine;
// internal/plan runs the very same code under the offline engine.
package platform

import (
	"fmt"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/helmrelease"
	"github.com/mlkube/mlkube/internal/lifecycle"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Result is what a run produced: the cluster contract (for policy checks)
// and the stack outputs.
type Result struct {
	Cluster *cluster.Cluster
	// Support is what the cluster source's version calendar says about
	// the cluster's minor (plan warnings, the extended-support fee).
	Support lifecycle.Support
	Outputs map[string]pulumi.Output
}

// Run builds the whole platform for one stack:
// config -> cluster -> storage classes -> addons -> workloads. cfg comes
// from config.Parse with Check, which found every problem already.
func Run(ctx *pulumi.Context, cfg *config.Config) (*Result, error) {
	p, err := providerFor(cfg)
	if err != nil {
		return nil, err
	}
	ctx = helmrelease.WithSources(ctx, helmrelease.FromConfig(cfg.Addons))
	cl, err := p.New(ctx, cfg.Cluster.Name, cfg)
	if err != nil {
		return nil, fmt.Errorf("cluster (%s): %w", cfg.Cluster.Provider, err)
	}
	w := newWorkloads(ctx, cfg, cl)
	if err := w.storageClasses(); err != nil {
		return nil, err
	}
	installed, err := installAddons(ctx, cfg, cl, w.classes)
	if err != nil {
		return nil, fmt.Errorf("addons: %w", err)
	}
	if installed.Monitoring != nil {
		// Model servers are scraped once the Prometheus operator's CRDs exist.
		w.scrapeAfter = []pulumi.Resource{installed.Monitoring.Release}
	}
	if installed.Gateway != nil {
		w.gatewayAfter = installed.Gateway.CRDs
	}
	if installed.VPA != nil {
		// The VerticalPodAutoscaler CRD comes with the chart.
		w.vpaAfter = []pulumi.Resource{installed.VPA.Release}
	}
	w.kueue = installed.Kueue
	if err := w.deploy(); err != nil {
		return nil, err // every problem names its stack key
	}
	outputs := map[string]pulumi.Output{
		"clusterName":       pulumi.String(cl.Name).ToStringOutput(),
		"clusterKind":       pulumi.String(cl.Kind).ToStringOutput(),
		"kubernetesVersion": pulumi.String(cl.KubernetesVersion).ToStringOutput(),
		"kubeconfig":        pulumi.ToSecret(cl.Kubeconfig),
		// What was left out and why (e.g. no cluster autoscaler on a
		// cloud that scales pools itself); the text plan prints them.
		"notes": pulumi.ToStringArray(installed.Notes).ToStringArrayOutput(),
	}
	if m := installed.Monitoring; m != nil {
		outputs["grafanaAdminPassword"] = pulumi.ToSecret(m.AdminPassword)
	}
	return &Result{Cluster: cl, Support: p.Support(cfg), Outputs: outputs}, nil
}
