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

// Provider is one cluster source.
type Provider struct {
	New NewCluster
	// Validate checks what only this provider knows (zones of a region,
	// GPUs of an instance type), returning config.Errors with key paths.
	// Nil when the generic validation is enough.
	Validate func(cfg *config.Config) error
}

// providers maps cluster.provider values to provider packages.
var providers = map[string]Provider{
	config.ProviderEKS:      {New: eks.New, Validate: eks.Validate},
	config.ProviderExisting: {New: existing.New},
}

func providerFor(kind string) (Provider, error) {
	p, ok := providers[kind]
	if !ok {
		var have []string
		for k := range providers {
			have = append(have, k)
		}
		sort.Strings(have)
		return Provider{}, fmt.Errorf("cluster.provider: %q is not available in this version of mlkube (available: %s)", kind, strings.Join(have, ", "))
	}
	return p, nil
}
