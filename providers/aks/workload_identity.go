package aks

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Azure Workload Identity: a pod labelled azure.workload.identity/use whose
// service account names a user-assigned identity's client ID gets a token
// that identity accepts through a federated credential for the cluster's
// OIDC issuer and exactly system:serviceaccount:NS:SA, audience
// api://AzureADTokenExchange (azure.github.io/azure-workload-identity/docs
// and learn.microsoft.com/azure/aks/workload-identity-overview, read
// 2026-12-04).
const (
	clientIDAnnotation = "azure.workload.identity/client-id"
	useLabel           = "azure.workload.identity/use"
	tokenAudience      = "api://AzureADTokenExchange"
	// Storage Blob Data Reader: read and list blobs of a container
	// (built-in role; azure-rbac-catalog.org, read 2026-12-04).
	roleStorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
)

// storageAccountRE is a storage account name: 3-24 lowercase letters and digits.
var storageAccountRE = regexp.MustCompile(`^[a-z0-9]{3,24}$`)

// blobContainer is one container a workload reads.
type blobContainer struct{ account, container string }

// parseAz is an az://account/container/prefix URI's account and container.
func parseAz(uri string) (blobContainer, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "az" || !storageAccountRE.MatchString(u.Host) {
		return blobContainer{}, false
	}
	container, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if container == "" {
		return blobContainer{}, false
	}
	return blobContainer{account: u.Host, container: container}, true
}

// blobContainers are the az:// locations' containers, once each, sorted.
// Other schemes are skipped: Validate refuses them in identity.read, and a
// model.source elsewhere is read without an Azure identity.
func blobContainers(uris []string) []blobContainer {
	seen := map[blobContainer]bool{}
	var out []blobContainer
	for _, uri := range uris {
		if c, ok := parseAz(uri); ok && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].account+"/"+out[i].container < out[j].account+"/"+out[j].container
	})
	return out
}

// containerScope is the resource ID of a blob container, the scope of a
// role assignment.
func containerScope(subscription, resourceGroup string, c blobContainer) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Storage/storageAccounts/%s/blobServices/default/containers/%s",
		subscription, resourceGroup, c.account, c.container)
}

// federatedSubject is the subject of one service account's tokens.
func federatedSubject(namespace, serviceAccount string) string {
	return "system:serviceaccount:" + namespace + ":" + serviceAccount
}

// workloadIdentity is the Cluster's WorkloadIdentity hook on AKS: a
// user-assigned identity per workload that trusts only the workload's
// service account through the cluster's OIDC issuer, with Storage Blob
// Data Reader on each container it reads (Azure RBAC cannot narrow a
// role to a prefix without conditions; the container is the limit).
func (b *builder) workloadIdentity(mc *containerservice.ManagedCluster, nw *clusterNetwork) cluster.WorkloadIdentityFunc {
	return func(ctx *pulumi.Context, req cluster.IdentityRequest) (cluster.Identity, error) {
		containers := blobContainers(req.Read)
		if len(containers) == 0 {
			return cluster.Identity{}, nil
		}
		name := b.Name + "-" + req.Name + "-reader"
		id, err := managedidentity.NewUserAssignedIdentity(ctx, name, &managedidentity.UserAssignedIdentityArgs{
			ResourceGroupName: nw.resourceGroup,
			ResourceName:      pulumi.String(name),
			Location:          pulumi.String(b.Cfg.Cluster.Region),
			Tags:              b.tags(),
		}, b.Opts()...)
		if err != nil {
			return cluster.Identity{}, err
		}
		fic, err := managedidentity.NewFederatedIdentityCredential(ctx, name, &managedidentity.FederatedIdentityCredentialArgs{
			ResourceGroupName:                       nw.resourceGroup,
			ResourceName:                            id.Name,
			FederatedIdentityCredentialResourceName: pulumi.String(req.Namespace + "-" + req.ServiceAccount),
			Issuer:                                  mc.OidcIssuerProfile.IssuerURL().Elem(),
			Subject:                                 pulumi.String(federatedSubject(req.Namespace, req.ServiceAccount)),
			Audiences:                               pulumi.StringArray{pulumi.String(tokenAudience)},
		}, b.Opts()...)
		if err != nil {
			return cluster.Identity{}, err
		}
		deps := []pulumi.Resource{id, fic}
		for _, c := range containers {
			grant, err := authorization.NewRoleAssignment(ctx, name+"-"+c.account+"-"+c.container, &authorization.RoleAssignmentArgs{
				PrincipalId:      id.PrincipalId,
				PrincipalType:    pulumi.String("ServicePrincipal"),
				RoleDefinitionId: b.roleDefinition(roleStorageBlobDataReader),
				Scope:            pulumi.String(containerScope(b.opts.SubscriptionID, b.opts.StorageAccounts[c.account], c)),
			}, b.Opts()...)
			if err != nil {
				return cluster.Identity{}, err
			}
			deps = append(deps, grant)
		}
		return cluster.Identity{
			Annotations: pulumi.StringMap{clientIDAnnotation: id.ClientId},
			PodLabels:   map[string]string{useLabel: "true"},
			// A pod that starts before its credential and grants exist
			// fails its first download: the workload waits for them.
			Resources: deps,
		}, nil
	}
}

// validateIdentities refuses read locations AKS cannot grant: identity.read
// must name az://account/container/... locations, and every storage
// account a workload reads must have its resource group in
// cluster.aks.storageAccounts.
func validateIdentities(p *config.Problems, cfg *config.Config, o Options) {
	missing := map[string][]string{}
	check := func(path string, id *config.Identity, reads []string) {
		if id != nil {
			for i, uri := range id.Read {
				if _, ok := parseAz(uri); !ok {
					p.Add(fmt.Sprintf("%s.identity.read[%d]", path, i), "%q is not an az://account/container/prefix URI: AKS workloads get Azure identities for Blob Storage only", uri)
				}
			}
		}
		for _, c := range blobContainers(reads) {
			if o.StorageAccounts[c.account] == "" && !slices.Contains(missing[c.account], path) {
				missing[c.account] = append(missing[c.account], path)
			}
		}
	}
	for i := range cfg.Workloads.Inference {
		s := &cfg.Workloads.Inference[i]
		check(fmt.Sprintf("workloads.inference[%d]", i), s.Identity, s.ReadURIs())
	}
	for i := range cfg.Workloads.Training {
		j := &cfg.Workloads.Training[i]
		check(fmt.Sprintf("workloads.training[%d]", i), j.Identity, j.ReadURIs())
	}
	accounts := make([]string, 0, len(missing))
	for a := range missing {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts)
	for _, a := range accounts {
		p.Add(optionsPath("storageAccounts", a), "is required: the resource group of storage account %q, which %s read (the identity is granted its containers there)", a, strings.Join(missing[a], ", "))
	}
	for _, a := range slices.Sorted(maps.Keys(o.StorageAccounts)) {
		rg := o.StorageAccounts[a]
		if !storageAccountRE.MatchString(a) {
			p.Add(optionsPath("storageAccounts"), "keys must be storage account names (3-24 lowercase letters and digits), got %q", a)
		}
		if rg == "" {
			p.Add(optionsPath("storageAccounts", a), "must name a resource group")
		}
	}
}
