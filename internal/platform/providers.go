package platform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers/eks"
	"github.com/mlkube/mlkube/providers/existing"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NewCluster is the signature every provider package exports as New.
type NewCluster func(ctx *pulumi.Context, cfg *config.Config) (*cluster.Cluster, error)

// providers maps cluster.provider values to provider packages.
var providers = map[string]NewCluster{
	config.ProviderEKS:      eks.New,
	config.ProviderExisting: existing.New,
}

func providerFor(kind string) (NewCluster, error) {
	p, ok := providers[kind]
	if !ok {
		var have []string
		for k := range providers {
			have = append(have, k)
		}
		sort.Strings(have)
		return nil, fmt.Errorf("cluster.provider: %q is not available in this version of mlkube (available: %s)", kind, strings.Join(have, ", "))
	}
	return p, nil
}
