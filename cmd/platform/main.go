// Command platform is the mlkube Pulumi program (Pulumi.yaml's main). It
// reads the stack configuration, stands up or adopts the cluster, installs
// the addons and deploys the workloads.
package main

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/platform"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg, err := config.FromContext(ctx, platform.Check)
		if err != nil {
			return err // every configuration problem, before any resource is registered
		}
		result, err := platform.Run(ctx, cfg)
		if err != nil {
			return err
		}
		for name, value := range result.Outputs {
			ctx.Export(name, value)
		}
		return nil
	})
}
